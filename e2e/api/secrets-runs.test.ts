import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskSecret } from "@/lib/assistants/secrets";
import { api, sdkClient, type ApiResponse, type Json } from "./support/http";
import { plant, secretValue } from "./support/planted";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";
import { registerPlugin } from "./support/plugins";

// Plugin tokens never leave the server on a run. They are planted on an assistant and as run-level
// `tools` overrides, then read back through every run endpoint and stream (create, create and run,
// retrieve, list, SSE, the /events replay, steps, submit tool outputs, cancel) with an owner key and
// a viewer key. Each response is checked here, and every response of the whole suite is searched
// for the planted values again when the run ends (scripts/lib/secret-scan.ts, global-setup.ts).

const plantToken = (name: string) => {
  const value = secretValue("plugin-token");
  return plant({ name, value, evidence: [maskSecret(value)] });
};
const ASSISTANT_TOKEN = plantToken("plugin token on an assistant");
const RUN_TOKEN = plantToken("plugin token of a run-level tools override");
const THREAD_RUN_TOKEN = plantToken("plugin token of a create-and-run tools override");
const TOKENS = [ASSISTANT_TOKEN, RUN_TOKEN, THREAD_RUN_TOKEN];

const weather = { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } };
const plugin = (token: string) => ({ type: "acme_crm", auth: { type: "user_http", user_token: token } });
const toolsWith = (token: string) => [weather, plugin(token)];
const TOOL_CALL = '[[tool: get_weather {"city":"Oslo"}]]';

let ws: TestWorkspace;
let viewerKey: string;
let keys: [string, string][];
let assistantId: string;

beforeAll(async () => {
  ({ ws, viewerKey } = await provision(async (lib) => {
    const ws = await createTestWorkspace(lib, "secrets-runs");
    const viewer = await lib.apiKeys.createApiKey(ws.caller, { name: "viewer", role: "viewer" });
    return { ws, viewerKey: viewer.key };
  }));
  await registerPlugin(ws.apiKey, "acme_crm");
  // Made in-process: no response may ever carry them.
  plant({ name: "the owner's API key", value: ws.apiKey });
  plant({ name: "the viewer's API key", value: viewerKey });
  keys = [
    ["owner", ws.apiKey],
    ["viewer", viewerKey],
  ];
  const assistant = await api("POST", "/assistants", { key: ws.apiKey, json: { model: "scripted-1", tools: toolsWith(ASSISTANT_TOKEN) } });
  expect(assistant.status).toBe(200);
  assistantId = assistant.body.id;
});
afterAll(releaseDatabase);

/** No planted token in the response, and every run object in it shows `token` masked. */
function expectMasked(response: ApiResponse, token: string): Json[] {
  for (const planted of TOKENS) expect(response.text).not.toContain(planted);
  const runs: Json[] = response.body.events
    ? response.body.events.filter((event: Json) => event.event.startsWith("thread.run.") && !event.event.startsWith("thread.run.step")).map((event: Json) => JSON.parse(event.data))
    : response.body.object === "list"
      ? response.body.data
      : [response.body];
  expect(runs.length).toBeGreaterThan(0);
  for (const run of runs) expect(run.tools).toEqual(toolsWith(maskSecret(token)));
  return runs;
}

const newThread = async (content: string) => (await api("POST", "/threads", { key: ws.apiKey, json: { messages: [{ role: "user", content }] } })).body.id as string;

