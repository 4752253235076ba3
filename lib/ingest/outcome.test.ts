import { describe, expect, it } from "vitest";
import { ExtractError } from "@/lib/ingest/extract";
import { chunkBytes, chunkColumns, classifyFailure, embeddingFailure, sweepAction } from "@/lib/ingest/outcome";

const WHERE = "vs_abc:file-xyz";

describe("classifyFailure", () => {
  it("records the file's own fault with its code and does not retry", () => {
    expect(classifyFailure(new ExtractError("unsupported_file", "Not a format Atelier reads."), WHERE)).toEqual({
      retry: false,
      lastError: { code: "unsupported_file", message: "Not a format Atelier reads." },
    });
  });

  it("retries anything else and records it as server_error without the error's own words", () => {
    const out = classifyFailure(new Error('relation "chunks" does not exist\n    at Parser.parseErrorMessage'), WHERE);
    expect(out.retry).toBe(true);
    expect(out.lastError).toEqual({ code: "server_error", message: `Atelier hit an internal error while ingesting this file; the server log has the details under ${WHERE}.` });
  });

  it("says a lost database connection is one, in plain words", () => {
    const terminated = Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01", severity: "FATAL" });
    const cut = new Error("Connection terminated unexpectedly");
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    for (const error of [terminated, cut, refused]) {
      const { retry, lastError } = classifyFailure(error, WHERE);
      expect(retry).toBe(true);
      expect(lastError.message).toMatch(/lost its connection to the database/);
      expect(lastError.message).not.toMatch(/57P01|administrator|ECONNREFUSED|5432/);
    }
  });

  it("passes the embedding model's failure through, retried", () => {
    const failure = embeddingFailure(new Error("Incorrect API key provided: …3f9a"), { model: "openai/text-embedding-3-small", timeoutSeconds: 60 });
    expect(classifyFailure(failure, WHERE)).toEqual({
      retry: true,
      lastError: { code: "server_error", message: "The embedding model openai/text-embedding-3-small failed: Incorrect API key provided: …3f9a" },
    });
  });
});

describe("embeddingFailure", () => {
  const o = { model: "scripted-embed", timeoutSeconds: 2 };
  it("names the setting a deadline comes from, however the SDK wrapped the abort", () => {
    const expected = "The embedding model scripted-embed did not answer within ATELIER_EMBEDDING_TIMEOUT_SECONDS (2 s).";
    expect(embeddingFailure(new DOMException("The operation was aborted due to timeout", "TimeoutError"), o).message).toBe(expected);
    expect(embeddingFailure(new Error("Failed after 3 attempts. Last error: This operation was aborted"), o).message).toBe(expected);
  });
  it("quotes the provider's first line otherwise", () => {
    expect(embeddingFailure(new Error("Not Found\nbody"), o).message).toBe("The embedding model scripted-embed failed: Not Found");
  });
});

describe("sweepAction", () => {
  it("queues a file no job ever had, gives one last attempt after the queue gave up, then fails it", () => {
    expect(sweepAction({ failed: false, lastChanceFailed: false })).toBe("send");
    expect(sweepAction({ failed: true, lastChanceFailed: false })).toBe("last_chance");
    expect(sweepAction({ failed: true, lastChanceFailed: true })).toBe("give_up");
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
