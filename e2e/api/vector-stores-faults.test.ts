import { readFile } from "node:fs/promises";
import pg from "pg";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chunkText } from "@/lib/ingest/chunk";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { markdown } from "./support/markdown";

// Ingestion under faults, on two `next start` instances sharing one Postgres server (pg-boss queue
// `atelier-ingest`), on a database of this file's own: a batch shared by both instances, the
// database's connections terminated mid-ingestion, an instance killed mid-batch and started again
// while the other works on, and jobs lost or run out (the sweep). After each: every file ingested
// exactly once (one completing commit in the servers' logs, its chunks exactly those one chunking
// of its text makes, its usage counted once in the store's), and any last_error in plain words.
// The embedded database runs a single instance and nothing to terminate: vector-stores-restart
// covers it.

const FILES = 8;
const INTERNALS = /SQLSTATE|57P01|terminat|administrator|ECONN|stack|at \w+ \(|relation|syntax|pg-boss/i;

let db: TestDatabase;
let admin: pg.Client;
let a: AppServer;
let b: AppServer;
const logFiles: string[] = [];
const env = { ATELIER_INGEST_SWEEP_SECONDS: "2" };

const sdk = (app: AppServer) => new OpenAI({ baseURL: `${app.baseURL}/api/v1`, apiKey: app.adminKey, maxRetries: 0 });

async function start(instance: string): Promise<AppServer> {
  const app = await startAppServer({ databaseUrl: db.url, env: { ...env, ATELIER_INSTANCE_ID: instance, ...(a && { ATELIER_SECRET: a.secret, ATELIER_ADMIN_KEY: a.adminKey }) } });
  logFiles.push(app.logFile);
  return app;
}

async function uploadBatch(app: AppServer, label: string, count: number, bytes: number) {
  const client = sdk(app);
  const files = await Promise.all(
    Array.from({ length: count }, (_, i) => client.files.create({ file: new File([markdown(bytes, label.length * 1000 + i)], `${label}-${i}.md`), purpose: "assistants" })),
  );
  const store = await client.vectorStores.create({ name: label });
  const batch = await client.vectorStores.fileBatches.create(store.id, { file_ids: files.map((f) => f.id) });
  return { storeId: store.id, batchId: batch.id, fileIds: files.map((f) => f.id) };
}

async function waitSettled(storeId: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await admin.query("SELECT count(*)::int AS n FROM vector_store_files WHERE vector_store_id = $1 AND status = 'in_progress'", [storeId]);
    if (rows[0].n === 0) return;
    if (Date.now() > until) throw new Error(`${rows[0].n} files of ${storeId} still in progress after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Completing commits per file, from every server's log (JSON lines). */
async function commitsByFile(): Promise<Map<string, number>> {
  const commits = new Map<string, number>();
  for (const file of logFiles) {
    for (const line of (await readFile(file, "utf8")).split("\n")) {
      if (!line.includes('"ingested a vector store file"')) continue;
      const entry = JSON.parse(line.slice(line.indexOf("{"))) as { fileId: string; committed: boolean };
      if (entry.committed) commits.set(entry.fileId, (commits.get(entry.fileId) ?? 0) + 1);
    }
  }
  return commits;
}

/** Every file of the store: completed (or failed in plain words), chunked exactly once, its usage counted once. */
async function expectIngestedOnce(storeId: string, fileIds: string[], o: { allowFailed?: boolean } = {}) {
  const { rows } = await admin.query(
    `SELECT vsf.file_id AS "fileId", vsf.status, vsf.last_error AS "lastError", vsf.chunk_count AS "chunkCount", vsf.usage_bytes::bigint AS usage, t.text,
       (SELECT coalesce(array_agg(c.start_offset ORDER BY c.seq), '{}') FROM chunks c WHERE c.vector_store_id = vsf.vector_store_id AND c.file_id = vsf.file_id) AS starts,
       (SELECT coalesce(array_agg(c.seq ORDER BY c.seq), '{}') FROM chunks c WHERE c.vector_store_id = vsf.vector_store_id AND c.file_id = vsf.file_id) AS seqs,
       (SELECT coalesce(sum(octet_length(c.text)), 0)::bigint FROM chunks c WHERE c.vector_store_id = vsf.vector_store_id AND c.file_id = vsf.file_id) AS bytes
     FROM vector_store_files vsf LEFT JOIN file_texts t ON t.file_id = vsf.file_id WHERE vsf.vector_store_id = $1`,
    [storeId],
  );
  expect(rows.map((row) => row.fileId).sort()).toEqual([...fileIds].sort());
  const commits = await commitsByFile();
  let completed = 0;
  for (const row of rows) {
    if (row.status === "failed" && o.allowFailed) {
      expect(row.lastError.message, row.fileId).not.toMatch(INTERNALS);
      expect(row.starts, row.fileId).toEqual([]);
      continue;
    }
    expect(row.status, `${row.fileId}: ${JSON.stringify(row.lastError)}`).toBe("completed");
    completed++;
    const expected = chunkText(row.text, { maxTokens: 800, overlapTokens: 400 });
    expect(row.chunkCount, row.fileId).toBe(expected.length);
    expect(row.seqs, row.fileId).toEqual(expected.map((_, i) => i));
    expect(row.starts, row.fileId).toEqual(expected.map((c) => c.start));
    expect(row.usage, row.fileId).toBe(row.bytes);
    expect(commits.get(row.fileId), `completing commits of ${row.fileId}`).toBe(1);
  }
  const store = await admin.query("SELECT usage_bytes::bigint AS usage FROM vector_stores WHERE id = $1", [storeId]);
  expect(store.rows[0].usage).toBe(String(rows.reduce((sum, row) => sum + Number(row.usage), 0)));
  return completed;
}

beforeAll(async () => {
  db = await createTestDatabase("vs-faults");
  if (db.embedded) return;
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  a = await start("ingest-a");
  b = await start("ingest-b");
}, 180_000);

afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await admin?.end();
  await db?.drop();
});

describe("ingestion faults on two instances", () => {
  it("two instances share a batch: every file ingested exactly once, file_counts right", async (context) => {
    if (db.embedded) context.skip();
    const { storeId, batchId, fileIds } = await uploadBatch(a, "shared", FILES, 400_000);
    await waitSettled(storeId, 90_000);
    expect(await expectIngestedOnce(storeId, fileIds)).toBe(FILES);
    const batch = await sdk(b).vectorStores.fileBatches.retrieve(batchId, { vector_store_id: storeId });
    expect(batch).toMatchObject({ status: "completed", file_counts: { completed: FILES, in_progress: 0, failed: 0, cancelled: 0, total: FILES } });
    expect((await sdk(a).vectorStores.retrieve(storeId)).file_counts).toMatchObject({ completed: FILES, total: FILES });
  }, 120_000);

  it("database connections terminated mid-ingestion: files still complete, once, or fail in plain words", async (context) => {
    if (db.embedded) context.skip();
    const { storeId, fileIds } = await uploadBatch(a, "terminated", FILES, 1_000_000);
    // Every 200 ms for 6 s: extraction, chunk inserts, commits, pg-boss's fetches and heartbeats.
    for (let i = 0; i < 30; i++) {
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { rows } = await admin.query("SELECT count(*)::int AS n FROM vector_store_files WHERE vector_store_id = $1 AND status = 'in_progress'", [storeId]);
    // The proof that the terminations hit ingestion under way, not a finished batch.
    expect(rows[0].n).toBeGreaterThan(0);
    await waitSettled(storeId, 150_000);
    await expectIngestedOnce(storeId, fileIds, { allowFailed: true });
  }, 200_000);

  it("an instance killed mid-batch and started again: the other's files are not taken, the dead one's are retried, each once", async (context) => {
    if (db.embedded) context.skip();
    const { storeId, fileIds } = await uploadBatch(a, "killed", FILES, 1_000_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await b.kill();
    b = await start("ingest-b");
    await waitSettled(storeId, 150_000);
    expect(await expectIngestedOnce(storeId, fileIds)).toBe(FILES);
  }, 240_000);

  it("the sweep queues a store file whose job was lost, gives one last attempt to one whose attempts ran out, then fails it", async (context) => {
    if (db.embedded) context.skip();
    const client = sdk(a);
    const store = await client.vectorStores.create({ name: "sweep" });
    const files = await Promise.all(["lost", "ran-out", "gave-up"].map((name, i) => client.files.create({ file: new File([markdown(20_000, 99 + i)], `${name}.md`), purpose: "assistants" })));
    const [lost, ranOut, gaveUp] = files.map((f) => f.id) as [string, string, string];
    const { rows } = await admin.query("SELECT workspace_id AS id FROM vector_stores WHERE id = $1", [store.id]);
    // Rows as a crash would leave them: in progress, and no job waiting or working on them. In one
    // transaction with the failed jobs below: a sweep must not see a row before its job.
    await admin.query("BEGIN");
    for (const fileId of [lost, ranOut, gaveUp]) {
      await admin.query("INSERT INTO vector_store_files (vector_store_id, file_id, workspace_id, created_at) VALUES ($1, $2, $3, now())", [store.id, fileId, rows[0].id]);
    }
    const failedJob = (fileId: string, data: object) =>
      admin.query("INSERT INTO pgboss.job (name, data, state, singleton_key, policy, completed_on) VALUES ('atelier-ingest', $1, 'failed', $2, 'exclusive', now())", [
        JSON.stringify({ vectorStoreId: store.id, fileId, ...data }),
        `${store.id}:${fileId}`,
      ]);
    await failedJob(ranOut, {});
    await failedJob(gaveUp, { lastChance: true });
    await admin.query("COMMIT");
    await waitSettled(store.id, 30_000);

    const states = async (fileId: string) => (await client.vectorStores.files.retrieve(fileId, { vector_store_id: store.id }));
    expect(await states(lost)).toMatchObject({ status: "completed", last_error: null });
    expect(await states(ranOut)).toMatchObject({ status: "completed", last_error: null });
    const last = await admin.query("SELECT data FROM pgboss.job WHERE name = 'atelier-ingest' AND singleton_key = $1 AND state = 'completed'", [`${store.id}:${ranOut}`]);
    expect(last.rows.map((row) => row.data.lastChance)).toEqual([true]);
    const failed = await states(gaveUp);
    expect(failed).toMatchObject({ status: "failed", last_error: { code: "server_error", message: expect.stringMatching(/^Ingestion stopped before it finished/) } });
    expect(failed.last_error!.message).not.toMatch(INTERNALS);
  }, 60_000);
});
