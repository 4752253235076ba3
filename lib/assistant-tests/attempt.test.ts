import { describe, expect, it } from "vitest";
import { assertionSchema, type AssertionSpec } from "@/lib/assistant-tests/assertion-types";
import { addUsage, runAttempt, type AttemptIO, type AttemptInput, type RunState } from "@/lib/assistant-tests/attempt";
import { deterministicDeps } from "@/lib/assistant-tests/check-deps";
import { evaluateAssertion, type TurnSubject } from "@/lib/assistant-tests/evaluate";

// One attempt over a scripted conversation: turns posted and run with the variant's body and the
// turn's overrides, tool calls answered with the mocks, assertions decided per turn and on the last.

type Script = { states: RunState[]; subject: Partial<TurnSubject> }[];

function fakeIO(script: Script, options: { cancelAfterTurns?: number } = {}) {
  const log: string[] = [];
  const bodies: Record<string, unknown>[] = [];
  const submitted: unknown[] = [];
  let turn = -1;
  let state = 0;
  const io: AttemptIO = {
    createThread: async () => "thread_1",
    postMessage: async (_thread, message) => void log.push(`post ${message.content}`),
    startRun: async (_thread, body) => {
      turn++;
      state = 0;
      bodies.push(body);
      return `run_${turn}`;
    },
    waitRun: async () => script[turn]!.states[state++]!,
    submitOutputs: async (_thread, runId, outputs) => void submitted.push({ runId, outputs }),
    cancelRun: async (_thread, runId) => void log.push(`cancel ${runId}`),
    readTurn: async () => ({ text: "", toolCalls: [], usage: null, firstTokenMs: null, totalMs: null, responseFormat: null, ...script[turn]!.subject }),
    evaluate: (spec, subject) => evaluateAssertion(spec, subject, { ...deterministicDeps, judge: async () => "", embed: async () => [], judgeModel: null, embeddingModel: null }),
    cancelled: () => options.cancelAfterTurns !== undefined && turn + 1 >= options.cancelAfterTurns,
  };
  return { io, log, bodies, submitted };
}

const spec = (value: Record<string, unknown>) => assertionSchema.parse(value) as AssertionSpec;
const completed = (id: string): RunState => ({ id, status: "completed", lastError: null, calls: [] });
const usage = (tokens: number, cost?: number) => ({ prompt_tokens: tokens, completion_tokens: tokens, total_tokens: 2 * tokens, ...(cost !== undefined && { cost: { amount: cost, currency: "USD" } }) });

const input = (overrides: Partial<AttemptInput> = {}): AttemptInput => ({
  turns: [
    { role: "user", content: "weather?", assertions: [spec({ type: "tool-called", value: "get_weather" })] },
    { role: "user", content: "thanks", overrides: { temperature: 0.1 } },
  ],
  assertions: [spec({ type: "icontains", value: "WELCOME" })],
  mockOutputs: { get_weather: { format: "json", output: '{"temp": 21}' } },
  runBody: { assistant_id: "asst_1", assistant_version: 3 },
  ...overrides,
});

const weatherTurn = { states: [{ id: "run_0", status: "requires_action", lastError: null, calls: [{ id: "call_1", name: "get_weather" }] }, completed("run_0")], subject: { text: "21 degrees", toolCalls: [{ type: "function", name: "get_weather", arguments: "{}" }], usage: usage(10, 0.001), totalMs: 400 } };

