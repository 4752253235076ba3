import { randomBytes } from "node:crypto";
import { BadRequestError, NotFoundError, toFile, type OpenAI } from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api, sdkClient } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// Vector stores through the official `openai` SDK (baseURL and apiKey changed only), its helpers
// (createAndPoll, uploadAndPoll, search) unchanged, every response checked against the vendored
// contract. Ingestion runs in the suite's app server, in the background.

let ws: TestWorkspace;
let other: TestWorkspace;
let sdk: ReturnType<typeof sdkClient>;
let client: OpenAI;
const poll = { pollIntervalMs: 200 };

beforeAll(async () => {
  ({ ws, other } = await provision(async (lib) => ({ ws: await createTestWorkspace(lib, "vs"), other: await createTestWorkspace(lib, "vs-other") })));
  sdk = sdkClient(ws.apiKey);
  client = sdk.client;
});

afterEach(() => {
  expect(sdk.contractViolations(), "every response must match the OpenAI contract").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(async () => {
  await releaseDatabase();
});

const DOCS = {
  "refunds.md": "# Refunds\n\nCustomers may return shoes within 30 days for a full refund. Refunds go back to the original card.",
  "shipping.md": "# Shipping\n\nOrders ship within two business days. Express shipping costs 15 euros and arrives the next day.",
  "warranty.txt": "Every bicycle carries a five year warranty on the frame. Wheels and tyres are covered for one year.",
};

const upload = (name: keyof typeof DOCS) =>
  client.files.create({ file: new File([DOCS[name]], name), purpose: "assistants" });

const storeRows = (storeId: string) =>
  provision(async (lib) => {
    const db = lib.db.getDb();
    return {
      stores: await db.vectorStore.count({ where: { id: storeId } }),
      files: await db.vectorStoreFile.count({ where: { vectorStoreId: storeId } }),
      chunks: await db.chunk.count({ where: { vectorStoreId: storeId } }),
    };
  });

async function waitForStore(id: string) {
  for (let i = 0; i < 150; i++) {
    const store = await client.vectorStores.retrieve(id);
    if (store.status !== "in_progress") return store;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`store ${id} still in progress`);
}

describe("vector stores", () => {
  let storeId: string;
  const fileIds: Record<string, string> = {};

  it("creates a store with file_ids, ingests them in the background and counts them", async () => {
    for (const name of Object.keys(DOCS) as (keyof typeof DOCS)[]) fileIds[name] = (await upload(name)).id;
    const created = await client.vectorStores.create({
      name: "support",
      file_ids: [fileIds["refunds.md"]!, fileIds["shipping.md"]!],
      metadata: { team: "care" },
      expires_after: { anchor: "last_active_at", days: 7 },
    });
    storeId = created.id;
    expect(created).toMatchObject({ object: "vector_store", name: "support", metadata: { team: "care" }, expires_after: { anchor: "last_active_at", days: 7 } });
    expect(created.file_counts.total).toBe(2);
    const done = await waitForStore(storeId);
    expect(done.status).toBe("completed");
    expect(done.file_counts).toEqual({ in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2 });
    expect(done.usage_bytes).toBeGreaterThan(0);
    expect(done.expires_at).toBeGreaterThan(done.created_at);
  });

  it("adds a file with createAndPoll, attributes and a static chunking strategy", async () => {
    const file = await client.vectorStores.files.createAndPoll(
      storeId,
      { file_id: fileIds["warranty.txt"]!, attributes: { category: "warranty", year: 2024 }, chunking_strategy: { type: "static", static: { max_chunk_size_tokens: 200, chunk_overlap_tokens: 50 } } },
      poll,
    );
    expect(file).toMatchObject({ id: fileIds["warranty.txt"], object: "vector_store.file", status: "completed", last_error: null, vector_store_id: storeId });
    expect(file.chunking_strategy).toEqual({ type: "static", static: { max_chunk_size_tokens: 200, chunk_overlap_tokens: 50 } });
    const content = await client.vectorStores.files.content(file.id, { vector_store_id: storeId });
    expect(content.data[0]?.text).toContain("five year warranty");
  });

  it("uploads a batch with uploadAndPoll, and a file that cannot be parsed fails with last_error", async () => {
    const garbage = Buffer.concat([Buffer.from([0x00, 0xff, 0xfe, 0x00]), randomBytes(4096)]);
    const batch = await client.vectorStores.fileBatches.uploadAndPoll(
      storeId,
      { files: [await toFile(Buffer.from("Gift cards never expire and can be used online."), "gift-cards.md"), await toFile(garbage, "blob.bin")] },
      poll,
    );
    expect(batch).toMatchObject({ object: "vector_store.files_batch", status: "completed", vector_store_id: storeId });
    expect(batch.file_counts).toEqual({ in_progress: 0, completed: 1, failed: 1, cancelled: 0, total: 2 });
    const files = await client.vectorStores.fileBatches.listFiles(batch.id, { vector_store_id: storeId });
    const failed = files.data.find((f) => f.status === "failed")!;
    expect(failed.last_error?.code).toMatch(/^(unsupported_file|invalid_file)$/);
    expect(failed.last_error?.message.length).toBeGreaterThan(10);
    const onlyFailed = await client.vectorStores.files.list(storeId, { filter: "failed" });
    expect(onlyFailed.data.map((f) => f.id)).toEqual([failed.id]);
    const completed = await client.vectorStores.files.list(storeId, { filter: "completed" });
    expect(completed.data).toHaveLength(4);
    const store = await client.vectorStores.retrieve(storeId);
    expect(store.file_counts).toEqual({ in_progress: 0, completed: 4, failed: 1, cancelled: 0, total: 5 });
  });

  it("searches with a string, an array, max_num_results and score_threshold", async () => {
    const page = await client.vectorStores.search(storeId, { query: "how do refunds work for shoes?" });
    expect(page.data[0]).toMatchObject({ file_id: fileIds["refunds.md"], filename: "refunds.md" });
    expect(page.data[0]!.content[0]!.text).toContain("full refund");
    for (const hit of page.data) {
      expect(hit.score).toBeGreaterThan(0);
      expect(hit.score).toBeLessThanOrEqual(1);
    }
    const scores = page.data.map((hit) => hit.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    const both = await client.vectorStores.search(storeId, { query: ["express shipping", "bicycle warranty"], max_num_results: 50 });
    expect(new Set(both.data.map((hit) => hit.filename))).toEqual(new Set(["shipping.md", "warranty.txt"]));
    const one = await client.vectorStores.search(storeId, { query: ["express shipping", "bicycle warranty"], max_num_results: 1 });
    expect(one.data).toHaveLength(1);

    const none = await client.vectorStores.search(storeId, { query: "refund", ranking_options: { score_threshold: 0.99 } });
    expect(none.data).toEqual([]);
    const nothing = await client.vectorStores.search(storeId, { query: "zeppelin" });
    expect(nothing.data).toEqual([]);
  });

  it("filters on attributes (eq, and, or) and updates them", async () => {
    const eq = await client.vectorStores.search(storeId, { query: "warranty refund shipping", filters: { type: "eq", key: "category", value: "warranty" } });
    expect(eq.data.map((hit) => hit.filename)).toEqual(["warranty.txt"]);
    expect(eq.data[0]!.attributes).toEqual({ category: "warranty", year: 2024 });

    const updated = await client.vectorStores.files.update(fileIds["refunds.md"]!, { vector_store_id: storeId, attributes: { category: "money", year: 2023 } });
    expect(updated.attributes).toEqual({ category: "money", year: 2023 });

    const and = await client.vectorStores.search(storeId, {
      query: "warranty refund shipping",
      filters: { type: "and", filters: [{ type: "gte", key: "year", value: 2023 }, { type: "ne", key: "category", value: "warranty" }] },
    });
    expect(and.data.map((hit) => hit.filename)).toEqual(["refunds.md"]);
    const or = await client.vectorStores.search(storeId, {
      query: "warranty refund shipping",
      max_num_results: 50,
      filters: { type: "or", filters: [{ type: "eq", key: "category", value: "money" }, { type: "eq", key: "category", value: "warranty" }] },
    });
    expect(new Set(or.data.map((hit) => hit.filename))).toEqual(new Set(["refunds.md", "warranty.txt"]));
  });

  it("lists, modifies and pages stores", async () => {
    const second = await client.vectorStores.create({ name: "empty" });
    expect(second.status).toBe("completed");
    const list = await client.vectorStores.list({ limit: 1 });
    expect(list.data.map((s) => s.id)).toEqual([second.id]);
    expect(list.has_more).toBe(true);
    const next = await client.vectorStores.list({ limit: 1, after: second.id });
    expect(next.data.map((s) => s.id)).toEqual([storeId]);
    const modified = await client.vectorStores.update(second.id, { name: "renamed", metadata: { a: "b" }, expires_after: null });
    expect(modified).toMatchObject({ name: "renamed", metadata: { a: "b" } });
    expect((await client.vectorStores.delete(second.id)).deleted).toBe(true);
  });

  it("removes a file from the store (usage and counts follow), and deleting a file removes it everywhere", async () => {
    const before = await client.vectorStores.retrieve(storeId);
    const removed = await client.vectorStores.files.delete(fileIds["shipping.md"]!, { vector_store_id: storeId });
    expect(removed).toEqual({ id: fileIds["shipping.md"], object: "vector_store.file.deleted", deleted: true });
    const after = await client.vectorStores.retrieve(storeId);
    expect(after.file_counts.total).toBe(before.file_counts.total - 1);
    expect(after.usage_bytes).toBeLessThan(before.usage_bytes);
    expect((await client.vectorStores.search(storeId, { query: "express shipping" })).data.map((h) => h.filename)).not.toContain("shipping.md");
    expect((await client.files.retrieve(fileIds["shipping.md"]!)).id).toBe(fileIds["shipping.md"]);

    await client.files.delete(fileIds["warranty.txt"]!);
    const gone = await client.vectorStores.retrieve(storeId);
    expect(gone.file_counts.total).toBe(after.file_counts.total - 1);
    expect(gone.usage_bytes).toBeLessThan(after.usage_bytes);
    await expect(client.vectorStores.files.retrieve(fileIds["warranty.txt"]!, { vector_store_id: storeId })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses unknown and foreign ids with nothing written", async () => {
    const theirs = sdkClient(other.apiKey).client;
    const foreignFile = await theirs.files.create({ file: new File(["their text"], "x.md"), purpose: "assistants" });
    const storesBefore = await provision((lib) => lib.db.getDb().vectorStore.count({ where: { workspaceId: ws.id } }));
    const error = await client.vectorStores.create({ file_ids: [fileIds["refunds.md"]!, foreignFile.id] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).param).toBe("file_ids[1]");
    expect(await provision((lib) => lib.db.getDb().vectorStore.count({ where: { workspaceId: ws.id } }))).toBe(storesBefore);

    const filesBefore = await storeRows(storeId);
    await expect(client.vectorStores.files.create(storeId, { file_id: "file-nope" })).rejects.toBeInstanceOf(BadRequestError);
    await expect(client.vectorStores.fileBatches.create(storeId, { file_ids: [fileIds["refunds.md"]!, "file-nope"] })).rejects.toBeInstanceOf(BadRequestError);
    expect(await storeRows(storeId)).toEqual(filesBefore);

    await expect(client.vectorStores.retrieve("vs_nope")).rejects.toBeInstanceOf(NotFoundError);
    const foreignStore = await theirs.vectorStores.create({ name: "theirs" });
    await expect(client.vectorStores.retrieve(foreignStore.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.vectorStores.search(foreignStore.id, { query: "x" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.vectorStores.files.create(foreignStore.id, { file_id: fileIds["refunds.md"]! })).rejects.toBeInstanceOf(NotFoundError);
    const bad = await api("POST", `/vector_stores/${storeId}/search`, { key: ws.apiKey, json: { query: "x", max_num_results: 51 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe("max_num_results");
  });

  it("deletes the store with its chunks; the files stay", async () => {
    expect(await client.vectorStores.delete(storeId)).toEqual({ id: storeId, object: "vector_store.deleted", deleted: true });
    expect(await storeRows(storeId)).toEqual({ stores: 0, files: 0, chunks: 0 });
    expect((await client.files.retrieve(fileIds["refunds.md"]!)).id).toBe(fileIds["refunds.md"]);
  });
});