async function settled(threadId: string, runId: string): Promise<Json> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const run = await api("GET", `/threads/${threadId}/runs/${runId}`, { key: viewerKey });
    if (!["queued", "in_progress", "cancelling"].includes(run.body.status)) return run.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${runId} did not settle`);
}

const storedTools = (runId: string) => provision(async (lib) => (await lib.db.getDb().run.findUniqueOrThrow({ where: { id: runId } })).tools);

/** Every read of a run, by the owner and the viewer. */
async function readEverything(threadId: string, runId: string, token: string): Promise<void> {
  for (const [who, key] of keys) {
    expectMasked(await api("GET", `/threads/${threadId}/runs/${runId}`, { key }), token);
    expectMasked(await api("GET", `/threads/${threadId}/runs?limit=100`, { key }), token);
    const events = await api("GET", `/threads/${threadId}/runs/${runId}/events`, { key });
    expect(events.status, who).toBe(200);
    expectMasked(events, token);
    const steps = await api("GET", `/threads/${threadId}/runs/${runId}/steps`, { key });
    expect(steps.status, who).toBe(200);
    for (const step of steps.body.data) expect((await api("GET", `/threads/${threadId}/runs/${runId}/steps/${step.id}`, { key })).status, who).toBe(200);
  }
}

describe("a run shows plugin tokens masked", () => {
  it("the assistant's: create, retrieve, list, /events and steps, for the owner and a viewer", async () => {
    const threadId = await newThread("[[reply: hello]]");
    const created = await api("POST", `/threads/${threadId}/runs`, { key: ws.apiKey, json: { assistant_id: assistantId } });
    expect(created.status).toBe(200);
    expectMasked(created, ASSISTANT_TOKEN);
    expect((await settled(threadId, created.body.id)).status).toBe("completed");
    await readEverything(threadId, created.body.id, ASSISTANT_TOKEN);
    expect(await storedTools(created.body.id), "the run keeps the real token for the engine").toEqual(toolsWith(ASSISTANT_TOKEN));
  });

  it("a run-level override: SSE create, /events replay, submit tool outputs (streamed), steps", async () => {
    const threadId = await newThread(TOOL_CALL);
    const streamed = await api("POST", `/threads/${threadId}/runs`, { key: ws.apiKey, json: { assistant_id: assistantId, tools: toolsWith(RUN_TOKEN), stream: true } });
    const runs = expectMasked(streamed, RUN_TOKEN);
    const waiting = runs.at(-1);
    expect(waiting.status).toBe("requires_action");
    await readEverything(threadId, waiting.id, RUN_TOKEN);

    const outputs = { tool_outputs: [{ tool_call_id: waiting.required_action.submit_tool_outputs.tool_calls[0].id, output: "sunny" }], stream: true };
    const refused = await api("POST", `/threads/${threadId}/runs/${waiting.id}/submit_tool_outputs`, { key: viewerKey, json: outputs });
    expect(refused.status).toBe(403);
    const submitted = await api("POST", `/threads/${threadId}/runs/${waiting.id}/submit_tool_outputs`, { key: ws.apiKey, json: outputs });
    expect(expectMasked(submitted, RUN_TOKEN).at(-1).status).toBe("completed");
    await readEverything(threadId, waiting.id, RUN_TOKEN);
    expect(await storedTools(waiting.id)).toEqual(toolsWith(RUN_TOKEN));
  });

  it("create and run with an override, streamed and not; cancelled while running and while waiting for outputs", async () => {
    const body = (content: string, stream: boolean) => ({ assistant_id: assistantId, tools: toolsWith(THREAD_RUN_TOKEN), stream, thread: { messages: [{ role: "user", content }] } });
    const slow = await api("POST", "/threads/runs", { key: ws.apiKey, json: body("[[tokens: 400]] [[delay: 20]]", false) });
    expect(slow.status).toBe(200);
    expectMasked(slow, THREAD_RUN_TOKEN);
    expect((await api("POST", `/threads/${slow.body.thread_id}/runs/${slow.body.id}/cancel`, { key: viewerKey })).status).toBe(403);
    // Cancelled once text streams: a cancel while the model request is still being sent ends the run as failed (the engine's, reported).
    await expect.poll(async () => (await api("GET", `/threads/${slow.body.thread_id}/messages?limit=1`, { key: viewerKey })).body.data[0]?.role, { interval: 20 }).toBe("assistant");
    const cancelling = await api("POST", `/threads/${slow.body.thread_id}/runs/${slow.body.id}/cancel`, { key: ws.apiKey });
    expect(cancelling.status).toBe(200);
    expectMasked(cancelling, THREAD_RUN_TOKEN);
    expect(await settled(slow.body.thread_id, slow.body.id)).toMatchObject({ status: "cancelled", last_error: null });
    await readEverything(slow.body.thread_id, slow.body.id, THREAD_RUN_TOKEN);

    const streamed = await api("POST", "/threads/runs", { key: ws.apiKey, json: body(TOOL_CALL, true) });
    const waiting = expectMasked(streamed, THREAD_RUN_TOKEN).at(-1);
    expect(waiting.status).toBe("requires_action");
    const cancelled = await api("POST", `/threads/${waiting.thread_id}/runs/${waiting.id}/cancel`, { key: ws.apiKey });
    expect(cancelled.body.status).toBe("cancelled");
    expectMasked(cancelled, THREAD_RUN_TOKEN);
    await readEverything(waiting.thread_id, waiting.id, THREAD_RUN_TOKEN);
    expect(await storedTools(waiting.id)).toEqual(toolsWith(THREAD_RUN_TOKEN));
  });

  it("through the openai SDK: a streamed run with an override, and the viewer's list", async () => {
    const owner = sdkClient(ws.apiKey);
    const threadId = await newThread("[[reply: from the SDK]]");
    const stream = owner.client.beta.threads.runs.stream(threadId, { assistant_id: assistantId, tools: toolsWith(RUN_TOKEN) as never });
    const run = await stream.finalRun();
    expect(run.tools).toEqual(toolsWith(maskSecret(RUN_TOKEN)));
    const viewer = sdkClient(viewerKey);
    const listed = await viewer.client.beta.threads.runs.list(threadId);
    expect(listed.data.map((entry) => entry.tools)).toEqual([toolsWith(maskSecret(RUN_TOKEN))]);
    await Promise.all([owner.settled(), viewer.settled()]);
    expect([...owner.contractViolations(), ...viewer.contractViolations()]).toEqual([]);
    for (const exchange of [...owner.exchanges, ...viewer.exchanges]) expect(exchange.text).not.toContain(RUN_TOKEN);
  });
});

describe("masked tokens sent back in a run's tools override", () => {
  it("stand for the assistant's stored tokens: the run stores the real one", async () => {
    const assistant = await api("GET", `/assistants/${assistantId}`, { key: viewerKey });
    expect(assistant.body.tools).toEqual(toolsWith(maskSecret(ASSISTANT_TOKEN)));
    const threadId = await newThread("[[reply: round trip]]");
    const created = await api("POST", `/threads/${threadId}/runs`, { key: ws.apiKey, json: { assistant_id: assistantId, tools: [...assistant.body.tools].reverse() } });
    expect(created.status).toBe(200);
    expect(created.body.tools).toEqual([plugin(maskSecret(ASSISTANT_TOKEN)), weather]);
    expect(await storedTools(created.body.id)).toEqual([plugin(ASSISTANT_TOKEN), weather]);
  });

  it("are refused with a 400 on the token's field when they match none of the assistant's, and nothing is written", async () => {
    // The mask of a run's own override is no token of the assistant's.
    const tools = toolsWith(maskSecret(RUN_TOKEN));
    const threadId = await newThread("[[reply: never]]");
    const count = async (path: string) => (await api("GET", `${path}?limit=100`, { key: viewerKey })).body.data.length as number;
    const before = { runs: await count(`/threads/${threadId}/runs`), messages: await count(`/threads/${threadId}/messages`), threads: await count("/threads") };
    const attempts = [
      await api("POST", `/threads/${threadId}/runs`, { key: ws.apiKey, json: { assistant_id: assistantId, tools } }),
      await api("POST", `/threads/${threadId}/runs`, { key: ws.apiKey, json: { assistant_id: assistantId, tools, additional_messages: [{ role: "user", content: "more" }] } }),
      await api("POST", "/threads/runs", { key: ws.apiKey, json: { assistant_id: assistantId, tools, thread: { messages: [{ role: "user", content: "new" }] } } }),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe(400);
      expect(attempt.body.error).toMatchObject({ type: "invalid_request_error", param: "tools[1].auth.user_token", message: expect.stringContaining("masked token") });
    }
    const after = { runs: await count(`/threads/${threadId}/runs`), messages: await count(`/threads/${threadId}/messages`), threads: await count("/threads") };
    expect(after).toEqual(before);
  });
});
