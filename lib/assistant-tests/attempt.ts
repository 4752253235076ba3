import type { MockOutputs } from "@/lib/assistants/mock-outputs";
import type { AssertionSpec } from "@/lib/assistant-tests/assertion-types";
import type { Outcome, TurnSubject } from "@/lib/assistant-tests/evaluate";
import type { TestTurn } from "@/lib/assistant-tests/wire";
import type { Usage } from "@/lib/runs/wire";

// One attempt at one test (issue 22): a thread of its own, each user turn posted and run with the
// variant under test (and the turn's overrides), the function calls answered with the test's mock
// outputs (the assistant's when the test has none), each turn's assertions decided on its reply,
// and the test's on the last. Pure over `AttemptIO`: the test-run worker passes the real thread,
// run and evaluation services; the unit tests pass a scripted conversation.

export type RunState = { id: string; status: string; lastError: string | null; calls: { id: string; name: string }[] };

export type AttemptIO = {
  createThread: () => Promise<string>;
  postMessage: (threadId: string, turn: TestTurn) => Promise<void>;
  startRun: (threadId: string, body: Record<string, unknown>) => Promise<string>;
  /** Resolves once the run ends or waits for tool outputs. */
  waitRun: (threadId: string, runId: string) => Promise<RunState>;
  submitOutputs: (threadId: string, runId: string, outputs: { tool_call_id: string; output: string }[]) => Promise<void>;
  cancelRun: (threadId: string, runId: string) => Promise<void>;
  /** The turn as the assertions see it: its reply, tool calls, usage and timings. */
  readTurn: (threadId: string, runId: string) => Promise<TurnSubject>;
  evaluate: (spec: AssertionSpec, subject: TurnSubject) => Promise<Outcome>;
  /** The attempt was cancelled (its test run was): stop between steps. */
  cancelled: () => boolean;
};

export type TurnResult = { run_id: string | null; reply: string | null; outcomes: Outcome[] };

export type AttemptResult = {
  status: "passed" | "failed" | "errored" | "cancelled";
  /** Why the attempt errored or was cancelled (its assertions say why it failed). */
  error: string | null;
  thread_id: string | null;
  turns: TurnResult[];
  /** The test's own assertions, on the last turn. */
  outcomes: Outcome[];
  usage: Usage | null;
  /** The turns' total times added up (waits for tool outputs included). */
  latency_ms: number | null;
};

export type AttemptInput = {
  turns: readonly TestTurn[];
  assertions: readonly AssertionSpec[];
  mockOutputs: MockOutputs;
  /** The run request for the variant under test (assistant_id, assistant_version or overrides). */
  runBody: Record<string, unknown>;
};

/** Tool-output rounds one turn may take before the attempt gives up (a model calling tools forever). */
export const MAX_TOOL_ROUNDS = 10;

const ENDED_BADLY: Record<string, string> = { failed: "failed", cancelled: "was cancelled", expired: "expired", incomplete: "ended incomplete" };

/** Tokens added up; a cost only while every turn had one in one currency (a partial sum would understate it). */
export function addUsage(total: Usage | null, usage: Usage | null): Usage | null {
  if (!usage) return total;
  const tokens = {
    prompt_tokens: (total?.prompt_tokens ?? 0) + usage.prompt_tokens,
    completion_tokens: (total?.completion_tokens ?? 0) + usage.completion_tokens,
    total_tokens: (total?.total_tokens ?? 0) + usage.total_tokens,
  };
  if (total === null) return usage.cost ? { ...tokens, cost: usage.cost } : tokens;
  const same = total.cost && usage.cost && total.cost.currency === usage.cost.currency;
  return same ? { ...tokens, cost: { amount: Math.round((total.cost!.amount + usage.cost!.amount) * 1e9) / 1e9, currency: usage.cost!.currency } } : tokens;
}

/** The attempt's status from its outcomes: an undecided check errors it, a failed one fails it. */
export function attemptStatus(outcomes: readonly Outcome[]): "passed" | "failed" | "errored" {
  if (outcomes.some((outcome) => outcome.errored)) return "errored";
  return outcomes.every((outcome) => outcome.pass) ? "passed" : "failed";
}

export async function runAttempt(input: AttemptInput, io: AttemptIO): Promise<AttemptResult> {
  const result: AttemptResult = { status: "passed", error: null, thread_id: null, turns: [], outcomes: [], usage: null, latency_ms: null };
  const stop = (status: "errored" | "cancelled", error: string) => ({ ...result, status, error });
  try {
    const threadId = await io.createThread();
    result.thread_id = threadId;
    let last: TurnSubject | null = null;
    for (const [index, turn] of input.turns.entries()) {
      if (io.cancelled()) return stop("cancelled", "The test run was cancelled.");
      await io.postMessage(threadId, turn);
      const runId = await io.startRun(threadId, { ...input.runBody, ...turn.overrides });
      const turnResult: TurnResult = { run_id: runId, reply: null, outcomes: [] };
      result.turns.push(turnResult);
      let state = await io.waitRun(threadId, runId);
      for (let round = 0; state.status === "requires_action"; round++) {
        const missing = [...new Set(state.calls.filter((call) => !Object.hasOwn(input.mockOutputs, call.name)).map((call) => call.name))];
        const problem = missing.length
          ? `Turn ${index + 1} called ${missing.join(", ")}, which has no mock output (give the test or the assistant one).`
          : round === MAX_TOOL_ROUNDS
            ? `Turn ${index + 1} asked for tool outputs ${MAX_TOOL_ROUNDS} times without answering.`
            : io.cancelled()
              ? "The test run was cancelled."
              : null;
        if (problem) {
          await io.cancelRun(threadId, runId).catch(() => {});
          return stop(io.cancelled() ? "cancelled" : "errored", problem);
        }
        await io.submitOutputs(threadId, runId, state.calls.map((call) => ({ tool_call_id: call.id, output: input.mockOutputs[call.name]!.output })));
        state = await io.waitRun(threadId, runId);
      }
      const subject = await io.readTurn(threadId, runId);
      turnResult.reply = subject.text;
      result.usage = addUsage(result.usage, subject.usage);
      result.latency_ms = subject.totalMs === null ? result.latency_ms : (result.latency_ms ?? 0) + subject.totalMs;
      if (state.status !== "completed" && io.cancelled()) return stop("cancelled", "The test run was cancelled.");
      if (state.status !== "completed") return stop("errored", `Turn ${index + 1}'s run ${ENDED_BADLY[state.status] ?? `ended ${state.status}`}${state.lastError ? `: ${state.lastError}` : "."}`);
      for (const spec of turn.assertions ?? []) turnResult.outcomes.push(await io.evaluate(spec, subject));
      last = subject;
    }
    for (const spec of input.assertions) result.outcomes.push(await io.evaluate(spec, last!));
    result.status = attemptStatus([...result.turns.flatMap((turn) => turn.outcomes), ...result.outcomes]);
    return result;
  } catch (error) {
    return stop("errored", `The attempt could not go on: ${(error as Error).message}`);
  }
}
