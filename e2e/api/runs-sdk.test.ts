import type { OpenAI } from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { api, sdkClient } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// Runs through the official `openai` SDK against the app, whose default provider is the scripted
// model server (scripts/scripted-model): what the model does is written in the user's message as
// directives ([[tool: …]], [[tokens: N]], [[fail: 500]], …). Every response and every streamed
// event is checked against the contract.

let ws: TestWorkspace;
let sdk: ReturnType<typeof sdkClient>;
let client: OpenAI;
let assistantId: string;
let toolAssistantId: string;

const weather = {
  type: "function" as const,
  function: {
    name: "get_weather",
    description: "Weather in a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
    strict: true,
  },
};
const time = { type: "function" as const, function: { name: "get_time", parameters: { type: "object", properties: { zone: { type: "string" } } } } };

beforeAll(async () => {
  ({ ws } = await provision(async (lib) => ({ ws: await createTestWorkspace(lib, "runs") })));
  sdk = sdkClient(ws.apiKey);
  client = sdk.client;
  assistantId = (await client.beta.assistants.create({ model: "scripted-1", instructions: "Be brief." })).id;
  toolAssistantId = (await client.beta.assistants.create({ model: "scripted-1", tools: [weather, time] })).id;
});

afterEach(async () => {
  await sdk.settled();
  expect(sdk.contractViolations(), "every response and event must match the OpenAI contract").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(releaseDatabase);

/** What the scripted model server received, newest last. */
async function modelRequests(): Promise<{ body: { messages: { role: string; content: unknown }[]; [key: string]: unknown } }[]> {
  const response = await fetch(`${inject("modelURL").replace(/\/v1$/, "")}/__scripted/requests`);
  return ((await response.json()) as { data: never[] }).data;
}

/**
 * The newest request the model received whose messages mention `text`: the scripted model is
 * shared by every API test file running at once (test runs start runs in the background), so
 * "the last request" may be another file's.
 */
async function lastRequestAbout(text: string) {
  const said = (content: unknown) => (typeof content === "string" ? content : Array.isArray(content) ? content.map((part: { text?: string }) => part.text ?? "").join("") : "");
  return (await modelRequests()).filter((request) => request.body.messages.some((message) => said(message.content).includes(text))).at(-1);
}

const threadWith = (text: string) => client.beta.threads.create({ messages: [{ role: "user", content: text }] });
const lastText = async (threadId: string) => {
  const [message] = (await client.beta.threads.messages.list(threadId, { limit: 1 })).data;
  return message!.content[0]?.type === "text" ? message!.content[0].text.value : null;
};

describe("models", () => {
  it("lists the default provider's models through GET /models", async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(["scripted-1", "scripted-small"]));
  });
});

