import { describe, expect, it } from "vitest";
import { citationMarker, fileCitations } from "@/lib/runs/citations";
import { citeText, messageCitations, rehypeCitationRefs, splitRefs, type FileCitationAnnotation } from "@/lib/playground/citations";

const sources = new Map([
  ["0:0", { fileId: "file-a" }],
  ["0:1", { fileId: "file-b" }],
]);
const A = citationMarker(0, 0, "otters.txt");
const B = citationMarker(0, 1, "fur.md");

/** The annotations the run engine stores for `text` (lib/runs/citations.ts). */
const annotate = (text: string) => fileCitations(text, sources) as FileCitationAnnotation[];

describe("citeText", () => {
  it("numbers cited spans in the order they are first cited, reusing a number for the same source", () => {
    const text = `Otters hold hands ${A}. Their fur is dense ${B}, as said ${A}.`;
    const cited = citeText(text, annotate(text));
    expect(splitRefs(cited.text)).toEqual(["Otters hold hands ", 1, ". Their fur is dense ", 2, ", as said ", 1, "."]);
    expect(cited.footnotes).toEqual([
      { number: 1, marker: A, fileId: "file-a", fileName: "otters.txt", source: { call: 0, result: 0 } },
      { number: 2, marker: B, fileId: "file-b", fileName: "fur.md", source: { call: 0, result: 1 } },
    ]);
  });

  it("leaves text without citations exactly as it is", () => {
    const text = "No sources here \uE0001\uE001.";
    expect(citeText(text, [])).toEqual({ text, footnotes: [] });
  });

  it("drops sentinels the model wrote itself, so only real citations become references", () => {
    const text = `Fake \uE0009\uE001 and real ${A}`;
    const cited = citeText(text, annotate(text));
    expect(splitRefs(cited.text)).toEqual(["Fake 9 and real ", 1]);
  });

  it("skips annotations that do not fit the text: out of range, overlapping, or not over their marker", () => {
    const text = `One ${A} two`;
    const [good] = annotate(text);
    const cited = citeText(text, [
      { ...good!, start_index: 0, end_index: 3 },
      good!,
      { ...good!, start_index: good!.start_index + 1, end_index: good!.end_index + 1 },
      { ...good!, start_index: 100, end_index: 110 },
    ]);
    expect(splitRefs(cited.text)).toEqual(["One ", 1, " two"]);
    expect(cited.footnotes).toHaveLength(1);
  });

  it("keeps a shortened marker as a footnote without a file name", () => {
    const text = "Short 【0:1】.";
    const cited = citeText(text, annotate(text));
    expect(cited.footnotes[0]).toMatchObject({ number: 1, fileId: "file-b", fileName: null, source: { call: 0, result: 1 } });
  });
});

describe("messageCitations", () => {
  it("moves each text part's indices by the text parts before it, as the chat joins them", () => {
    const first = `First ${A}`;
    const second = `Second ${B}`;
    const citations = messageCitations([
      { type: "text", text: { value: first, annotations: annotate(first) } },
      { type: "image_file", image_file: { file_id: "file-img", detail: "auto" } },
      { type: "text", text: { value: second, annotations: [...annotate(second), { type: "file_path", text: "x" }] } },
    ]);
    const joined = first + second;
    expect(citations.map((c) => joined.slice(c.start_index, c.end_index))).toEqual([A, B]);
  });
});

describe("rehypeCitationRefs", () => {
  it("turns references into sup elements, and into plain [n] inside code", () => {
    const tree = {
      type: "root",
      children: [
        { type: "element", tagName: "p", properties: {}, children: [{ type: "text", value: "Fact \uE0001\uE001 end" }] },
        { type: "element", tagName: "pre", properties: {}, children: [{ type: "element", tagName: "code", properties: {}, children: [{ type: "text", value: "x \uE0002\uE001" }] }] },
      ],
    };
    rehypeCitationRefs()(tree);
    expect(tree.children[0]!.children).toEqual([
      { type: "text", value: "Fact " },
      { type: "element", tagName: "sup", properties: { dataCitation: 1 }, children: [{ type: "text", value: "[1]" }] },
      { type: "text", value: " end" },
    ]);
    expect(tree.children[1]!.children[0]).toMatchObject({ children: [{ type: "text", value: "x " }, { type: "text", value: "[2]" }] });
  });
});
