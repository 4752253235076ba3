import type { OpenAI } from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { action, addMember, callAction, createUser, signInCookie } from "./support/console";
import { sdkClient } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// Model prices (issue 21, part 4): set by owners in Settings → Providers, a run and its steps then
// carry `usage.cost` worked out from their tokens; without a price none, and a price changed later
// leaves what past runs cost as it was.

type Cost = { amount: number; currency: string };
type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number; cost?: Cost };
const usageOf = (value: { usage?: unknown } | null) => (value?.usage ?? null) as Usage | null;
const expected = (usage: Usage, input: number, output: number) => Math.round(((usage.prompt_tokens * input + usage.completion_tokens * output) / 1e6) * 1e9) / 1e9;

let ws: TestWorkspace;
let sdk: ReturnType<typeof sdkClient>;
let client: OpenAI;
let owner: string;
let editor: string;

const weather = { type: "function" as const, function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } };
const poll = { pollIntervalMs: 50 };

beforeAll(async () => {
  const made = await provision(async (lib) => {
    const ws = await createTestWorkspace(lib, "prices");
    const ownerUser = await createUser(lib, "prices-owner");
    await addMember(lib, ws.id, ownerUser, "owner");
    const editorUser = await createUser(lib, "prices-editor");
    await addMember(lib, ws.id, editorUser, "editor");
    return { ws, ownerUser, editorUser };
  });
  ws = made.ws;
  [owner, editor] = await Promise.all([signInCookie(made.ownerUser), signInCookie(made.editorUser)]);
  sdk = sdkClient(ws.apiKey);
  client = sdk.client;
});

afterEach(async () => {
  await sdk.settled();
  expect(sdk.contractViolations(), "every response and event must match the contract").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(releaseDatabase);

const setPrice = (model: string, input: string, output: string, currency = "USD", cookie = owner) =>
  callAction(action("saveModelPrice"), { model, inputPerMillion: input, outputPerMillion: output, currency }, { cookie });

describe("model prices", () => {
  it("costs a run and its steps once its model has a price, and only then", async () => {
    const assistant = await client.beta.assistants.create({ model: "scripted-priced", tools: [weather] });
    const unpriced = await client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: "user", content: "[[reply: one two three]]" }] } }, poll);
    expect(unpriced.status).toBe("completed");
    expect(usageOf(unpriced)).not.toHaveProperty("cost");

    expect((await setPrice("scripted-priced", "2.5", "10")).result).toMatchObject({ ok: true, data: { model: "scripted-priced", inputPerMillion: 2.5, outputPerMillion: 10, currency: "USD" } });
    const thread = await client.beta.threads.create({ messages: [{ role: "user", content: '[[tool: get_weather {"city": "Oslo"}]] [[after-tools: warm and dry]]' }] });
    const waiting = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, poll);
    expect(waiting.status).toBe("requires_action");
    const first = usageOf(waiting)!;
    expect(first.cost).toEqual({ amount: expected(first, 2.5, 10), currency: "USD" });

    const callId = waiting.required_action!.submit_tool_outputs.tool_calls[0]!.id;
    const stream = client.beta.threads.runs.submitToolOutputsStream(waiting.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: callId, output: "sunny" }] });
    const events: { event: string; data: unknown }[] = [];
    for await (const event of stream) events.push(event);
    const completed = events.find((event) => event.event === "thread.run.completed")!.data as { usage: Usage };
    const usage = completed.usage;
    expect(usage.completion_tokens).toBeGreaterThan(first.completion_tokens);
    expect(usage.cost).toEqual({ amount: expected(usage, 2.5, 10), currency: "USD" });
    expect(usage.cost!.amount).toBeGreaterThan(0);

    // Each step's cost is its model call's; together they are the run's.
    const steps = await client.beta.threads.runs.steps.list(waiting.id, { thread_id: thread.id });
    const costs = steps.data.flatMap((step) => (usageOf(step)?.cost ? [usageOf(step)!.cost!.amount] : []));
    expect(costs.length).toBeGreaterThanOrEqual(2);
    expect(costs.reduce((sum, amount) => sum + amount, 0)).toBeCloseTo(usage.cost!.amount, 9);
    const read = await client.beta.threads.runs.retrieve(waiting.id, { thread_id: thread.id });
    expect(usageOf(read)).toEqual(usage);

    // A new price applies to runs from then on; the finished run keeps its cost.
    expect((await setPrice("scripted-priced", "1", "1", "EUR")).result).toMatchObject({ ok: true });
    expect(usageOf(await client.beta.threads.runs.retrieve(waiting.id, { thread_id: thread.id }))).toEqual(usage);
    const later = await client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: "user", content: "[[reply: ok]]" }] } }, poll);
    expect(usageOf(later)!.cost).toEqual({ amount: expected(usageOf(later)!, 1, 1), currency: "EUR" });

    // Removed: new runs state none again.
    expect((await callAction(action("removeModelPrice"), { model: "scripted-priced" }, { cookie: owner })).result).toMatchObject({ ok: true });
    const after = await client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: "user", content: "[[reply: ok]]" }] } }, poll);
    expect(usageOf(after)).not.toHaveProperty("cost");
  });

  it("refuses bad prices with field errors and editors' changes, writing nothing", async () => {
    const bad = await setPrice("", "-1", "lots", "dollars");
    expect(bad.result).toMatchObject({ ok: false, code: "invalid_request" });
    expect(Object.keys((bad.result as { fieldErrors: object }).fieldErrors).sort()).toEqual(["currency", "inputPerMillion", "model", "outputPerMillion"]);
    expect((await setPrice("scripted-editor", "1", "1", "USD", editor)).result).toMatchObject({ ok: false, code: "forbidden" });
    expect((await callAction(action("removeModelPrice"), { model: "never-priced" }, { cookie: owner })).result).toMatchObject({ ok: false, code: "not_found" });
    const assistant = await client.beta.assistants.create({ model: "scripted-editor" });
    const run = await client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: "user", content: "hi" }] } }, poll);
    expect(usageOf(run)).not.toHaveProperty("cost");
  });
});
