import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type OpenAI from "openai";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { startScriptedModel, type ScriptedModel } from "../../scripts/scripted-model/server";
import { startOpenApiFixture, type OpenApiFixture } from "../../scripts/tool-fixtures/openapi-server";
import { startMcpFixture, type McpFixture } from "../../scripts/tool-fixtures/mcp-server";
import { maskSecret } from "@/lib/assistants/secrets";
import { sdkClient } from "./support/http";
import { plant, secretValue } from "./support/planted";

// Plugins and MCP tools in runs (issue 24), through the official `openai` SDK, on an app server of
// this file's own that may call the fixtures on 127.0.0.1 (their ports only: ATELIER_TOOL_ALLOWED_HOSTS
// entries with a port, so 127.0.0.1:5432 stays refused) with a 2 s tool timeout. Each run's model is
// the scripted one: it calls a tool by name, and its answer after the tools lists their outputs, so
// what reached the model is in the reply. Tokens are planted: no response and no log line may carry them.

const MODEL_KEY = "sk-tools-runs";
const planted = (name: string, label: string) => {
  const value = secretValue(label);
  return plant({ name, value, evidence: [maskSecret(value)] });
};
const SERVICE_TOKEN = planted("a plugin's service bearer token", "plugin-service-token");
const USER_TOKEN = planted("an assistant's plugin user token", "plugin-user-token");
const MCP_TOKEN = planted("an MCP server's token (runs)", "mcp-run-token");

let db: TestDatabase;
let model: ScriptedModel;
let app: AppServer;
let weatherApi: OpenApiFixture;
let crmApi: OpenApiFixture;
let mcp: McpFixture;
let sdk: ReturnType<typeof sdkClient>;
let client: OpenAI;

beforeAll(async () => {
  [db, model, weatherApi, crmApi, mcp] = await Promise.all([
    createTestDatabase("tools-runs"),
    startScriptedModel({ apiKey: MODEL_KEY }),
    startOpenApiFixture({ token: SERVICE_TOKEN }),
    startOpenApiFixture({ token: USER_TOKEN }),
    startMcpFixture({ token: MCP_TOKEN }),
  ]);
  const allowed = [weatherApi.port, crmApi.port, mcp.port].map((port) => `127.0.0.1:${port}`).join(",");
  app = await startAppServer({
    databaseUrl: db.url,
    embedded: db.embedded,
    env: { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: MODEL_KEY, ATELIER_TOOL_ALLOWED_HOSTS: allowed, ATELIER_TOOL_TIMEOUT_SECONDS: "2" },
  });
  sdk = sdkClient(app.adminKey, { baseURL: app.baseURL });
  client = sdk.client;
  const register = async (path: string, body: unknown) => {
    const created = await client.post(path, { body });
    return created as { id: string };
  };
  await register("/plugins", { id: "weather", name: "Weather", openapi: weatherApi.document, auth: { type: "service", bearer_token: SERVICE_TOKEN } });
  await register("/plugins", { id: "crm", name: "CRM", openapi: crmApi.document, auth: { type: "user" } });
  await register("/mcp_servers", { server_label: "calc", server_url: mcp.url, authorization: MCP_TOKEN, require_approval: "never" });
  await register("/mcp_servers", { server_label: "guarded", server_url: mcp.url, authorization: MCP_TOKEN, require_approval: { never: { tool_names: ["echo"] } } });
}, 180_000);

afterEach(async () => {
  await sdk.settled();
  expect(sdk.contractViolations(), "every response must match the contract").toEqual([]);
  for (const exchange of sdk.exchanges) for (const token of [SERVICE_TOKEN, USER_TOKEN, MCP_TOKEN]) expect(exchange.text).not.toContain(token);
  sdk.exchanges.length = 0;
});

afterAll(async () => {
  await app?.stop();
  await Promise.all([model?.close(), weatherApi?.close(), crmApi?.close(), mcp?.close(), db?.drop()]);
});

type ServerCall = { id: string; type: "function"; function: { name: string; arguments: string; output: string | null }; server_tool?: Record<string, unknown> };

/** Runs `content` on a new thread with an assistant of `tools`; the run as it ended, its tool calls and its reply. */
async function runWith(tools: unknown[], content: string) {
  const assistant = await client.beta.assistants.create({ model: "scripted-1", tools: tools as OpenAI.Beta.AssistantTool[] });
  const thread = await client.beta.threads.create({ messages: [{ role: "user", content }] });
  const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, { pollIntervalMs: 50 });
  return { assistant, thread, run, ...(await outcome(thread.id, run.id)) };
}

