import { describe, expect, it } from "vitest";
import { citationKey, citationMarker, fileCitations, parseCitationMarker } from "@/lib/runs/citations";

const sources = new Map([
  [citationKey(0, 0), { fileId: "file-a" }],
  [citationKey(0, 1), { fileId: "file-b" }],
  [citationKey(2, 0), { fileId: "file-c" }],
]);

describe("fileCitations", () => {
  it("annotates each known marker over its own characters, leaving the text as it is", () => {
    const text = `Rust is fast ${citationMarker(0, 0, "a.md")} and safe ${citationMarker(0, 1, "b.md")}.`;
    const annotations = fileCitations(text, sources);
    expect(annotations).toHaveLength(2);
    for (const annotation of annotations) expect(text.slice(annotation.start_index, annotation.end_index)).toBe(annotation.text);
    expect(annotations.map((a) => a.file_citation.file_id)).toEqual(["file-a", "file-b"]);
    expect(annotations[0]).toMatchObject({ type: "file_citation", text: "【0:0†a.md】", start_index: 13 });
  });

  it("counts indices in UTF-16 units, as JavaScript strings and OpenAI's SDKs do", () => {
    const text = "😀 é 【2:0†c.pdf】";
    const [annotation] = fileCitations(text, sources);
    expect(annotation!.start_index).toBe(5);
    expect(annotation!.end_index).toBe(text.length);
  });

  it("skips markers that name no result, and plain brackets", () => {
    const text = "x 【9:9†nope】 【source】 【0:0】";
    expect(fileCitations(text, sources)).toEqual([
      { type: "file_citation", text: "【0:0】", start_index: text.length - 5, end_index: text.length, file_citation: { file_id: "file-a" } },
    ]);
    expect(fileCitations("【0:0†a】", new Map())).toEqual([]);
  });

  it("keeps marker filenames free of the bracket characters that end a marker", () => {
    expect(citationMarker(1, 2, "we【ir】d.txt")).toBe("【1:2†weird.txt】");
  });
});

describe("parseCitationMarker", () => {
  it("reads the call, the result and the file name back from a marker", () => {
    expect(parseCitationMarker(citationMarker(3, 12, "notes【v2】.md"))).toEqual({ call: 3, result: 12, fileName: "notesv2.md" });
    expect(parseCitationMarker("【0:1】")).toEqual({ call: 0, result: 1, fileName: null });
    expect(parseCitationMarker("【0:1†source】")).toEqual({ call: 0, result: 1, fileName: null });
  });

  it("refuses anything that is not one whole marker", () => {
    for (const text of ["【source】", "x【0:1】", "【0:1】x", "[0:1]", "【a:1】"]) expect(parseCitationMarker(text)).toBeNull();
  });
});