describe("runs", () => {
  it("streams a run: events in the contract's order, text assembled from the deltas", async () => {
    const thread = await threadWith("hello there");
    const stream = client.beta.threads.runs.stream(thread.id, { assistant_id: assistantId });
    const names: string[] = [];
    stream.on("event", (event) => names.push(event.event));
    // OpenAI's runs expire 10 minutes after creation: expires_at is set while the run is active.
    const active: { status: string; expiresIn: number | null }[] = [];
    stream.on("event", ({ event, data }) => {
      if (["thread.run.created", "thread.run.queued", "thread.run.in_progress"].includes(event)) {
        const run = data as { status: string; created_at: number; expires_at: number | null };
        active.push({ status: run.status, expiresIn: run.expires_at === null ? null : run.expires_at - run.created_at });
      }
    });
    let text = "";
    stream.on("textDelta", (delta) => (text += delta.value ?? ""));
    const run = await stream.finalRun();
    expect(active.length).toBe(3);
    for (const seen of active) expect(seen.expiresIn, `expires_at while ${seen.status}`).toBeGreaterThanOrEqual(599);
    for (const seen of active) expect(seen.expiresIn, `expires_at while ${seen.status}`).toBeLessThanOrEqual(601);
    // …and null once it has ended.
    expect(run.expires_at).toBeNull();
    expect(text).toBe("You said: hello there");
    expect(run).toMatchObject({ status: "completed", assistant_id: assistantId, instructions: "Be brief.", model: "scripted-1" });
    expect(run.usage!.completion_tokens).toBeGreaterThan(0);
    const compact = names.filter((name, i) => name !== "thread.message.delta" || names[i - 1] !== "thread.message.delta");
    expect(compact).toEqual([
      "thread.run.created",
      "thread.run.queued",
      "thread.run.in_progress",
      "thread.run.step.created",
      "thread.run.step.in_progress",
      "thread.message.created",
      "thread.message.in_progress",
      "thread.message.delta",
      "thread.message.completed",
      "thread.run.step.completed",
      "thread.run.completed",
    ]);
    expect(await lastText(thread.id)).toBe("You said: hello there");
    // The system prompt and the user's message reached the model, with Atelier's key.
    const received = await lastRequestAbout("hello there");
    expect(received!.body.messages.map((message) => message.role)).toEqual(["system", "user"]);
  });

  it("createAndPoll ends completed, with the message, its step and usage recorded", async () => {
    const thread = await threadWith("[[reply: Forty-two.]]");
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistantId }, { pollIntervalMs: 50 });
    expect(run.status).toBe("completed");
    const messages = await client.beta.threads.messages.list(thread.id, { run_id: run.id });
    expect(messages.data).toHaveLength(1);
    expect(messages.data[0]).toMatchObject({ role: "assistant", status: "completed", run_id: run.id, assistant_id: assistantId });
    expect(await lastText(thread.id)).toBe("Forty-two.");
    const steps = await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id });
    expect(steps.data).toEqual([expect.objectContaining({ type: "message_creation", status: "completed", step_details: { type: "message_creation", message_creation: { message_id: messages.data[0]!.id } } })]);
    expect(await client.beta.threads.runs.steps.retrieve(steps.data[0]!.id, { thread_id: thread.id, run_id: run.id })).toEqual(steps.data[0]);
    expect((await client.beta.threads.runs.list(thread.id)).data.map((listed) => listed.id)).toEqual([run.id]);
  });

  it("createAndRunStream creates the thread first", async () => {
    const stream = client.beta.threads.createAndRunStream({ assistant_id: assistantId, thread: { messages: [{ role: "user", content: "new thread" }] } });
    const names: string[] = [];
    stream.on("event", (event) => names.push(event.event));
    const run = await stream.finalRun();
    expect(names[0]).toBe("thread.created");
    expect(run.status).toBe("completed");
    expect(await lastText(run.thread_id)).toBe("You said: new thread");
  });
});

describe("stream transport", () => {
  it("answers uncompressed and marked no-transform, streams and JSON alike, even to a client that accepts gzip", async () => {
    const thread = await threadWith("[[tokens: 300]]");
    const headers = { "accept-encoding": "gzip, deflate, br" };
    const streamed = await api("POST", `/threads/${thread.id}/runs`, { key: ws.apiKey, json: { assistant_id: assistantId, stream: true }, headers });
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get("content-type")).toMatch(/^text\/event-stream/);
    // Compression would make the server buffer tokens and pay for zlib on each one.
    expect(streamed.headers.get("content-encoding")).toBeNull();
    expect(streamed.headers.get("cache-control")).toBe("no-store, no-transform");
    const attached = await api("GET", `/threads/${thread.id}/runs/${JSON.parse(streamed.body.events[0].data).id}/events`, { key: ws.apiKey, headers });
    expect(attached.headers.get("content-encoding")).toBeNull();
    // JSON too: Next would gzip every body it streams, whatever its size (next.config.ts).
    const list = await api("GET", `/threads/${thread.id}/messages?limit=100`, { key: ws.apiKey, headers });
    expect(list.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(list.headers.get("content-encoding")).toBeNull();
  });
});

