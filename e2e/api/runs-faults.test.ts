import pg from "pg";
import { waitFor } from "./support/wait";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { startScriptedModel, type ScriptedModel } from "../../scripts/scripted-model/server";

// The run engine under faults, on a server of this file's own with short limits: a model that
// hangs or stalls, a cancel before the first byte, a crowd of creates on a few threads, and the
// database's connections terminated while runs stream and finish. After each: every run ends,
// its run, message and steps agree, the model was called once per accepted run, and last_error
// says what happened in plain words.

const MODEL_KEY = "sk-faults-test";
let db: TestDatabase;
let model: ScriptedModel;
let app: AppServer;
let assistantId: string;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response shapes vary per call

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${app.baseURL}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${app.adminKey}`, ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

const TERMINAL = ["completed", "failed", "cancelled", "incomplete", "expired"];

async function newRun(content: string) {
  const thread = await call("POST", "/threads", { messages: [{ role: "user", content }] });
  const run = await call("POST", `/threads/${thread.body.id}/runs`, { assistant_id: assistantId });
  expect(run.status).toBe(200);
  return { threadId: thread.body.id as string, runId: run.body.id as string };
}

const ended = (threadId: string, runId: string, timeoutMs?: number) =>
  waitFor(() => call("GET", `/threads/${threadId}/runs/${runId}`), (run) => TERMINAL.includes(run.body.status), timeoutMs);

/** The run, its messages and its steps agree: the invariant every fault must keep. */
async function expectConsistent(threadId: string, runId: string) {
  const run = (await call("GET", `/threads/${threadId}/runs/${runId}`)).body;
  const messages = ((await call("GET", `/threads/${threadId}/messages?run_id=${runId}`)).body.data as Json[]);
  const steps = ((await call("GET", `/threads/${threadId}/runs/${runId}/steps`)).body.data as Json[]);
  expect(TERMINAL, `run ${runId}`).toContain(run.status);
  for (const message of messages) {
    expect(message.status, `message of a ${run.status} run`).toBe(run.status === "completed" ? "completed" : message.status === "completed" ? "completed" : "incomplete");
    if (run.status === "completed") expect(message.status).toBe("completed");
    if (message.status === "incomplete" && run.status !== "incomplete") expect(message.incomplete_details.reason).toBe(run.status === "cancelled" ? "run_cancelled" : "run_failed");
  }
  for (const step of steps) expect(step.status, `step of a ${run.status} run`).not.toBe("in_progress");
  if (run.last_error) expect(run.last_error.message).not.toMatch(/prisma|invocation|SQLSTATE|57P01|stack|at \w+ \(/i);
  return { run, messages, steps };
}

beforeAll(async () => {
  db = await createTestDatabase("runs-faults");
  model = await startScriptedModel({ apiKey: MODEL_KEY });
  app = await startAppServer({
    databaseUrl: db.url,
    embedded: db.embedded,
    env: { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: MODEL_KEY, ATELIER_MODEL_TIMEOUT_SECONDS: "1.5", ATELIER_MODEL_IDLE_TIMEOUT_SECONDS: "1" },
  });
  assistantId = (await call("POST", "/assistants", { model: "scripted-1" })).body.id;
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await model?.close();
  await db?.drop();
});

describe("run faults", () => {
  it("a model that accepts and never answers fails the run, saying which timeout, and frees the thread", async () => {
    const { threadId, runId } = await newRun("[[first-delay: 600000]] hello");
    const run = await ended(threadId, runId, 10_000);
    expect(run.body).toMatchObject({ status: "failed", last_error: { code: "server_error", message: expect.stringContaining("ATELIER_MODEL_TIMEOUT_SECONDS") } });
    await expectConsistent(threadId, runId);
    expect((await call("POST", `/threads/${threadId}/runs`, { assistant_id: assistantId })).status).toBe(200);
  });

  it("a model that stalls mid-answer fails the run and keeps the text it sent", async () => {
    const { threadId, runId } = await newRun("[[tokens: 50]] [[delay: 600000]]");
    const run = await ended(threadId, runId, 10_000);
    expect(run.body.last_error.message).toContain("ATELIER_MODEL_IDLE_TIMEOUT_SECONDS");
    const { messages, steps } = await expectConsistent(threadId, runId);
    expect(messages[0]).toMatchObject({ status: "incomplete", content: [{ text: { value: expect.stringMatching(/^tok1/) } }] });
    expect(steps[0]).toMatchObject({ status: "failed" });
  });

  it("cancelling before the model's first byte ends the run cancelled, with cancelled_at", async () => {
    const { threadId, runId } = await newRun("[[first-delay: 1000]] hello");
    const cancel = await call("POST", `/threads/${threadId}/runs/${runId}/cancel`);
    expect(cancel.status).toBe(200);
    expect(["cancelling", "cancelled"]).toContain(cancel.body.status);
    const run = await ended(threadId, runId);
    expect(run.body).toMatchObject({ status: "cancelled", last_error: null, cancelled_at: expect.any(Number) });
    await expectConsistent(threadId, runId);
  });

  it("refused runs never reach the model: 100 parallel creates on 5 threads", async () => {
    // Each accepted run streams for ~20 s, far longer than the creates take even on a busy machine.
    const threads = await Promise.all(Array.from({ length: 5 }, () => call("POST", "/threads", { messages: [{ role: "user", content: "[[tokens: 40]] [[delay: 500]]" }] })));
    model.clear();
    const creates = await Promise.all(Array.from({ length: 100 }, (_, i) => call("POST", `/threads/${threads[i % 5]!.body.id}/runs`, { assistant_id: assistantId })));
    const accepted = creates.filter((create) => create.status === 200);
    const refused = creates.filter((create) => create.status === 400);
    expect(accepted).toHaveLength(5);
    expect(refused).toHaveLength(95);
    for (const create of refused) expect(create.body.error.code).toBe("thread_busy");
    await waitFor(async () => model.requests.length, (count) => count >= 5, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for a stray request to show up
    expect(model.requests).toHaveLength(5);
    await Promise.all(accepted.map((create) => call("POST", `/threads/${create.body.thread_id}/runs/${create.body.id}/cancel`)));
    for (const create of accepted) await expectConsistent(create.body.thread_id, (await ended(create.body.thread_id, create.body.id)).body.id);
  });

  it("database connections terminated while runs stream and finish: every run ends, consistent", async (context) => {
    // The embedded database is one connection inside the test's own process: nothing to terminate.
    if (db.embedded) context.skip();
    const runs = await Promise.all(Array.from({ length: 12 }, (_, i) => newRun(`[[tokens: ${20 + i * 10}]] [[delay: 25]]`)));
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      // Every ~150 ms for 4 s: mid-stream, at text saves, and as runs finish (0.5 s to 3.5 s in).
      for (let i = 0; i < 26; i++) {
        await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    } finally {
      await admin.end();
    }
    for (const { threadId, runId } of runs) {
      const run = await ended(threadId, runId, 30_000);
      expect(TERMINAL, runId).toContain(run.body.status);
      const { messages } = await expectConsistent(threadId, runId);
      if (run.body.status === "completed") expect(messages[0]!.content[0].text.value.trim().split(" ").length).toBeGreaterThanOrEqual(20);
    }
  }, 90_000);
});
