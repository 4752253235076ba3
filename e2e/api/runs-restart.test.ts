import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { startScriptedModel, type ScriptedModel } from "../../scripts/scripted-model/server";
import { parseSse } from "./support/sse";

// What happens to runs across a restart and over time, on a server and database of this file's
// own (restarting the shared server would fail the other files' runs): a run streaming when the
// process stops is failed, visibly, by the next process; a run left waiting for tool outputs
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

describe("runs across a restart", () => {
  it("fails a run that was streaming when the process stopped, keeping its partial message", async () => {
    const assistant = await call("POST", "/assistants", { model: "scripted-1" });
    const thread = await call("POST", "/threads", { messages: [{ role: "user", content: "[[tokens: 2000]] [[delay: 20]]" }] });
    const response = await fetch(`${app.baseURL}/api/v1/threads/${thread.body.id}/runs`, {
      method: "POST",
      headers: { authorization: `Bearer ${app.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ assistant_id: assistant.body.id, stream: true }),
    });
    // Read until some text has streamed (and been written: the engine flushes on its schedule).
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (parseSse(text).filter((event) => event.event === "thread.message.delta").length < 10) text += (await reader.read()).value ?? "";
    const runId = (JSON.parse(parseSse(text)[0]!.data) as { id: string }).id;
    // The engine writes text in batches (lib/runs/execute.ts); stop once the first batch is stored.
    const flushed = await waitFor(
      () => call("GET", `/threads/${thread.body.id}/messages?limit=1`),
      (list) => (list.body.data[0]?.content?.[0]?.text?.value ?? "").length > 0,
      15_000,
    );
    expect(flushed.body.data[0].status).toBe("in_progress");
    await app.stop();
    app = await start();
    const run = await call("GET", `/threads/${thread.body.id}/runs/${runId}`);
    expect(run.body).toMatchObject({ status: "failed", last_error: { code: "server_error", message: expect.stringContaining("restarted") } });
    const messages = await call("GET", `/threads/${thread.body.id}/messages?limit=1`);
    const [message] = messages.body.data as { status: string; incomplete_details: unknown; content: { text: { value: string } }[] }[];
    expect(message).toMatchObject({ status: "incomplete", incomplete_details: { reason: "run_failed" } });
    expect(message!.content[0]!.text.value).toMatch(/^tok1 tok2 tok3/);
    // The thread is free again.
    expect((await call("POST", `/threads/${thread.body.id}/runs`, { assistant_id: assistant.body.id })).status).toBe(200);
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
