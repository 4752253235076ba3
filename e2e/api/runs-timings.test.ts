import type { OpenAI } from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sdkClient } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// The run object's `timings` extension (lib/runs/model-calls.ts): the run's start and end to the
// millisecond and each model call's start, first token, end and completion tokens, recorded with
// the run's status when each segment ends. Against the scripted model, whose delays are known.

let ws: TestWorkspace;
let sdk: ReturnType<typeof sdkClient>;
let client: OpenAI;
let assistantId: string;

type ModelCall = { started_at: number; first_token_at: number | null; ended_at: number; completion_tokens: number };
type Timings = { created_at: number; ended_at: number | null; model_calls: ModelCall[] };
const timingsOf = (run: OpenAI.Beta.Threads.Run) => (run as unknown as { timings: Timings }).timings;

const weather = { type: "function" as const, function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } };
const poll = { pollIntervalMs: 50 };

beforeAll(async () => {
  ({ ws } = await provision(async (lib) => ({ ws: await createTestWorkspace(lib, "run-timings") })));
  sdk = sdkClient(ws.apiKey);
  client = sdk.client;
  assistantId = (await client.beta.assistants.create({ model: "scripted-1", tools: [weather] })).id;
});

afterEach(async () => {
  await sdk.settled();
  expect(sdk.contractViolations(), "every response and event must match the OpenAI contract").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(releaseDatabase);

describe("run timings", () => {
  it("records one model call per segment; the wait for tool outputs lies between them", async () => {
    const thread = await client.beta.threads.create({ messages: [{ role: "user", content: '[[tool: get_weather {"city": "Oslo"}]] [[first-delay: 120]] [[after-tools: a b c]]' }] });
    const waiting = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistantId }, poll);
    expect(waiting.status).toBe("requires_action");
    const first = timingsOf(waiting);
    expect(first.ended_at).toBeNull();
    expect(first.model_calls).toHaveLength(1);
    expect(Math.floor(first.created_at / 1000)).toBe(waiting.created_at);

    await new Promise((resolve) => setTimeout(resolve, 300));
    const callId = waiting.required_action!.submit_tool_outputs.tool_calls[0]!.id;
    const run = await client.beta.threads.runs.submitToolOutputsAndPoll(waiting.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: callId, output: "sunny" }] }, poll);
    expect(run.status).toBe("completed");
    const { created_at, ended_at, model_calls } = timingsOf(run);
    expect(Math.floor(ended_at! / 1000)).toBe(run.completed_at);
    expect(model_calls).toHaveLength(2);
    const [tool, answer] = model_calls as [ModelCall, ModelCall];
    expect(tool).toEqual(first.model_calls[0]);
    for (const call of model_calls) {
      // Each waited for the scripted first delay before its first token.
      expect(call.first_token_at! - call.started_at).toBeGreaterThanOrEqual(120);
      expect(call.ended_at).toBeGreaterThanOrEqual(call.first_token_at!);
    }
    expect(tool.started_at).toBeGreaterThanOrEqual(created_at);
    // The second call starts after the outputs came, at least the 300 ms the client took.
    expect(answer.started_at - tool.ended_at).toBeGreaterThanOrEqual(300);
    expect(ended_at!).toBeGreaterThanOrEqual(answer.ended_at);
    expect(tool.completion_tokens + answer.completion_tokens).toBe(run.usage!.completion_tokens);
    expect(answer.completion_tokens).toBe(3);

    // The same on a plain read.
    expect(timingsOf(await client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id }))).toEqual(timingsOf(run));
  });

  it("records a failed model call, with no first token", async () => {
    const thread = await client.beta.threads.create({ messages: [{ role: "user", content: "[[fail: 500]]" }] });
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistantId }, poll);
    expect(run.status).toBe("failed");
    const timings = timingsOf(run);
    expect(timings.model_calls).toHaveLength(1);
    expect(timings.model_calls[0]).toMatchObject({ first_token_at: null, completion_tokens: 0 });
    expect(Math.floor(timings.ended_at! / 1000)).toBe(run.failed_at);
  });
});
