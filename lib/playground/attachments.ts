import { apiJson, seg } from "@/lib/playground/api-client";

// Files attached to a playground message, through the API like any client: they go with the
// message as `attachments` for file_search, and the API puts them in a vector store of the
// thread's own (lib/assistants/tool-resources.ts), where ingestion indexes them in the background.
// A run started at once would search before they are indexed, so the playground waits for them
// first, as OpenAI's own runs wait for a thread's stores.

export type MessageAttachment = { file_id: string; tools: { type: "file_search" }[] };

export const fileSearchAttachments = (fileIds: readonly string[]): MessageAttachment[] => fileIds.map((id) => ({ file_id: id, tools: [{ type: "file_search" }] }));

type StoreFile = { id: string; status: "in_progress" | "completed" | "failed" | "cancelled"; last_error: { code: string; message: string } | null };
type Thread = { tool_resources?: { file_search?: { vector_store_ids?: string[] } } | null };

export type IndexingOutcome = { failed: { fileId: string; message: string }[]; timedOut: boolean };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `fileIds` are indexed in the thread's newest vector store (the one the message's
 * attachments went into), or failed there, or `timeoutMs` passed; says which failed, and why.
 */
export async function waitForThreadFiles(threadId: string, fileIds: readonly string[], { timeoutMs = 60_000, intervalMs = 500 } = {}): Promise<IndexingOutcome> {
  const thread = await apiJson<Thread>(`/threads/${seg(threadId)}`);
  const storeId = thread.tool_resources?.file_search?.vector_store_ids?.at(-1);
  if (!storeId || fileIds.length === 0) return { failed: [], timedOut: false };
  const wanted = new Set(fileIds);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = await apiJson<{ data: StoreFile[] }>(`/vector_stores/${seg(storeId)}/files?limit=100`);
    const ours = page.data.filter((file) => wanted.has(file.id));
    if (ours.every((file) => file.status !== "in_progress")) {
      return { failed: ours.filter((file) => file.status !== "completed").map((file) => ({ fileId: file.id, message: file.last_error?.message ?? file.status })), timedOut: false };
    }
    if (Date.now() >= deadline) return { failed: [], timedOut: true };
    await sleep(intervalMs);
  }
}