describe("runAttempt", () => {
  it("runs each turn with the variant and its overrides, answers tools with the mocks, and passes", async () => {
    const { io, log, bodies, submitted } = fakeIO([weatherTurn, { states: [completed("run_1")], subject: { text: "You are welcome", usage: usage(5, 0.0005), totalMs: 100 } }]);
    const result = await runAttempt(input(), io);
    expect(result).toMatchObject({ status: "passed", error: null, thread_id: "thread_1", latency_ms: 500, usage: { total_tokens: 30, cost: { amount: 0.0015, currency: "USD" } } });
    expect(result.turns).toMatchObject([{ run_id: "run_0", reply: "21 degrees", outcomes: [{ type: "tool-called", pass: true }] }, { run_id: "run_1", reply: "You are welcome", outcomes: [] }]);
    expect(result.outcomes).toMatchObject([{ type: "icontains", pass: true }]);
    expect(log).toEqual(["post weather?", "post thanks"]);
    expect(bodies).toEqual([{ assistant_id: "asst_1", assistant_version: 3 }, { assistant_id: "asst_1", assistant_version: 3, temperature: 0.1 }]);
    expect(submitted).toEqual([{ runId: "run_0", outputs: [{ tool_call_id: "call_1", output: '{"temp": 21}' }] }]);
  });

  it("fails on a failed assertion and errors on an undecided one", async () => {
    const failing = await runAttempt(input(), fakeIO([weatherTurn, { states: [completed("run_1")], subject: { text: "Bye" } }]).io);
    expect(failing).toMatchObject({ status: "failed", outcomes: [{ pass: false }] });
    const undecided = await runAttempt(input({ assertions: [spec({ type: "cost", threshold: 1 })] }), fakeIO([weatherTurn, { states: [completed("run_1")], subject: { text: "You are welcome", usage: usage(1) } }]).io);
    expect(undecided.status).toBe("errored");
  });

  it("errors, cancelling the run, when a called function has no mock output", async () => {
    const { io, log } = fakeIO([weatherTurn]);
    const result = await runAttempt(input({ mockOutputs: {} }), io);
    expect(result).toMatchObject({ status: "errored", error: expect.stringContaining("get_weather, which has no mock output") });
    expect(log).toContain("cancel run_0");
  });

  it("errors with the run's last_error when a turn's run fails", async () => {
    const result = await runAttempt(input(), fakeIO([{ states: [{ id: "run_0", status: "failed", lastError: "The model provider failed (HTTP 500)", calls: [] }], subject: { text: "" } }]).io);
    expect(result).toMatchObject({ status: "errored", error: "Turn 1's run failed: The model provider failed (HTTP 500)" });
  });

  it("stops between turns once cancelled, and a model that calls tools forever", async () => {
    expect(await runAttempt(input(), fakeIO([weatherTurn], { cancelAfterTurns: 1 }).io)).toMatchObject({ status: "cancelled", turns: [{ run_id: "run_0" }] });
    const looping = { states: Array.from({ length: 20 }, (): RunState => ({ id: "run_0", status: "requires_action", lastError: null, calls: [{ id: "c", name: "get_weather" }] })), subject: {} };
    expect(await runAttempt(input(), fakeIO([looping]).io)).toMatchObject({ status: "errored", error: expect.stringContaining("10 times") });
  });

  it("is cancelled, not errored, when its run was cancelled because the test run was", async () => {
    const cancelledRun = { states: [{ id: "run_0", status: "cancelled", lastError: null, calls: [] }], subject: {} };
    const { io } = fakeIO([cancelledRun]);
    let asked = 0;
    // Not yet cancelled when the turn starts; cancelled by the time its run ends.
    expect(await runAttempt(input(), { ...io, cancelled: () => asked++ > 0 })).toMatchObject({ status: "cancelled", error: "The test run was cancelled." });
    expect(await runAttempt(input(), fakeIO([cancelledRun]).io)).toMatchObject({ status: "errored", error: "Turn 1's run was cancelled." });
  });

  it("errors, saying why, when the thread or a run cannot be made", async () => {
    const { io } = fakeIO([]);
    const result = await runAttempt(input(), { ...io, startRun: () => Promise.reject(new Error("No assistant version 9")) });
    expect(result).toMatchObject({ status: "errored", error: "The attempt could not go on: No assistant version 9" });
  });
});

describe("addUsage", () => {
  it("adds tokens, and costs only while every turn has one", () => {
    expect(addUsage(usage(1, 0.1), usage(2, 0.2))).toEqual({ ...usage(3), cost: { amount: 0.3, currency: "USD" } });
    expect(addUsage(usage(1), usage(2, 0.2))).toEqual(usage(3));
    expect(addUsage(null, usage(2))).toEqual(usage(2));
    expect(addUsage(usage(2), null)).toEqual(usage(2));
  });
});
