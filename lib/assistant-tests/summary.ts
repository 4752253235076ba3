// A test run's numbers, from its attempts (issue 22): totals, each test's pass rate over its
// repeats (flaky: some attempts passed, some did not), and what changed since the previous run of
// the same tests (which tests flipped, the pass rate's change). Pure; the API, the console and the
// CLI show the same numbers.

export type AttemptStatus = "queued" | "running" | "passed" | "failed" | "errored" | "cancelled";
export type AttemptRow = { test_id: string; test_name: string; attempt: number; status: AttemptStatus };

export type Totals = { passed: number; failed: number; errored: number; cancelled: number; pending: number; total: number };

export type TestSummary = {
  test_id: string;
  test_name: string;
  attempts: number;
  passed: number;
  /** passed / decided attempts (errored and cancelled ones left out); null before any is decided. */
  pass_rate: number | null;
  /** Some attempts passed and some failed. */
  flaky: boolean;
  /** passed when every attempt passed, failed when any failed, errored when any errored (and none failed). */
  status: "passed" | "failed" | "errored" | "pending";
};

export function totalsOf(rows: readonly AttemptRow[]): Totals {
  const totals: Totals = { passed: 0, failed: 0, errored: 0, cancelled: 0, pending: 0, total: rows.length };
  for (const row of rows) {
    if (row.status === "queued" || row.status === "running") totals.pending++;
    else totals[row.status]++;
  }
  return totals;
}

export function summarizeTests(rows: readonly AttemptRow[]): TestSummary[] {
  const byTest = new Map<string, AttemptRow[]>();
  for (const row of rows) byTest.set(row.test_id, [...(byTest.get(row.test_id) ?? []), row]);
  return [...byTest.values()].map((attempts) => {
    const totals = totalsOf(attempts);
    const decided = totals.passed + totals.failed;
    const status = totals.pending ? "pending" : totals.failed ? "failed" : totals.errored ? "errored" : totals.passed === attempts.length ? "passed" : "errored";
    return {
      test_id: attempts[0]!.test_id,
      test_name: attempts[0]!.test_name,
      attempts: attempts.length,
      passed: totals.passed,
      pass_rate: decided ? Math.round((totals.passed / decided) * 1e4) / 1e4 : null,
      flaky: totals.passed > 0 && totals.failed > 0,
      status,
    };
  });
}

/** The share of decided attempts that passed, 0–1 (null: none decided). */
export function passRate(totals: Totals): number | null {
  const decided = totals.passed + totals.failed;
  return decided ? Math.round((totals.passed / decided) * 1e4) / 1e4 : null;
}

export type Regression = {
  /** Passed before, not now. */
  broke: string[];
  /** Did not pass before, passes now. */
  fixed: string[];
  /** This run's pass rate minus the previous one's (null when either has none). */
  pass_rate_change: number | null;
};

/** What changed since `previous`, over the tests both ran. */
export function compareRuns(current: readonly TestSummary[], previous: readonly TestSummary[]): Regression {
  const before = new Map(previous.map((test) => [test.test_id, test]));
  const broke: string[] = [];
  const fixed: string[] = [];
  let now = { passed: 0, decided: 0 };
  let then = { passed: 0, decided: 0 };
  for (const test of current) {
    const old = before.get(test.test_id);
    if (!old || test.status === "pending" || old.status === "pending") continue;
    if (old.status === "passed" && test.status !== "passed") broke.push(test.test_id);
    if (old.status !== "passed" && test.status === "passed") fixed.push(test.test_id);
    if (test.pass_rate !== null && old.pass_rate !== null) {
      now = { passed: now.passed + test.pass_rate, decided: now.decided + 1 };
      then = { passed: then.passed + old.pass_rate, decided: then.decided + 1 };
    }
  }
  const change = now.decided ? Math.round(((now.passed - then.passed) / now.decided) * 1e4) / 1e4 : null;
  return { broke, fixed, pass_rate_change: change };
}
