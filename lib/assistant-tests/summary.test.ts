import { describe, expect, it } from "vitest";
import { compareRuns, passRate, summarizeTests, totalsOf, type AttemptRow } from "@/lib/assistant-tests/summary";

const row = (test: string, attempt: number, status: AttemptRow["status"]): AttemptRow => ({ test_id: test, test_name: test.toUpperCase(), attempt, status });

describe("test run summary", () => {
  const rows = [row("a", 1, "passed"), row("a", 2, "passed"), row("b", 1, "passed"), row("b", 2, "failed"), row("b", 3, "passed"), row("c", 1, "errored"), row("d", 1, "running")];

  it("counts attempts by outcome", () => {
    const totals = totalsOf(rows);
    expect(totals).toEqual({ passed: 4, failed: 1, errored: 1, cancelled: 0, pending: 1, total: 7 });
    expect(passRate(totals)).toBe(0.8);
    expect(passRate(totalsOf([row("x", 1, "errored")]))).toBeNull();
  });

  it("gives each test its pass rate over repeats and marks the flaky ones", () => {
    expect(summarizeTests(rows)).toEqual([
      { test_id: "a", test_name: "A", attempts: 2, passed: 2, pass_rate: 1, flaky: false, status: "passed" },
      { test_id: "b", test_name: "B", attempts: 3, passed: 2, pass_rate: 0.6667, flaky: true, status: "failed" },
      { test_id: "c", test_name: "C", attempts: 1, passed: 0, pass_rate: null, flaky: false, status: "errored" },
      { test_id: "d", test_name: "D", attempts: 1, passed: 0, pass_rate: null, flaky: false, status: "pending" },
    ]);
  });

  it("says which tests broke or were fixed since the previous run, and how the pass rate moved", () => {
    const before = summarizeTests([row("a", 1, "passed"), row("b", 1, "failed"), row("c", 1, "passed"), row("gone", 1, "passed")]);
    const now = summarizeTests([row("a", 1, "failed"), row("b", 1, "passed"), row("c", 1, "passed"), row("new", 1, "failed")]);
    expect(compareRuns(now, before)).toEqual({ broke: ["a"], fixed: ["b"], pass_rate_change: 0 });
    const worse = summarizeTests([row("a", 1, "failed"), row("b", 1, "failed"), row("c", 1, "passed")]);
    expect(compareRuns(worse, before).pass_rate_change).toBe(-0.3333);
  });
});
