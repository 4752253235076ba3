import { afterEach, describe, expect, it, vi } from "vitest";
import { fileSearchAttachments, waitForThreadFiles } from "@/lib/playground/attachments";

// Waiting for a message's attached files to be indexed before its run starts, against a scripted
// /api/v1 (fetch stubbed): the thread names its newest store, whose files go from in_progress on.

const json = (value: unknown) => new Response(JSON.stringify(value), { headers: { "content-type": "application/json" } });

function scriptedApi(storeFiles: unknown[][], storeIds: string[] = ["vs_old", "vs_new"]) {
  const requests: string[] = [];
  let turn = 0;
  vi.stubGlobal("fetch", async (url: string) => {
    requests.push(url);
    if (url === "/api/v1/threads/thread_1") return json({ id: "thread_1", tool_resources: { file_search: { vector_store_ids: storeIds } } });
    if (url.startsWith("/api/v1/vector_stores/vs_new/files")) return json({ object: "list", data: storeFiles[Math.min(turn++, storeFiles.length - 1)] });
    return new Response(JSON.stringify({ error: { message: `no route ${url}` } }), { status: 404 });
  });
  return requests;
}

const file = (id: string, status: string, message?: string) => ({ id, status, last_error: message ? { code: "unsupported_file", message } : null });

afterEach(() => vi.unstubAllGlobals());

describe("waitForThreadFiles", () => {
  it("polls the thread's newest store until the attached files are indexed, then names those that failed", async () => {
    const requests = scriptedApi([
      [file("file-a", "in_progress"), file("file-b", "in_progress"), file("file-other", "in_progress")],
      [file("file-a", "completed"), file("file-b", "in_progress"), file("file-other", "in_progress")],
      [file("file-a", "completed"), file("file-b", "failed", "No text could be extracted."), file("file-other", "in_progress")],
    ]);
    const outcome = await waitForThreadFiles("thread_1", ["file-a", "file-b"], { intervalMs: 1 });
    expect(outcome).toEqual({ failed: [{ fileId: "file-b", message: "No text could be extracted." }], timedOut: false });
    // A file that is not this message's (still in progress) does not hold the run back.
    expect(requests.filter((url) => url.includes("vs_new")).length).toBe(3);
  });

  it("gives up after the timeout, saying so", async () => {
    scriptedApi([[file("file-a", "in_progress")]]);
    expect(await waitForThreadFiles("thread_1", ["file-a"], { intervalMs: 1, timeoutMs: 20 })).toEqual({ failed: [], timedOut: true });
  });

  it("does not wait for a thread without a store", async () => {
    const requests = scriptedApi([], []);
    expect(await waitForThreadFiles("thread_1", ["file-a"])).toEqual({ failed: [], timedOut: false });
    expect(requests).toEqual(["/api/v1/threads/thread_1"]);
  });
});

describe("fileSearchAttachments", () => {
  it("attaches each file for file_search, as the API takes them", () => {
    expect(fileSearchAttachments(["file-a", "file-b"])).toEqual([
      { file_id: "file-a", tools: [{ type: "file_search" }] },
      { file_id: "file-b", tools: [{ type: "file_search" }] },
    ]);
  });
});
