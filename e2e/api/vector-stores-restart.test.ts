import pg from "pg";
import OpenAI from "openai";
import { afterAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { startScriptedModel, type ScriptedModel } from "../../scripts/scripted-model/server";
import { markdown } from "./support/markdown";

// Ingestion survives its process: an app server SIGKILLed while a file is `in_progress` leaves it
// so, and the next server (or the pg-boss retry of the dead worker's job) completes it. Twice:
// on a Postgres server (pg-boss queue `atelier-ingest`: the lost job's heartbeat lapses, it is
// retried), and on the embedded database (in-process queue: start-up's sweep queues what is left), the
// latter with embeddings from the scripted model, slowed down, so semantic search is checked too.

const MODEL_KEY = "sk-vs-restart";

type Setup = { db: TestDatabase; app: AppServer; model?: ScriptedModel };
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

async function statusOf(db: TestDatabase, storeId: string): Promise<{ status: string; chunk_count: number } | undefined> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT status, chunk_count FROM vector_store_files WHERE vector_store_id = $1", [storeId]);
    return rows[0];
  } finally {
    await client.end();
  }
}

const sdkFor = (app: AppServer) => new OpenAI({ baseURL: `${app.baseURL}/api/v1`, apiKey: app.adminKey });

async function waitCompleted(client: OpenAI, storeId: string, fileId: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const file = await client.vectorStores.files.retrieve(fileId, { vector_store_id: storeId });
    if (file.status !== "in_progress" || Date.now() > until) return file;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function crashAndResume(setup: Setup, env: Record<string, string>, content: string, timeoutMs: number) {
  let client = sdkFor(setup.app);
  const file = await client.files.create({ file: new File([content], "manual.md"), purpose: "assistants" });
  const store = await client.vectorStores.create({ name: "manual", file_ids: [file.id] });
  await new Promise((resolve) => setTimeout(resolve, 700));
  await setup.app.kill();
  // Dead before it could finish: the proof that what follows is a resumption.
  expect(await statusOf(setup.db, store.id)).toMatchObject({ status: "in_progress", chunk_count: 0 });
  setup.app = await startAppServer({ databaseUrl: setup.db.url, embedded: setup.db.embedded, env: { ...env, ATELIER_SECRET: setup.app.secret, ATELIER_ADMIN_KEY: setup.app.adminKey } });
  cleanups.push(() => setup.app.stop());
  client = sdkFor(setup.app);
  const done = await waitCompleted(client, store.id, file.id, timeoutMs);
  expect(done).toMatchObject({ status: "completed", last_error: null });
  // The embedded database takes one connection at a time, and the app holds it now.
  if (!setup.db.embedded) expect((await statusOf(setup.db, store.id))!.chunk_count).toBeGreaterThan(0);
  return { client, storeId: store.id, fileId: file.id };
}

describe("ingestion after a crash", () => {
  it("on a Postgres server (pg-boss): the dead worker's job is retried and the file completes", async () => {
    const db = await createTestDatabase("vs-restart");
    cleanups.push(() => db.drop());
    if (db.embedded) return; // the embedded case below covers that database
    const app = await startAppServer({ databaseUrl: db.url });
    cleanups.push(() => app.stop());
    const { client, storeId } = await crashAndResume({ db, app }, {}, markdown(19_000_000), 90_000);
    const page = await client.vectorStores.search(storeId, { query: "warranty5 bicycle11" });
    expect(page.data.length).toBeGreaterThan(0);
  }, 180_000);

  it("on the embedded database (in-process queue, embeddings): start-up re-queues the file", async () => {
    const previous = process.env.ATELIER_TEST_DB;
    process.env.ATELIER_TEST_DB = "embedded";
    const db = await createTestDatabase("vs-restart-embedded").finally(() => {
      if (previous === undefined) delete process.env.ATELIER_TEST_DB;
      else process.env.ATELIER_TEST_DB = previous;
    });
    cleanups.push(() => db.drop());
    const model = await startScriptedModel({ apiKey: MODEL_KEY });
    cleanups.push(() => model.close());
    const env = { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: MODEL_KEY, ATELIER_EMBEDDING_MODEL: "scripted-embed", ATELIER_EMBEDDING_TIMEOUT_SECONDS: "2" };
    const app = await startAppServer({ databaseUrl: db.url, embedded: true, env });
    cleanups.push(() => app.stop());
    // Each embeddings request of this file waits 1.5 s (the scripted model's directive in the text).
    const text = "# Returns\n\nShoes may be returned within thirty days for a refund. [[delay: 1500]]\n\n# Bikes\n\nBicycle frames carry a five year warranty.";
    const { client, storeId } = await crashAndResume({ db, app, model }, env, text, 60_000);
    const page = await client.vectorStores.search(storeId, { query: "bicycle warranty" });
    expect(page.data[0]?.content[0]?.text).toContain("warranty");
    expect(model.requests.filter((r) => r.path.includes("/embeddings")).length).toBeGreaterThanOrEqual(3);
    expect(page.data[0]?.score).toBeGreaterThan(0);

    // A provider that hangs: each attempt gives up after ATELIER_EMBEDDING_TIMEOUT_SECONDS, the
    // attempts run out, and the file fails with server_error; search keeps working meanwhile.
    const hanging = await client.files.create({ file: new File(["Parcels are tracked by email. [[delay: 30000]]"], "hang.md"), purpose: "assistants" });
    const file = await client.vectorStores.files.create(storeId, { file_id: hanging.id });
    expect(file.status).toBe("in_progress");
    expect((await client.vectorStores.search(storeId, { query: "bicycle" })).data.length).toBeGreaterThan(0);
    const failed = await waitCompleted(client, storeId, hanging.id, 60_000);
    expect(failed.status).toBe("failed");
    expect(failed.last_error).toEqual({ code: "server_error", message: "The embedding model scripted-embed did not answer within ATELIER_EMBEDDING_TIMEOUT_SECONDS (2 s)." });
  }, 180_000);
});
