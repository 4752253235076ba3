import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { startScriptedModel, type ScriptedModel } from "../../scripts/scripted-model/server";
import { parseSse } from "./support/sse";

// What happens to runs across a restart and over time, on a server and database of this file's
// own (restarting the shared server would fail the other files' runs): a run streaming when the
// process is told to stop is stopped by it, visibly; one streaming when it is killed is ended by the
// next process, its text saved to within 2 s of what was streamed; a run left waiting for tool outputs
// expires after ATELIER_RUN_ACTION_TIMEOUT_SECONDS (2 s here).

const MODEL_KEY = "sk-restart-test";
let db: TestDatabase;
let model: ScriptedModel;
let app: AppServer;
let secret: string;
let adminKey: string;

const start = () =>
  startAppServer({
    databaseUrl: db.url,
    embedded: db.embedded,
    env: { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: MODEL_KEY, ATELIER_RUN_ACTION_TIMEOUT_SECONDS: "2", ...(secret && { ATELIER_SECRET: secret, ATELIER_ADMIN_KEY: adminKey }) },
  });

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${app.baseURL}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${app.adminKey}`, ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- response shapes vary per call
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

beforeAll(async () => {
  db = await createTestDatabase("runs-restart");
  model = await startScriptedModel({ apiKey: MODEL_KEY });
  secret = "";
  app = await start();
  secret = app.secret;
  adminKey = app.adminKey;
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await model?.close();
  await db?.drop();
});

/** Starts a long streamed run and reads until `deltas` deltas arrived; returns the text streamed so far and a reader to go on. */
async function streamingRun(deltas: number) {
  const assistant = await call("POST", "/assistants", { model: "scripted-1" });
  const thread = await call("POST", "/threads", { messages: [{ role: "user", content: "[[tokens: 2000]] [[delay: 20]]" }] });
  const response = await fetch(`${app.baseURL}/api/v1/threads/${thread.body.id}/runs`, {
    method: "POST",
    headers: { authorization: `Bearer ${app.adminKey}`, "content-type": "application/json" },
    body: JSON.stringify({ assistant_id: assistant.body.id, stream: true }),
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let raw = "";
  while (parseSse(raw).filter((event) => event.event === "thread.message.delta").length < deltas) raw += (await reader.read()).value ?? "";
  const runId = (JSON.parse(parseSse(raw)[0]!.data) as { id: string }).id;
  const streamed = () =>
    parseSse(raw)
      .filter((event) => event.event === "thread.message.delta")
      .map((event) => (JSON.parse(event.data) as { delta: { content: { text: { value: string } }[] } }).delta.content[0]!.text.value)
      .join("");
  /** Reads what is left until the connection ends (everything the server sent). */
  const drain = async () => {
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return;
      raw += chunk.value;
    }
  };
  return { assistant: assistant.body, threadId: thread.body.id as string, runId, streamed, drain };
}

async function lastMessage(threadId: string) {
  const messages = await call("GET", `/threads/${threadId}/messages?limit=1`);
  return messages.body.data[0] as { status: string; incomplete_details: unknown; content: { text: { value: string } }[] };
}

describe("runs across a restart", () => {
  it("SIGTERM: the process stops the run itself, saying so, with its text kept (graceful shutdown, 2 s grace here)", async () => {
    const run = await streamingRun(10);
    const stopped = app.stop();
    // While it drains: the balancer is told to look elsewhere, and new runs are refused (no model call).
    const health = await waitFor(() => fetch(`${app.baseURL}/api/health`).then(async (response) => ({ status: response.status, body: await response.json() })), (read) => read.status === 503, 1_500);
    expect(health).toMatchObject({ status: 503, body: { status: "shutting_down" } });
    const refused = await call("POST", `/threads/${run.threadId}/runs`, { assistant_id: run.assistant.id });
    expect(refused).toMatchObject({ status: 503, body: { error: { code: "shutting_down", type: "server_error" } } });
    // The stream goes on during the grace period and ends with the run's failure.
    const began = Date.now();
    await run.drain();
    await stopped;
    expect(Date.now() - began).toBeLessThan(9_000); // grace (2 s) + 5 s at most
    app = await start();
    const stored = await call("GET", `/threads/${run.threadId}/runs/${run.runId}`);
    expect(stored.body).toMatchObject({ status: "failed", last_error: { code: "server_error", message: expect.stringContaining("shutting down") } });
    const message = await lastMessage(run.threadId);
    expect(message).toMatchObject({ status: "incomplete", incomplete_details: { reason: "run_failed" } });
    expect(message.content[0]!.text.value).toMatch(/^tok1 tok2 tok3/);
    const steps = await call("GET", `/threads/${run.threadId}/runs/${run.runId}/steps`);
    expect((steps.body.data as { status: string }[]).map((step) => step.status)).toEqual(["failed"]);
    expect((await call("POST", `/threads/${run.threadId}/runs`, { assistant_id: run.assistant.id })).status).toBe(200);
  }, 60_000);

  it("SIGKILL: the run is ended within 30 s, keeping all but the last 2 s of the text that was streamed", async () => {
    const run = await streamingRun(150); // 150 × 20 ms: 3 s of text, more than one save
    await app.kill();
    await run.drain();
    const streamed = run.streamed();
    app = await start();
    // Its lease lapses (no heartbeat from the killed process), then whoever notices ends it: within 30 s.
    const killedAt = Date.now();
    const stored = await waitFor(() => call("GET", `/threads/${run.threadId}/runs/${run.runId}`), (read) => read.body.status !== "in_progress", 30_000);
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    expect(stored.body).toMatchObject({ status: "failed", last_error: { code: "server_error", message: expect.stringContaining("instance running this run stopped") } });
    const message = await lastMessage(run.threadId);
    expect(message).toMatchObject({ status: "incomplete", incomplete_details: { reason: "run_failed" } });
    const kept = message.content[0]!.text.value;
    expect(streamed.startsWith(kept)).toBe(true);
    // At 50 tokens/s, 2 s is ~100 tokens of "tokN " (≤ 9 characters each).
    expect(streamed.length - kept.length).toBeLessThanOrEqual(100 * 9);
    expect(kept.length).toBeGreaterThan(0);
    expect((await call("POST", `/threads/${run.threadId}/runs`, { assistant_id: run.assistant.id })).status).toBe(200);
  }, 60_000);

  it("expires a run whose tool outputs never came, and refuses outputs after that", async () => {
    const tool = { type: "function", function: { name: "lookup", parameters: { type: "object", properties: {} } } };
    const assistant = await call("POST", "/assistants", { model: "scripted-1", tools: [tool] });
    const thread = await call("POST", "/threads", { messages: [{ role: "user", content: "[[tool: lookup {}]]" }] });
    const created = await call("POST", `/threads/${thread.body.id}/runs`, { assistant_id: assistant.body.id });
    const path = `/threads/${thread.body.id}/runs/${created.body.id}`;
    const waiting = await waitFor(() => call("GET", path), (run) => run.body.status === "requires_action");
    expect(waiting.body.expires_at).toBeGreaterThan(0);
    const expired = await waitFor(() => call("GET", path), (run) => run.body.status === "expired", 8_000);
    expect(expired.body.status).toBe("expired");
    const steps = await call("GET", `${path}/steps`);
    expect((steps.body.data as { status: string }[])[0]!.status).toBe("expired");
    const late = await call("POST", `${path}/submit_tool_outputs`, { tool_outputs: [{ tool_call_id: (waiting.body.required_action as { submit_tool_outputs: { tool_calls: { id: string }[] } }).submit_tool_outputs.tool_calls[0]!.id, output: "x" }] });
    expect(late.status).toBe(400);
  }, 30_000);
});
