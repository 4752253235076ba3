import type { OpenAI } from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { api, sdkClient } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// Model Studio's `max_tokens` (an assistant's cap on each model response, also accepted on a run as
// an extension) against the scripted model server, which stops at the max_tokens it is sent. The
// run's own max_completion_tokens stays a budget over all of its model calls.

let ws: TestWorkspace;
let sdk: ReturnType<typeof sdkClient>;
let client: OpenAI;
let cappedId: string;

const weather = { type: "function" as const, function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } };
// The SDK's types do not know Model Studio's fields.
const extension = (fields: Record<string, unknown>) => fields as object;

beforeAll(async () => {
  ({ ws } = await provision(async (lib) => ({ ws: await createTestWorkspace(lib, "max-tokens") })));
  sdk = sdkClient(ws.apiKey);
  client = sdk.client;
  cappedId = (await client.beta.assistants.create({ model: "scripted-1", tools: [weather], ...extension({ max_tokens: 300 }) })).id;
});

afterEach(async () => {
  await sdk.settled();
  expect(sdk.contractViolations(), "every response and event must match the OpenAI contract").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(releaseDatabase);

async function sentMaxTokens(): Promise<unknown[]> {
  const response = await fetch(`${inject("modelURL").replace(/\/v1$/, "")}/__scripted/requests`);
  // Requests without a cap are other files' (the scripted model is shared by files running at once, test runs among them).
  return ((await response.json()) as { data: { body: { max_tokens?: number } }[] }).data.map((request) => request.body.max_tokens).filter((value) => value !== undefined);
}

const threadWith = (text: string) => client.beta.threads.create({ messages: [{ role: "user", content: text }] });
const poll = { pollIntervalMs: 50 };

describe("max_tokens", () => {
  it("caps each model response at the assistant's max_tokens, and the run shows it", async () => {
    const thread = await threadWith("[[tokens: 400]]");
    const before = (await sentMaxTokens()).length;
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: cappedId }, poll);
    expect(run).toMatchObject({ status: "incomplete", incomplete_details: { reason: "max_completion_tokens" }, max_completion_tokens: null, max_tokens: 300 });
    expect((await sentMaxTokens()).slice(before)).toEqual([300]);
    const [message] = (await client.beta.threads.messages.list(thread.id, { limit: 1 })).data;
    expect(message).toMatchObject({ status: "incomplete", incomplete_details: { reason: "max_tokens" } });
    expect(run.usage!.completion_tokens).toBe(300);
  });

  it("sends the smaller of the cap and what is left of the run's budget", async () => {
    const thread = await threadWith("[[tokens: 5]]");
    const before = (await sentMaxTokens()).length;
    const budgeted = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: cappedId, max_completion_tokens: 256 }, poll);
    expect(budgeted).toMatchObject({ status: "completed", max_completion_tokens: 256, max_tokens: 300 });
    // A run's own max_tokens replaces the assistant's.
    const overridden = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: cappedId, max_completion_tokens: 1000, ...extension({ max_tokens: 280 }) }, poll);
    expect(overridden).toMatchObject({ status: "completed", max_tokens: 280 });
    expect((await sentMaxTokens()).slice(before)).toEqual([256, 280]);
  });

  it("keeps the cap on every model call of a run, after tool outputs too", async () => {
    // An assistant of its own: its cap changes during the test.
    const assistant = await client.beta.assistants.create({ model: "scripted-1", tools: [weather], ...extension({ max_tokens: 300 }) });
    const thread = await threadWith('[[tool: get_weather {"city":"Oslo"}]]');
    const before = (await sentMaxTokens()).length;
    const waiting = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id, max_completion_tokens: 2000 }, poll);
    expect(waiting.status).toBe("requires_action");
    // The assistant's cap changes meanwhile; the run keeps the settings it was made with.
    await client.beta.assistants.update(assistant.id, extension({ max_tokens: 500 }));
    const [call] = waiting.required_action!.submit_tool_outputs.tool_calls;
    const run = await client.beta.threads.runs.submitToolOutputsAndPoll(waiting.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: call!.id, output: "sunny" }] }, poll);
    expect(run).toMatchObject({ status: "completed", max_tokens: 300 });
    expect((await sentMaxTokens()).slice(before)).toEqual([300, 300]);
  });

  it("refuses a max_tokens that is not a positive integer, creating no run", async () => {
    const thread = await threadWith("hello");
    for (const value of [0, 1.5, "300"]) {
      const refused = await api("POST", `/threads/${thread.id}/runs`, { key: ws.apiKey, json: { assistant_id: cappedId, max_tokens: value } });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ type: "invalid_request_error", param: "max_tokens" });
    }
    expect((await client.beta.threads.runs.list(thread.id)).data).toEqual([]);
  });
});
