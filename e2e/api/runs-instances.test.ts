import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { startScriptedModel, type ScriptedModel } from "../../scripts/scripted-model/server";
import { startMcpFixture, type McpFixture } from "../../scripts/tool-fixtures/mcp-server";
import { parseSse, type SseEvent } from "./support/sse";

// Two instances on one database, as behind a load balancer: a client attaches to a run's events on
// the instance that is not running it, and gets the same stream (lib/runs/bus, over Postgres
// LISTEN/NOTIFY here). On a database and servers of this file's own; the embedded database runs a
// single instance, so there is nothing to test there.

const MODEL_KEY = "sk-instances-test";
let db: TestDatabase;
let model: ScriptedModel;
let mcp: McpFixture;
let a: AppServer;
let b: AppServer;

async function call(app: AppServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${app.baseURL}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${app.adminKey}`, ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- response shapes vary per call
}

function post(app: AppServer, path: string, body: unknown): Promise<Response> {
  return fetch(`${app.baseURL}/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${app.adminKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

function events(app: AppServer, threadId: string, runId: string): Promise<Response> {
  return fetch(`${app.baseURL}/api/v1/threads/${threadId}/runs/${runId}/events`, { headers: { authorization: `Bearer ${app.adminKey}` } });
}

/** Reads an SSE response: the events until `until` says stop (then cancels it unless `rest` is to follow), or all of them. */
async function read(response: Response, until: (events: SseEvent[]) => boolean = () => false, keepOpen = false) {
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    if (until(parseSse(text))) {
      if (!keepOpen) void reader.cancel();
      break;
    }
  }
  return { events: parseSse(text), rest: () => readRest(reader, text) };
}

async function readRest(reader: ReadableStreamDefaultReader<string>, text: string): Promise<SseEvent[]> {
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return parseSse(text);
    text += value;
  }
}

const names = (list: SseEvent[]) => list.map(({ event }) => event);
const text = (list: SseEvent[]) =>
  list
    .filter(({ event }) => event === "thread.message.delta")
    .map(({ data }) => (JSON.parse(data) as { delta: { content: { text: { value: string } }[] } }).delta.content[0]!.text.value)
    .join("");

beforeAll(async () => {
  db = await createTestDatabase("runs-instances");
  if (db.embedded) return;
  [model, mcp] = await Promise.all([startScriptedModel({ apiKey: MODEL_KEY }), startMcpFixture()]);
  const env = { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: MODEL_KEY, ATELIER_EVENT_BUS: "postgres", ATELIER_TOOL_ALLOWED_HOSTS: `127.0.0.1:${mcp.port}` };
  a = await startAppServer({ databaseUrl: db.url, env: { ...env, ATELIER_INSTANCE_ID: "instance-a" } });
  // The same key and secret: one deployment. Started before any run (each instance's start fails runs left active).
  b = await startAppServer({ databaseUrl: db.url, env: { ...env, ATELIER_INSTANCE_ID: "instance-b", ATELIER_SECRET: a.secret, ATELIER_ADMIN_KEY: a.adminKey } });
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all([model?.close(), mcp?.close()]);
  await db?.drop();
});

