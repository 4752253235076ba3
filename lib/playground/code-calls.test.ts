import { describe, expect, it } from "vitest";
import { codeCallView, foldLogs, formatDuration } from "@/lib/playground/code-calls";

describe("codeCallView", () => {
  it("is running, with the code so far, until outputs or a timing arrive", () => {
    expect(codeCallView(undefined)).toEqual({ input: "", logs: null, images: [], files: [], sandbox: null, durationMs: null, ran: false });
    expect(codeCallView({ input: "print(", outputs: [] })).toMatchObject({ input: "print(", logs: null, ran: false });
    // Ran without printing: its logs are empty, not missing.
    expect(codeCallView({ input: "x = 1", outputs: [], duration_ms: 3 })).toMatchObject({ logs: "", ran: true, durationMs: 3 });
  });

  it("joins logs, lists images and files in order, and names a file by its path when it has no name", () => {
    const view = codeCallView({
      input: "plot()",
      outputs: [{ type: "logs", logs: "a" }, { type: "image", image: { file_id: "file-1" } }, { type: "logs", logs: "b" }, { type: "image", image: {} }],
      sandbox: "pyodide",
      files: [{ file_id: "file-2", path: "/mnt/data/out.csv", bytes: 10 }, { filename: "no id" }, { file_id: "file-3", filename: "x.txt" }],
    });
    expect(view).toEqual({
      input: "plot()",
      logs: "a\nb",
      images: ["file-1"],
      files: [
        { fileId: "file-2", filename: "out.csv", path: "/mnt/data/out.csv", bytes: 10 },
        { fileId: "file-3", filename: "x.txt", path: "", bytes: null },
      ],
      sandbox: "pyodide",
      durationMs: null,
      ran: true,
    });
  });

  it("skips holes a partly folded list may have", () => {
    expect(codeCallView({ outputs: [{ type: "logs", logs: "x" }], files: [, { file_id: "file-9", filename: "b.txt" }] }).files).toEqual([{ fileId: "file-9", filename: "b.txt", path: "", bytes: null }]);
  });
});

describe("formatDuration", () => {
  it("reads as people say it", () => {
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(120.4)).toBe("120 ms");
    expect(formatDuration(4210)).toBe("4.2 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(60_000)).toBe("1 min");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
  });
});

describe("foldLogs", () => {
  it("folds long logs to their first lines and says how many are left out", () => {
    expect(foldLogs("short\nlogs")).toBeNull();
    const lines = Array.from({ length: 100 }, (_, index) => `line ${index}`).join("\n");
    expect(foldLogs(lines)).toEqual({ head: Array.from({ length: 30 }, (_, index) => `line ${index}`).join("\n"), hiddenLines: 70 });
    // One very long line folds by characters.
    expect(foldLogs("x".repeat(10_000))).toEqual({ head: "x".repeat(4000), hiddenLines: 1 });
  });
});
