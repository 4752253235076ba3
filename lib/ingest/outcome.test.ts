import { describe, expect, it } from "vitest";
import { ExtractError } from "@/lib/ingest/extract";
import { chunkBytes, chunkColumns, classifyFailure } from "@/lib/ingest/outcome";

describe("classifyFailure", () => {
  it("records the file's own fault with its code and does not retry", () => {
    expect(classifyFailure(new ExtractError("unsupported_file", "Not a format Atelier reads."))).toEqual({
      retry: false,
      lastError: { code: "unsupported_file", message: "Not a format Atelier reads." },
    });
  });
  it("retries anything else and records it as server_error", () => {
    const out = classifyFailure(new Error("connection terminated\nstack"));
    expect(out.retry).toBe(true);
    expect(out.lastError).toEqual({ code: "server_error", message: "The file could not be ingested because of a server error (connection terminated)." });
  });
  it("says a timeout is one", () => {
    const error = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    expect(classifyFailure(error).lastError.message).toMatch(/^Ingestion timed out/);
  });
});

describe("chunkColumns and chunkBytes", () => {
  const chunks = ["a", "bé", "c"].map((text, i) => ({ text, tokenCount: i + 1, start: i * 10, end: i * 10 + text.length }));
  it("numbers rows by their place in the file across batches", () => {
    expect(chunkColumns(chunks, 1, 3)).toEqual({ seq: [1, 2], text: ["bé", "c"], tokens: [2, 3], start: [10, 20], end: [12, 21] });
  });
  it("counts UTF-8 bytes", () => {
    expect(chunkBytes(chunks)).toBe(1 + 3 + 1);
  });
});
