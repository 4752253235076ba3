import { describe, expect, it } from "vitest";
import { addProducedFiles, filePathAnnotations, producedImages } from "@/lib/runs/file-paths";
import type { StepToolCall } from "@/lib/runs/wire";

const codeCall = (files: { path: string; file_id: string }[], images: string[] = []): StepToolCall => ({
  id: "call_1",
  type: "code_interpreter",
  code_interpreter: {
    input: "…",
    outputs: [{ type: "logs", logs: "" }, ...images.map((file_id) => ({ type: "image" as const, image: { file_id } }))],
    files: files.map((file) => ({ ...file, filename: file.path.split("/").pop()!, bytes: 1 })),
  },
});

describe("file_path annotations", () => {
  const files = addProducedFiles(new Map(), [codeCall([{ path: "/mnt/data/report.csv", file_id: "file-csv" }, { path: "/mnt/data/out/v1.2.txt", file_id: "file-txt" }])]);

  it("annotates each sandbox link naming a file of the run, over the link text", () => {
    const text = "Here it is: [Download the report](sandbox:/mnt/data/report.csv). Also sandbox:/mnt/data/out/v1.2.txt.";
    const annotations = filePathAnnotations(text, files);
    expect(annotations).toEqual([
      { type: "file_path", text: "sandbox:/mnt/data/report.csv", start_index: text.indexOf("sandbox:/mnt/data/report.csv"), end_index: text.indexOf("sandbox:/mnt/data/report.csv") + 28, file_path: { file_id: "file-csv" } },
      { type: "file_path", text: "sandbox:/mnt/data/out/v1.2.txt", start_index: text.indexOf("sandbox:/mnt/data/out"), end_index: text.indexOf("sandbox:/mnt/data/out") + 30, file_path: { file_id: "file-txt" } },
    ]);
    for (const annotation of annotations) expect(text.slice(annotation.start_index, annotation.end_index)).toBe(annotation.text);
  });

  it("leaves links to files the run did not make, and text without links, alone", () => {
    expect(filePathAnnotations("see sandbox:/mnt/data/missing.csv or /mnt/data/report.csv", files)).toEqual([]);
    expect(filePathAnnotations("sandbox:/mnt/data/report.csv", new Map())).toEqual([]);
  });

  it("counts UTF-16 units, and keeps the newest file of a path written twice", () => {
    const again = addProducedFiles(files, [codeCall([{ path: "/mnt/data/report.csv", file_id: "file-csv-2" }])]);
    const text = "📈 sandbox:/mnt/data/report.csv";
    expect(filePathAnnotations(text, again)).toMatchObject([{ start_index: 3, end_index: 31, file_path: { file_id: "file-csv-2" } }]);
  });

  it("lists the charts of code calls in order, and nothing for other calls", () => {
    const search: StepToolCall = { id: "call_2", type: "file_search", file_search: { ranking_options: { ranker: "auto", score_threshold: 0 }, results: [] } } as never;
    expect(producedImages([codeCall([], ["file-a", "file-b"]), search, codeCall([], ["file-c"])])).toEqual(["file-a", "file-b", "file-c"]);
  });
});