describe("tool calls", () => {
  it("asks for a function's output, then answers with it (submitToolOutputsStream)", async () => {
    const thread = await threadWith('[[tool: get_weather {"city":"Oslo"}]]');
    const stream = client.beta.threads.runs.stream(thread.id, { assistant_id: toolAssistantId });
    // What a client assembles from the step deltas, as the SDK's accumulator does.
    let streamedArguments = "";
    stream.on("event", ({ event, data }) => {
      if (event !== "thread.run.step.delta" || data.delta.step_details?.type !== "tool_calls") return;
      for (const delta of data.delta.step_details.tool_calls ?? []) if (delta.type === "function") streamedArguments += delta.function?.arguments ?? "";
    });
    const first = await stream.finalRun();
    expect(first.status).toBe("requires_action");
    expect(streamedArguments).toBe('{"city":"Oslo"}');
    const [call] = first.required_action!.submit_tool_outputs.tool_calls;
    expect(call).toMatchObject({ type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } });
    expect(first.expires_at! - first.created_at).toBeGreaterThanOrEqual(599);
    const resumed = client.beta.threads.runs.submitToolOutputsStream(first.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: call!.id, output: "21°C, clear" }] });
    const resumedExpiry: (number | null)[] = [];
    resumed.on("event", ({ event, data }) => {
      if (event === "thread.run.queued" || event === "thread.run.in_progress") resumedExpiry.push((data as { expires_at: number | null }).expires_at);
    });
    const run = await resumed.finalRun();
    // Active again after the outputs: it has an expiry again.
    expect(resumedExpiry.length).toBeGreaterThan(0);
    for (const expiresAt of resumedExpiry) expect(expiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(run).toMatchObject({ status: "completed", required_action: null, expires_at: null });
    expect(await lastText(thread.id)).toBe(`Tool results: ${call!.id}=21°C, clear`);
    const steps = (await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: "asc" })).data;
    expect(steps.map((step) => step.type)).toEqual(["tool_calls", "message_creation"]);
    expect(steps[0]!.step_details).toEqual({ type: "tool_calls", tool_calls: [{ id: call!.id, type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}', output: "21°C, clear" } }] });
    // The model saw the call and its output on the second request.
    const second = await lastRequestAbout('[[tool: get_weather {"city":"Oslo"}]]');
    expect(second!.body.messages.map((message) => message.role)).toEqual(["user", "assistant", "tool"]);
  });

  it("takes parallel calls' outputs in one request, refusing missing or unknown ids without writing", async () => {
    const thread = await threadWith('[[tool: get_weather {"city":"Oslo"}]] [[tool: get_time {"zone":"CET"}]]');
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: toolAssistantId }, { pollIntervalMs: 50 });
    expect(run.status).toBe("requires_action");
    const calls = run.required_action!.submit_tool_outputs.tool_calls;
    expect(calls.map((call) => call.function.name)).toEqual(["get_weather", "get_time"]);
    const path = `/threads/${thread.id}/runs/${run.id}/submit_tool_outputs`;
    const missing = await api("POST", path, { key: ws.apiKey, json: { tool_outputs: [{ tool_call_id: calls[0]!.id, output: "x" }] } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ param: "tool_outputs", message: expect.stringContaining(calls[1]!.id) });
    const unknown = await api("POST", path, { key: ws.apiKey, json: { tool_outputs: [{ tool_call_id: "call_nope", output: "x" }, { tool_call_id: calls[1]!.id, output: "y" }] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.param).toBe("tool_outputs[0].tool_call_id");
    expect((await client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id })).status).toBe("requires_action");
    const done = await client.beta.threads.runs.submitToolOutputsAndPoll(run.id, { thread_id: thread.id, tool_outputs: calls.map((call, i) => ({ tool_call_id: call.id, output: `out${i}` })) }, { pollIntervalMs: 50 });
    expect(done.status).toBe("completed");
    expect(await lastText(thread.id)).toBe(`Tool results: ${calls[0]!.id}=out0; ${calls[1]!.id}=out1`);
  });
});