async function outcome(threadId: string, runId: string) {
  const steps = await client.beta.threads.runs.steps.list(runId, { thread_id: threadId, order: "asc" });
  const calls = steps.data.flatMap((step) => (step.step_details.type === "tool_calls" ? (step.step_details.tool_calls as unknown as ServerCall[]) : []));
  const messages = await client.beta.threads.messages.list(threadId, { order: "desc", limit: 1 });
  const first = messages.data[0]?.content[0];
  return { calls, reply: first?.type === "text" ? first.text.value : "" };
}

describe("plugin operations in runs", () => {
  it("calls an operation with the plugin's service token, and the model reads the answer", async () => {
    const before = weatherApi.requests.length;
    const { run, calls, reply } = await runWith([{ type: "weather" }], '[[tool: getForecast {"city":"Paris","days":2}]]');
    expect(run.status).toBe("completed");
    expect(calls).toEqual([
      {
        id: expect.any(String),
        type: "function",
        function: { name: "getForecast", arguments: '{"city":"Paris","days":2}', output: expect.stringContaining('"city":"Paris"') },
        server_tool: { type: "plugin", plugin_id: "weather", operation: "getForecast", request: "GET /forecast/{city}", status: "completed", http_status: 200, duration_ms: expect.any(Number) },
      },
    ]);
    expect(reply).toContain('"days":2');
    const [sent] = weatherApi.requests.slice(before);
    expect(sent).toMatchObject({ method: "GET", path: "/v1/forecast/Paris?days=2" });
    expect(sent!.headers.authorization).toBe(`Bearer ${SERVICE_TOKEN}`);
    // Nothing of Atelier's or the caller's: no cookie, no API key.
    expect(sent!.headers.cookie).toBeUndefined();
    expect(JSON.stringify(sent!.headers)).not.toContain(app.adminKey);
  });

  it("sends the assistant's own user token as a bearer token, as Model Studio does, and shows it masked", async () => {
    const before = crmApi.requests.length;
    const { assistant, run, calls } = await runWith([{ type: "crm", auth: { type: "user_http", user_token: USER_TOKEN } }], '[[tool: createNote {"text":"call back","pinned":true}]]');
    expect(run.status).toBe("completed");
    expect(calls[0]!.function.output).toContain('"text":"call back"');
    const [sent] = crmApi.requests.slice(before);
    expect(sent).toMatchObject({ method: "POST", path: "/v1/notes", body: '{"text":"call back","pinned":true}' });
    expect(sent!.headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
    expect((assistant.tools[0] as unknown as { auth: { user_token: string } }).auth.user_token).toBe(maskSecret(USER_TOKEN));
  });

  it("gives the model a 500 and a timeout as outputs, and the run completes", async () => {
    const failed = await runWith([{ type: "weather" }], "[[tool: fail {}]]");
    expect(failed.run.status).toBe("completed");
    expect(failed.calls[0]!.function.output).toMatch(/^Error: HTTP 500 from plugin weather \(GET \/fail\)/);
    expect(failed.calls[0]!.server_tool).toMatchObject({ status: "failed", http_status: 500 });
    expect(failed.reply).toContain("HTTP 500");

    const slow = await runWith([{ type: "weather" }], '[[tool: slow {"ms":10000}]]');
    expect(slow.run.status).toBe("completed");
    expect(slow.calls[0]!.function.output).toMatch(/did not finish within 2 s/);
    expect(slow.calls[0]!.server_tool).toMatchObject({ status: "failed" });
  }, 30_000);

  it("refuses addresses the operator did not allow: at registration, and a redirect to loopback at call time", async () => {
    for (const server_url of ["http://169.254.169.254/latest", "http://127.0.0.1:5432"]) {
      const refused = await fetch(`${app.baseURL}/api/v1/plugins`, {
        method: "POST",
        headers: { authorization: `Bearer ${app.adminKey}`, "content-type": "application/json" },
        body: JSON.stringify({ id: "sneaky", name: "Sneaky", openapi: weatherApi.document, server_url }),
      });
      expect(refused.status).toBe(400);
      expect((await refused.json()).error).toMatchObject({ type: "invalid_request_error", param: "server_url" });
    }
    const { run, calls, reply } = await runWith([{ type: "weather" }], "[[tool: redirect {}]]");
    expect(run.status).toBe("completed");
    expect(calls[0]!.function.output).toMatch(/^Error: Atelier refused to call this URL: .*127\.0\.0\.1/);
    expect(reply).toContain("refused");
  });
});

describe("plugin operations that ask for approval", () => {
  it("waits for the approval of a plugin call, then makes it with the plugin's token", async () => {
    await client.post("/plugins", { body: { id: "notes_guarded", name: "Notes", openapi: crmApi.document, auth: { type: "service", bearer_token: USER_TOKEN }, require_approval: { always: { tool_names: ["createNote"] } } } });
    const assistant = await client.beta.assistants.create({ model: "scripted-1", tools: [{ type: "notes_guarded" } as unknown as OpenAI.Beta.AssistantTool] });
    const thread = await client.beta.threads.create({ messages: [{ role: "user", content: '[[tool: createNote {"text":"approved note"}]]' }] });
    const before = crmApi.requests.length;
    const waiting = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, { pollIntervalMs: 50 });
    const action = waiting.required_action as unknown as { type: string; submit_tool_approvals: { tool_calls: { id: string; server_tool: unknown }[] } };
    expect(action.type).toBe("submit_tool_approvals");
    expect(action.submit_tool_approvals.tool_calls[0]!.server_tool).toEqual({ type: "plugin", plugin_id: "notes_guarded", operation: "createNote", request: "POST /notes" });
    expect(crmApi.requests.length).toBe(before);
    await client.post(`/threads/${thread.id}/runs/${waiting.id}/submit_tool_approvals`, { body: { approvals: [{ tool_call_id: action.submit_tool_approvals.tool_calls[0]!.id, approve: true }] } });
    const done = await client.beta.threads.runs.poll(waiting.id, { thread_id: thread.id }, { pollIntervalMs: 50 });
    expect(done.status).toBe("completed");
    const { calls } = await outcome(thread.id, done.id);
    expect(calls[0]).toMatchObject({ function: { output: expect.stringContaining("approved note") }, server_tool: { status: "completed", http_status: 200, approval: { approved: true } } });
    expect(crmApi.requests.slice(before).map((request) => [request.method, request.path, request.headers.authorization])).toEqual([["POST", "/v1/notes", `Bearer ${USER_TOKEN}`]]);
  }, 30_000);
});