describe("runs across two instances", () => {
  it("streams a run executing on A to a client attached on B, from the start, then live, to done", async ({ skip }) => {
    if (db.embedded) skip();
    const assistant = await call(a, "POST", "/assistants", { model: "scripted-1" });
    const thread = await call(a, "POST", "/threads", { messages: [{ role: "user", content: "[[tokens: 60]] [[delay: 25]]" }] });
    const onA = await read(await post(a, `/threads/${thread.body.id}/runs`, { assistant_id: assistant.body.id, stream: true }), (list) => names(list).filter((name) => name === "thread.message.delta").length >= 5);
    const runId = (JSON.parse(onA.events[0]!.data) as { id: string }).id;
    // A's own stream, from its start (the stream above was cut after 5 deltas).
    const fullOnA = read(await events(a, thread.body.id, runId));
    const onB = (await read(await events(b, thread.body.id, runId))).events;
    const expected = (await fullOnA).events;
    expect(names(expected).at(-1)).toBe("done");
    expect(names(expected)).toContain("thread.run.completed");
    expect(names(onB)).toEqual(names(expected));
    expect(text(onB)).toBe(text(expected));
    expect(text(onB).trim().split(/\s+/)).toHaveLength(60);
  });

  it("follows a run to the instance that took its tool outputs", async ({ skip }) => {
    if (db.embedded) skip();
    const weather = { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } };
    const assistant = await call(a, "POST", "/assistants", { model: "scripted-1", tools: [weather] });
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ");
    const thread = await call(a, "POST", "/threads", { messages: [{ role: "user", content: `[[tool: get_weather {"city":"Oslo"}]] [[delay: 25]] [[after-tools: ${words}]]` }] });
    const first = await read(await post(a, `/threads/${thread.body.id}/runs`, { assistant_id: assistant.body.id, stream: true }));
    expect(names(first.events).slice(-2)).toEqual(["thread.run.requires_action", "done"]);
    const run = JSON.parse(first.events.at(-2)!.data) as { id: string; required_action: { submit_tool_outputs: { tool_calls: { id: string }[] } } };
    const callId = run.required_action.submit_tool_outputs.tool_calls[0]!.id;
    // The outputs go to B, which runs the second segment; A has only the first, ended.
    const onB = await read(await post(b, `/threads/${thread.body.id}/runs/${run.id}/submit_tool_outputs`, { tool_outputs: [{ tool_call_id: callId, output: "sunny" }], stream: true }), (list) => names(list).includes("thread.message.delta"), true);
    const onA = (await read(await events(a, thread.body.id, run.id))).events;
    const fullOnB = await onB.rest();
    expect(names(onA).at(-1)).toBe("done");
    expect(names(onA)).toContain("thread.run.completed");
    expect(names(onA)).not.toContain("thread.run.requires_action");
    expect(text(onA)).toBe(words);
    // Everything B streamed for the second segment, from where its response began.
    expect(names(onA).slice(-names(fullOnB).length)).toEqual(names(fullOnB));
  });

  it("runs an MCP call approved on the other instance, once, and streams the rest from there", async ({ skip }) => {
    if (db.embedded) skip();
    expect((await call(a, "POST", "/mcp_servers", { server_label: "calc", server_url: mcp.url, require_approval: "always" })).status).toBe(200);
    const assistant = await call(a, "POST", "/assistants", { model: "scripted-1", tools: [{ type: "mcp", server_label: "calc" }] });
    const thread = await call(a, "POST", "/threads", { messages: [{ role: "user", content: '[[tool: add {"a":4,"b":5}]] [[after-tools: The sum is in.]]' }] });
    const first = await read(await post(a, `/threads/${thread.body.id}/runs`, { assistant_id: assistant.body.id, stream: true }));
    expect(names(first.events).slice(-2)).toEqual(["thread.run.requires_action", "done"]);
    const run = JSON.parse(first.events.at(-2)!.data) as { id: string; required_action: { type: string; submit_tool_approvals: { tool_calls: { id: string }[] } } };
    expect(run.required_action.type).toBe("submit_tool_approvals");
    const callId = run.required_action.submit_tool_approvals.tool_calls[0]!.id;
    const onB = (await read(await post(b, `/threads/${thread.body.id}/runs/${run.id}/submit_tool_approvals`, { approvals: [{ tool_call_id: callId, approve: true }], stream: true }))).events;
    expect(names(onB).slice(0, 2)).toEqual(["thread.run.step.in_progress", "thread.run.queued"]);
    expect(names(onB)).toContain("thread.run.step.completed");
    expect(names(onB).slice(-2)).toEqual(["thread.run.completed", "done"]);
    expect(text(onB)).toBe("The sum is in.");
    // Whichever instance took the run, the call ran once: one step, one output.
    const steps = await call(a, "GET", `/threads/${thread.body.id}/runs/${run.id}/steps?order=asc`);
    const toolSteps = (steps.body.data as { type: string; step_details: { tool_calls: { function: { output: string }; server_tool: { status: string } }[] } }[]).filter((step) => step.type === "tool_calls");
    expect(toolSteps.map((step) => step.step_details.tool_calls.map((item) => [item.function.output, item.server_tool.status]))).toEqual([[["9", "completed"]]]);
  });

  it("ends with the run's state when no instance holds it", async ({ skip }) => {
    if (db.embedded) skip();
    const assistant = await call(a, "POST", "/assistants", { model: "scripted-1" });
    const created = await call(a, "POST", "/threads/runs", { assistant_id: assistant.body.id, thread: { messages: [{ role: "user", content: "hello" }] } });
    const threadId = created.body.thread_id as string;
    let run = created.body;
    for (let i = 0; i < 100 && run.status !== "completed"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      run = (await call(a, "GET", `/threads/${threadId}/runs/${run.id}`)).body;
    }
    expect(run.status).toBe("completed");
    // As if its instance had died mid-run: the row says in progress, and nobody holds it.
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query("UPDATE runs SET status = 'in_progress' WHERE id = $1", [run.id]);
    await client.end();
    const startedAt = Date.now();
    const onB = (await read(await events(b, threadId, run.id))).events;
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(900);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(names(onB)).toEqual(["thread.run.in_progress", "done"]);
    expect(JSON.parse(onB[0]!.data)).toMatchObject({ id: run.id, status: "in_progress" });
  });
});
