import type { AssistantTestResult, AssistantTestRun } from "@/lib/generated/prisma/client";
import type { MockOutputs } from "@/lib/assistants/mock-outputs";
import type { AssertionSpec } from "@/lib/assistant-tests/assertion-types";
import type { Outcome } from "@/lib/assistant-tests/evaluate";
import type { TurnResult } from "@/lib/assistant-tests/attempt";
import { compareRuns, passRate, summarizeTests, totalsOf, type AttemptRow, type Regression, type TestSummary, type Totals } from "@/lib/assistant-tests/summary";
import type { TestTurn } from "@/lib/assistant-tests/wire";
import type { Usage } from "@/lib/runs/wire";
import { unixSeconds } from "@/lib/wire";

// Test runs and their results as the API returns them (Atelier extensions `assistant.test_run`
// and `assistant.test_result`). The numbers come from the pure summary (lib/assistant-tests/summary.ts),
// so the API, the console and the CLI agree.

/** The test as a result keeps it: what the attempt ran and checked. */
export type AttemptSpec = { turns: TestTurn[]; assertions: AssertionSpec[]; mock_outputs: MockOutputs };

export type TestRunObject = {
  id: string;
  object: "assistant.test_run";
  created_at: number;
  assistant_id: string;
  /** As asked: a version number, a label, or null (the assistant as it was). */
  version: number | string | null;
  /** The version the attempts ran. */
  assistant_version: number;
  overrides: Record<string, unknown> | null;
  repeat: number;
  concurrency: number | null;
  judge_model: string | null;
  trigger: string;
  created_by: string;
  status: string;
  started_at: number | null;
  completed_at: number | null;
  cancelled_at: number | null;
  failed_at: number | null;
  last_error: { code: "server_error"; message: string } | null;
  totals: Totals;
  /** Passed over decided attempts, 0–1; null before any is decided. */
  pass_rate: number | null;
  tests: TestSummary[];
  /** The assistant's completed test run before this one, and what changed since it (tests both ran). */
  previous_test_run_id: string | null;
  regressions: Regression | null;
};

const seconds = (date: Date | null) => (date ? unixSeconds(date) : null);
const endedAs = (row: AssistantTestRun, status: string) => (row.status === status ? seconds(row.endedAt) : null);

export function toTestRunObject(row: AssistantTestRun & { rows: AttemptRow[]; previous: { id: string; rows: AttemptRow[] } | null }): TestRunObject {
  const totals = totalsOf(row.rows);
  const tests = summarizeTests(row.rows);
  const requested = row.versionRequested === null ? null : /^\d+$/.test(row.versionRequested) ? Number(row.versionRequested) : row.versionRequested;
  return {
    id: row.id,
    object: "assistant.test_run",
    created_at: unixSeconds(row.createdAt),
    assistant_id: row.assistantId,
    version: requested,
    assistant_version: row.assistantVersion,
    overrides: (row.overrides ?? null) as Record<string, unknown> | null,
    repeat: row.repeat,
    concurrency: row.concurrency || null,
    judge_model: row.judgeModel,
    trigger: row.trigger,
    created_by: row.createdBy,
    status: row.status,
    started_at: seconds(row.startedAt),
    completed_at: endedAs(row, "completed"),
    cancelled_at: endedAs(row, "cancelled"),
    failed_at: endedAs(row, "failed"),
    last_error: row.lastError ? { code: "server_error", message: row.lastError } : null,
    totals,
    pass_rate: passRate(totals),
    tests,
    previous_test_run_id: row.previous?.id ?? null,
    regressions: row.previous ? compareRuns(tests, summarizeTests(row.previous.rows)) : null,
  };
}

export type TestResultObject = {
  id: string;
  object: "assistant.test_result";
  created_at: number;
  test_run_id: string;
  test_id: string;
  test_name: string;
  attempt: number;
  status: string;
  /** The attempt's thread (open it in the playground, or read it through the API). */
  thread_id: string | null;
  /** Each user turn with its run, the reply and its own assertions' outcomes. */
  turns: (TurnResult & { content: string })[];
  /** The test's assertions, checked on the last turn. */
  assertions: Outcome[];
  usage: Usage | null;
  latency_ms: number | null;
  error: string | null;
  started_at: number | null;
  ended_at: number | null;
};

export function toTestResultObject(row: AssistantTestResult): TestResultObject {
  const spec = row.spec as unknown as AttemptSpec;
  const turns = (row.turns ?? []) as TurnResult[];
  return {
    id: row.id,
    object: "assistant.test_result",
    created_at: unixSeconds(row.createdAt),
    test_run_id: row.testRunId,
    test_id: row.testId,
    test_name: row.testName,
    attempt: row.attempt,
    status: row.status,
    thread_id: row.threadId,
    turns: spec.turns.map((turn, index) => ({ content: turn.content, run_id: turns[index]?.run_id ?? null, reply: turns[index]?.reply ?? null, outcomes: turns[index]?.outcomes ?? [] })),
    assertions: (row.outcomes ?? []) as Outcome[],
    usage: (row.usage ?? null) as Usage | null,
    latency_ms: row.latencyMs,
    error: row.error,
    started_at: seconds(row.startedAt),
    ended_at: seconds(row.endedAt),
  };
}