describe("MCP tools in runs", () => {
  it("offers the server's tools, calls one with the server's token, and the model reads the result", async () => {
    const { run, calls, reply } = await runWith([{ type: "mcp", server_label: "calc" }], '[[tool: add {"a":2,"b":3}]]');
    expect(run.status).toBe("completed");
    expect(calls[0]).toMatchObject({ function: { name: "add", output: "5" }, server_tool: { type: "mcp", server_label: "calc", tool: "add", status: "completed", duration_ms: expect.any(Number) } });
    expect(reply).toContain("=5");
    const offered = model.requests.filter((request) => JSON.stringify(request.body).includes('add {\\"a\\":2,\\"b\\":3}'))[0]!.body as { tools: { function: { name: string } }[] };
    expect(offered.tools.map((tool) => tool.function.name)).toEqual(["add", "echo", "slow", "fail"]);
  });

  it("narrows the tools to the assistant's allowed_tools, and a tool's error is an output", async () => {
    const { run, calls } = await runWith([{ type: "mcp", server_label: "calc", allowed_tools: ["fail"] }], "[[tool: fail {}]]");
    expect(run.status).toBe("completed");
    expect(calls[0]).toMatchObject({ function: { output: expect.stringMatching(/^Error: .*fail tool failed/) }, server_tool: { status: "failed" } });
    const offered = model.requests.filter((request) => JSON.stringify(request.body).includes("[[tool: fail {}]]")).at(-1)!.body as { tools: { function: { name: string } }[] };
    expect(offered.tools.map((tool) => tool.function.name)).toEqual(["fail"]);
  });

  it("waits for approval; approved, the call runs and the model goes on", async () => {
    const assistant = await client.beta.assistants.create({ model: "scripted-1", tools: [{ type: "mcp", server_label: "guarded" } as unknown as OpenAI.Beta.AssistantTool] });
    const thread = await client.beta.threads.create({ messages: [{ role: "user", content: '[[tool: add {"a":20,"b":22}]]' }] });
    const waiting = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, { pollIntervalMs: 50 });
    expect(waiting.status).toBe("requires_action");
    const action = waiting.required_action as unknown as { type: string; submit_tool_approvals: { tool_calls: { id: string; server_tool: unknown }[] } };
    expect(action.type).toBe("submit_tool_approvals");
    const callId = action.submit_tool_approvals.tool_calls[0]!.id;
    expect(action.submit_tool_approvals.tool_calls[0]!.server_tool).toEqual({ type: "mcp", server_label: "guarded", tool: "add" });
    // Outputs are not what it waits for.
    await expect(client.beta.threads.runs.submitToolOutputs(waiting.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: callId, output: "42" }] })).rejects.toMatchObject({ status: 400, code: "run_awaiting_approvals" });
    await expect(client.post(`/threads/${thread.id}/runs/${waiting.id}/submit_tool_approvals`, { body: { approvals: [{ tool_call_id: "call_nope", approve: true }] } })).rejects.toMatchObject({ status: 400, param: "approvals[0].tool_call_id" });

    await client.post(`/threads/${thread.id}/runs/${waiting.id}/submit_tool_approvals`, { body: { approvals: [{ tool_call_id: callId, approve: true }] } });
    const done = await client.beta.threads.runs.poll(waiting.id, { thread_id: thread.id }, { pollIntervalMs: 50 });
    expect(done.status).toBe("completed");
    const { calls, reply } = await outcome(thread.id, done.id);
    expect(calls[0]).toMatchObject({ function: { output: "42" }, server_tool: { status: "completed", approval: { approved: true, reason: null } } });
    expect(reply).toContain("=42");
    // A second decision finds nothing waiting.
    await expect(client.post(`/threads/${thread.id}/runs/${waiting.id}/submit_tool_approvals`, { body: { approvals: [{ tool_call_id: callId, approve: true }] } })).rejects.toMatchObject({ status: 400, code: "run_not_awaiting_approvals" });
  }, 30_000);

  it("denied, nothing is called and the model reads the denial with its reason", async () => {
    const assistant = await client.beta.assistants.create({ model: "scripted-1", tools: [{ type: "mcp", server_label: "guarded" } as unknown as OpenAI.Beta.AssistantTool] });
    const thread = await client.beta.threads.create({ messages: [{ role: "user", content: '[[tool: slow {"ms":1}]]' }] });
    const waiting = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, { pollIntervalMs: 50 });
    const callId = (waiting.required_action as unknown as { submit_tool_approvals: { tool_calls: { id: string }[] } }).submit_tool_approvals.tool_calls[0]!.id;
    const before = mcp.requests.length;
    await client.post(`/threads/${thread.id}/runs/${waiting.id}/submit_tool_approvals`, { body: { approvals: [{ tool_call_id: callId, approve: false, reason: "not on a Sunday" }] } });
    const done = await client.beta.threads.runs.poll(waiting.id, { thread_id: thread.id }, { pollIntervalMs: 50 });
    expect(done.status).toBe("completed");
    const { calls, reply } = await outcome(thread.id, done.id);
    expect(calls[0]).toMatchObject({ function: { output: "The user denied this call: not on a Sunday. It was not run." }, server_tool: { status: "denied", approval: { approved: false, reason: "not on a Sunday" } } });
    expect(reply).toContain("not on a Sunday");
    expect(mcp.requests.length).toBe(before);
  }, 30_000);

  it("a slow MCP tool's time limit is an output; a run waiting for approval can be cancelled, its call never made", async () => {
    const slow = await runWith([{ type: "mcp", server_label: "calc" }], '[[tool: slow {"ms":10000}]]');
    expect(slow.run.status).toBe("completed");
    expect(slow.calls[0]).toMatchObject({ function: { output: expect.stringMatching(/did not finish within 2 s/) }, server_tool: { status: "failed" } });

    const assistant = await client.beta.assistants.create({ model: "scripted-1", tools: [{ type: "mcp", server_label: "guarded" } as unknown as OpenAI.Beta.AssistantTool] });
    const thread = await client.beta.threads.create({ messages: [{ role: "user", content: '[[tool: add {"a":1,"b":2}]]' }] });
    const waiting = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, { pollIntervalMs: 50 });
    expect(waiting.status).toBe("requires_action");
    const before = mcp.requests.length;
    const cancelled = await client.beta.threads.runs.cancel(waiting.id, { thread_id: thread.id });
    expect(cancelled.status).toBe("cancelled");
    const steps = await client.beta.threads.runs.steps.list(waiting.id, { thread_id: thread.id });
    expect(steps.data.find((step) => step.type === "tool_calls")?.status).toBe("cancelled");
    await expect(client.post(`/threads/${thread.id}/runs/${waiting.id}/submit_tool_approvals`, { body: { approvals: [{ tool_call_id: "call_x", approve: true }] } })).rejects.toMatchObject({ status: 400, code: "run_not_awaiting_approvals" });
    expect(mcp.requests.length).toBe(before);
  }, 30_000);

  it("streams a call's output in one last delta, folded by the SDK without doubling its name or arguments", async () => {
    const assistant = await client.beta.assistants.create({ model: "scripted-1", tools: [{ type: "mcp", server_label: "calc" } as unknown as OpenAI.Beta.AssistantTool] });
    const thread = await client.beta.threads.create({ messages: [{ role: "user", content: '[[tool: echo {"text":"hi"}]]' }] });
    const stream = client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    const folded: unknown[] = [];
    stream.on("runStepDone", (step) => folded.push(step));
    const run = await stream.finalRun();
    expect(run.status).toBe("completed");
    const stored = (await outcome(thread.id, run.id)).calls[0]!;
    expect(stored.function).toEqual({ name: "echo", arguments: '{"text":"hi"}', output: "hi" });
    const toolStep = folded.find((step) => (step as { step_details: { type: string } }).step_details.type === "tool_calls") as { step_details: { tool_calls: ServerCall[] } };
    expect(toolStep.step_details.tool_calls[0]!.function).toEqual(stored.function);
  });
});
