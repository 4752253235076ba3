import { describe, expect, it } from "vitest";
import { exitCode, junitSuite, progressLine, reasonsOf, summaryLines } from "@/lib/assistant-tests/cli-report";
import type { TestResultObject, TestRunObject } from "@/lib/assistant-tests/run-wire";

const run = (over: Partial<TestRunObject> = {}): TestRunObject => ({
  id: "testrun_1",
  object: "assistant.test_run",
  created_at: 1_765_000_000,
  assistant_id: "asst_1",
  version: null,
  assistant_version: 3,
  overrides: null,
  repeat: 2,
  concurrency: null,
  judge_model: null,
  trigger: "api",
  created_by: "ci",
  status: "completed",
  started_at: 1_765_000_001,
  completed_at: 1_765_000_009,
  cancelled_at: null,
  failed_at: null,
  last_error: null,
  totals: { passed: 3, failed: 1, errored: 0, cancelled: 0, pending: 0, total: 4 },
  pass_rate: 0.75,
  tests: [
    { test_id: "test_a", test_name: "greets", attempts: 2, passed: 2, pass_rate: 1, flaky: false, status: "passed" },
    { test_id: "test_b", test_name: "weather", attempts: 2, passed: 1, pass_rate: 0.5, flaky: true, status: "failed" },
  ],
  previous_test_run_id: "testrun_0",
  regressions: { broke: ["test_b"], fixed: [], pass_rate_change: -0.25 },
  ...over,
});

const result = (over: Partial<TestResultObject>): TestResultObject => ({
  id: "testres_1",
  object: "assistant.test_result",
  created_at: 1_765_000_000,
  test_run_id: "testrun_1",
  test_id: "test_a",
  test_name: "greets",
  attempt: 1,
  status: "passed",
  thread_id: "thread_1",
  turns: [{ content: "hi", run_id: "run_1", reply: "Hello!", outcomes: [] }],
  assertions: [{ type: "icontains", pass: true, score: 1, reason: "The reply contains \"hello\"." }],
  usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  latency_ms: 400,
  error: null,
  started_at: 1_765_000_001,
  ended_at: 1_765_000_002,
  ...over,
});

const failedWeather = result({
  id: "testres_4",
  test_id: "test_b",
  test_name: "weather",
  attempt: 2,
  status: "failed",
  thread_id: "thread_4",
  turns: [
    { content: "weather?", run_id: "run_4", reply: "Sunny", outcomes: [{ type: "tool-called", pass: false, score: 0, reason: "get_weather was not called." }] },
    { content: "and tomorrow?", run_id: "run_5", reply: "Rain", outcomes: [] },
  ],
  assertions: [
    { type: "contains", pass: true, score: 1, reason: "ok" },
    { type: "cost", pass: false, score: 0, reason: "no price", errored: true },
  ],
  latency_ms: 800,
});
const results = [result({}), result({ id: "testres_2", attempt: 2, latency_ms: 600 }), result({ id: "testres_3", test_id: "test_b", test_name: "weather" }), failedWeather];

describe("the CLI's report", () => {
  it("shows progress as decided attempts of all", () => {
    expect(progressLine(run({ status: "in_progress", totals: { passed: 1, failed: 1, errored: 0, cancelled: 0, pending: 2, total: 4 } }))).toBe("in_progress 2/4 attempts · 1 passed · 1 failed · 0 errored");
  });

  it("names each failed or undecided assertion, with its turn when there are several", () => {
    expect(reasonsOf(failedWeather)).toEqual(["turn 1 tool-called: get_weather was not called.", "cost (could not be decided): no price"]);
    expect(reasonsOf(result({ status: "errored", error: "Turn 1's run failed." }))).toEqual(["Turn 1's run failed."]);
  });

  it("prints a table per test, what did not pass, the totals and the regressions", () => {
    expect(summaryLines(run(), results)).toEqual([
      "TEST     STATUS          PASSED  PASS RATE  AVG LATENCY  TOKENS",
      "greets   passed          2/2     100%       500 ms       30",
      "weather  failed (flaky)  1/2     50.0%      600 ms       30",
      "",
      "Not passed:",
      "  ✗ weather #2 (failed) thread thread_4",
      "      turn 1 tool-called: get_weather was not called.",
      "      cost (could not be decided): no price",
      "",
      "3 passed, 1 failed, 0 errored · pass rate 75.0% · assistant version 3",
      "Since testrun_0: pass rate -25.0 points · broke: weather",
    ]);
  });

  it("makes a JUnit case per attempt with its transcript", () => {
    const suite = junitSuite(run(), results);
    expect(suite).toMatchObject({ name: "Atelier tests: asst_1 v3", id: "testrun_1", timestamp: "2025-12-06T05:46:40" });
    expect(suite.cases[3]).toEqual({
      name: "weather #2",
      classname: "atelier.asst_1",
      time_ms: 800,
      status: "failed",
      messages: ["turn 1 tool-called: get_weather was not called.", "cost (could not be decided): no price"],
      output: "user (turn 1): weather?\nassistant: Sunny\n\nuser (turn 2): and tomorrow?\nassistant: Rain\n\nthread: thread_4",
    });
  });

  it("exits 0 at or over the threshold, 1 under it, 3 when the run did not complete", () => {
    expect(exitCode(run(), 0.75)).toBe(0);
    expect(exitCode(run(), 0.8)).toBe(1);
    expect(exitCode(run(), null)).toBe(1);
    expect(exitCode(run({ totals: { passed: 4, failed: 0, errored: 0, cancelled: 0, pending: 0, total: 4 } }), null)).toBe(0);
    // Errored attempts count against the threshold: a judge that never answers does not go green.
    expect(exitCode(run({ totals: { passed: 1, failed: 0, errored: 3, cancelled: 0, pending: 0, total: 4 } }), 0.5)).toBe(1);
    expect(exitCode(run({ status: "cancelled" }), 0)).toBe(3);
    expect(exitCode(run({ status: "failed" }), null)).toBe(3);
  });
});
