import type { TestResultObject, TestRunObject } from "@/lib/assistant-tests/run-wire";
import type { JUnitCase, JUnitSuite } from "@/lib/assistant-tests/junit";

// What `npm run atelier -- test` prints and writes (scripts/atelier.ts), from the API's objects:
// the progress line, the summary table, the failures' reasons, JUnit cases, and the exit code
// against --fail-under. Pure, so the CLI's output is unit-tested without a server.

const percent = (rate: number | null) => (rate === null ? "–" : `${(rate * 100).toFixed(rate === 1 || rate === 0 ? 0 : 1)}%`);

export function progressLine(run: TestRunObject): string {
  const { totals } = run;
  const done = totals.total - totals.pending;
  return `${run.status.padEnd(11)} ${done}/${totals.total} attempts · ${totals.passed} passed · ${totals.failed} failed · ${totals.errored} errored${totals.cancelled ? ` · ${totals.cancelled} cancelled` : ""}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...row[column]!].length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd());
}

/** Why an attempt did not pass, one line each: its error, or its failed and undecided assertions. */
export function reasonsOf(result: TestResultObject): string[] {
  if (result.error) return [result.error];
  const turnOutcomes = result.turns.flatMap((turn, index) => turn.outcomes.map((outcome) => ({ ...outcome, where: result.turns.length > 1 ? `turn ${index + 1} ` : "" })));
  return [...turnOutcomes, ...result.assertions.map((outcome) => ({ ...outcome, where: "" }))]
    .filter((outcome) => !outcome.pass || outcome.errored)
    .map((outcome) => `${outcome.where}${outcome.type}${outcome.errored ? " (could not be decided)" : ""}: ${outcome.reason}`);
}

export function summaryLines(run: TestRunObject, results: readonly TestResultObject[]): string[] {
  const byTest = new Map<string, TestResultObject[]>();
  for (const result of results) byTest.set(result.test_id, [...(byTest.get(result.test_id) ?? []), result]);
  const rows = [["TEST", "STATUS", "PASSED", "PASS RATE", "AVG LATENCY", "TOKENS"]];
  for (const test of run.tests) {
    const attempts = byTest.get(test.test_id) ?? [];
    const latencies = attempts.flatMap((attempt) => (attempt.latency_ms === null ? [] : [attempt.latency_ms]));
    const tokens = attempts.reduce((sum, attempt) => sum + (attempt.usage?.total_tokens ?? 0), 0);
    rows.push([
      test.test_name,
      `${test.status}${test.flaky ? " (flaky)" : ""}`,
      `${test.passed}/${test.attempts}`,
      percent(test.pass_rate),
      latencies.length ? `${Math.round(latencies.reduce((a, b) => a + b, 0) / latencies.length)} ms` : "–",
      String(tokens),
    ]);
  }
  const lines = table(rows);
  const failing = results.filter((result) => result.status === "failed" || result.status === "errored");
  if (failing.length) {
    lines.push("", "Not passed:");
    for (const result of failing) {
      lines.push(`  ✗ ${result.test_name}${run.repeat > 1 ? ` #${result.attempt}` : ""} (${result.status})${result.thread_id ? ` thread ${result.thread_id}` : ""}`);
      for (const reason of reasonsOf(result)) lines.push(`      ${reason}`);
    }
  }
  lines.push("", `${run.totals.passed} passed, ${run.totals.failed} failed, ${run.totals.errored} errored${run.totals.cancelled ? `, ${run.totals.cancelled} cancelled` : ""} · pass rate ${percent(run.pass_rate)} · assistant version ${run.assistant_version}`);
  if (run.regressions) {
    const names = new Map(run.tests.map((test) => [test.test_id, test.test_name]));
    const named = (ids: string[]) => ids.map((id) => names.get(id) ?? id).join(", ");
    const change = run.regressions.pass_rate_change;
    lines.push(
      `Since ${run.previous_test_run_id}: ${change === null ? "no common tests decided" : `pass rate ${change >= 0 ? "+" : ""}${(change * 100).toFixed(1)} points`}` +
        (run.regressions.broke.length ? ` · broke: ${named(run.regressions.broke)}` : "") +
        (run.regressions.fixed.length ? ` · fixed: ${named(run.regressions.fixed)}` : ""),
    );
  }
  return lines;
}

export function junitSuite(run: TestRunObject, results: readonly TestResultObject[]): JUnitSuite {
  const cases: JUnitCase[] = results.map((result) => ({
    name: run.repeat > 1 ? `${result.test_name} #${result.attempt}` : result.test_name,
    classname: `atelier.${run.assistant_id}`,
    time_ms: result.latency_ms,
    status: result.status === "passed" || result.status === "failed" || result.status === "errored" ? result.status : "cancelled",
    messages: result.status === "passed" ? [] : result.status === "cancelled" ? [result.error ?? "cancelled"] : reasonsOf(result),
    output: result.turns.map((turn, index) => `user (turn ${index + 1}): ${turn.content}\nassistant: ${turn.reply ?? "(no reply)"}`).join("\n\n") + (result.thread_id ? `\n\nthread: ${result.thread_id}` : ""),
  }));
  return { name: `Atelier tests: ${run.assistant_id} v${run.assistant_version}`, id: run.id, timestamp: new Date(run.created_at * 1000).toISOString().replace(/\.\d{3}Z$/, ""), cases };
}

/**
 * The exit code: 0 when the run completed and its pass rate reaches `failUnder` (every decided
 * attempt must pass when no threshold is given, and errored attempts count against it then);
 * 1 below it; 3 when the run did not complete (cancelled or failed).
 */
export function exitCode(run: TestRunObject, failUnder: number | null): 0 | 1 | 3 {
  if (run.status !== "completed") return 3;
  if (failUnder === null) return run.totals.failed === 0 && run.totals.errored === 0 ? 0 : 1;
  const decided = run.totals.passed + run.totals.failed + run.totals.errored;
  // Errored attempts count as not passed: a suite whose judge never answers must not go green.
  return decided > 0 && run.totals.passed / decided >= failUnder ? 0 : 1;
}