describe("control and failures", () => {
  it("cancels mid-stream: the partial reply is kept as incomplete", async () => {
    const thread = await threadWith("[[tokens: 300]] [[delay: 15]]");
    const stream = client.beta.threads.runs.stream(thread.id, { assistant_id: assistantId });
    let runId = "";
    let deltas = 0;
    await new Promise<void>((resolve) => {
      stream.on("event", (event) => {
        if (event.event === "thread.run.created") runId = event.data.id;
        if (event.event === "thread.message.delta" && ++deltas === 5) resolve();
      });
    });
    const cancelling = await client.beta.threads.runs.cancel(runId, { thread_id: thread.id });
    expect(cancelling.required_action).toBeNull();
    expect(["cancelling", "cancelled"]).toContain(cancelling.status);
    const run = await stream.finalRun();
    expect(run.status).toBe("cancelled");
    const [message] = (await client.beta.threads.messages.list(thread.id, { limit: 1 })).data;
    expect(message).toMatchObject({ status: "incomplete", incomplete_details: { reason: "run_cancelled" } });
    const text = (message!.content[0] as { text: { value: string } }).text.value;
    expect(text.startsWith("tok1 tok2 tok3 tok4 tok5")).toBe(true);
    expect(text.split(" ").length).toBeLessThan(300);
    const again = await api("POST", `/threads/${thread.id}/runs/${runId}/cancel`, { key: ws.apiKey });
    expect(again.status).toBe(400);
  });

  it("refuses a second run on a busy thread, without calling the model for it", async () => {
    const marker = `busy-${Math.random()}`;
    const thread = await threadWith(`[[tokens: 50]] [[delay: 20]] ${marker}`);
    const first = await client.beta.threads.runs.create(thread.id, { assistant_id: assistantId });
    const second = await api("POST", `/threads/${thread.id}/runs`, { key: ws.apiKey, json: { assistant_id: assistantId } });
    expect(second.status).toBe(400);
    expect(second.body.error.message).toContain(first.id);
    const added = await api("POST", `/threads/${thread.id}/messages`, { key: ws.apiKey, json: { role: "user", content: "x" } });
    expect(added.status).toBe(400);
    // The engine calls the model while the run is being inserted; a thread already known to be
    // busy must not get that far.
    const calls = (await modelRequests()).filter((request) => JSON.stringify(request.body.messages).includes(marker));
    expect(calls).toHaveLength(1);
    await client.beta.threads.runs.cancel(first.id, { thread_id: thread.id });
  });

  it("accepts exactly one of several runs started at once on one thread", async () => {
    const thread = await threadWith("[[tokens: 50]] [[delay: 20]]");
    const attempts = await Promise.all(Array.from({ length: 8 }, () => api("POST", `/threads/${thread.id}/runs`, { key: ws.apiKey, json: { assistant_id: assistantId } })));
    const accepted = attempts.filter((attempt) => attempt.status === 200);
    expect(accepted).toHaveLength(1);
    for (const refused of attempts.filter((attempt) => attempt.status !== 200)) {
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain(accepted[0]!.body.id);
    }
    const runs = await client.beta.threads.runs.list(thread.id);
    expect(runs.data.map((run) => run.id)).toEqual([accepted[0]!.body.id]);
    await client.beta.threads.runs.cancel(accepted[0]!.body.id, { thread_id: thread.id });
  });

  it.each([
    ["an upstream 500", "[[fail: 500]]", "server_error"],
    ["an upstream 429", "[[fail: 429]]", "rate_limit_exceeded"],
  ])("fails on %s with last_error %s", async (_name, text, code) => {
    const thread = await threadWith(text);
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistantId }, { pollIntervalMs: 50 });
    expect(run).toMatchObject({ status: "failed", last_error: { code } });
    expect(run.failed_at).not.toBeNull();
  });

  it("fails on a dropped upstream connection and keeps the partial message", async () => {
    const thread = await threadWith("[[tokens: 20]] [[drop: 4]]");
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistantId }, { pollIntervalMs: 50 });
    expect(run).toMatchObject({ status: "failed", last_error: { code: "server_error" } });
    const [message] = (await client.beta.threads.messages.list(thread.id, { limit: 1 })).data;
    expect(message).toMatchObject({ role: "assistant", status: "incomplete", incomplete_details: { reason: "run_failed" } });
    // What arrived before the drop (the last chunk may die with the connection's reset).
    expect((message!.content[0] as { text: { value: string } }).text.value).toMatch(/^tok1 tok2 tok3( tok4)?$/);
  });

  it("stops at max_completion_tokens as incomplete", async () => {
    const thread = await threadWith("[[tokens: 400]]");
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistantId, max_completion_tokens: 256 }, { pollIntervalMs: 50 });
    expect(run).toMatchObject({ status: "incomplete", incomplete_details: { reason: "max_completion_tokens" }, max_completion_tokens: 256 });
    const received = await lastRequestAbout("[[tokens: 400]]");
    expect(received!.body.max_tokens).toBe(256);
  });

  it("sends the run's settings to the model: response format, tool choice, parallel calls, sampling and top_k", async () => {
    const format = { type: "json_schema" as const, json_schema: { name: "verdict", strict: true, schema: { type: "object", properties: { label: { type: "string" } }, required: ["label"], additionalProperties: false } } };
    const thread = await threadWith('[[reply: {"label":"spam"}]]');
    const run = await client.beta.threads.runs.createAndPoll(
      thread.id,
      {
        assistant_id: toolAssistantId,
        response_format: format,
        tool_choice: { type: "function", function: { name: "get_time" } },
        parallel_tool_calls: false,
        temperature: 0.2,
        top_p: 0.9,
        // Model Studio's extension, passed through to the provider.
        ...({ top_k: 7 } as object),
      },
      { pollIntervalMs: 50 },
    );
    expect(run).toMatchObject({ status: "completed", response_format: format, tool_choice: { type: "function", function: { name: "get_time" } }, parallel_tool_calls: false, temperature: 0.2, top_p: 0.9 });
    const received = await lastRequestAbout('[[reply: {"label":"spam"}]]');
    expect(received!.body).toMatchObject({
      response_format: { type: "json_schema", json_schema: { name: "verdict", strict: true, schema: format.json_schema.schema } },
      tool_choice: { type: "function", function: { name: "get_time" } },
      parallel_tool_calls: false,
      temperature: 0.2,
      top_p: 0.9,
      top_k: 7,
    });
    expect((received!.body.tools as { function: { name: string; strict?: boolean } }[]).map((tool) => tool.function.name)).toEqual(["get_weather", "get_time"]);
    expect(await lastText(thread.id)).toBe('{"label":"spam"}');
  });

  it("refuses a tool_choice naming a function the run does not have", async () => {
    const thread = await threadWith("hi");
    const response = await api("POST", `/threads/${thread.id}/runs`, { key: ws.apiKey, json: { assistant_id: assistantId, tool_choice: { type: "function", function: { name: "nope" } } } });
    expect(response.status).toBe(400);
    expect(response.body.error.param).toBe("tool_choice.function.name");
  });

  it("honours truncation_strategy last_messages in what the model receives", async () => {
    const thread = await client.beta.threads.create({ messages: ["one", "two", "three", "four"].map((content) => ({ role: "user" as const, content })) });
    await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistantId, truncation_strategy: { type: "last_messages", last_messages: 2 } }, { pollIntervalMs: 50 });
    // The newest request of a thread whose messages end "three", "four" (this one's, truncated to them).
    const received = await lastRequestAbout("four");
    expect(received!.body.messages.map((message) => JSON.stringify(message.content))).toEqual([JSON.stringify("Be brief."), expect.stringContaining("three"), expect.stringContaining("four")]);
  });

  it("keeps running when the streaming client disconnects", async () => {
    const thread = await threadWith("[[tokens: 40]] [[delay: 10]]");
    const controller = new AbortController();
    const response = await fetch(`${inject("baseURL")}/api/v1/threads/${thread.id}/runs`, {
      method: "POST",
      headers: { authorization: `Bearer ${ws.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ assistant_id: assistantId, stream: true }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const runId = /"id":"(run_[0-9A-Za-z]+)"/.exec(first)![1]!;
    controller.abort();
    let run = await client.beta.threads.runs.retrieve(runId, { thread_id: thread.id });
    for (let i = 0; i < 100 && run.status !== "completed"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      run = await client.beta.threads.runs.retrieve(runId, { thread_id: thread.id });
    }
    expect(run.status).toBe("completed");
    expect((await lastText(thread.id))!.split(" ")).toHaveLength(40);
  });
});
