import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { summarize } from "./test-summary";

// npm test's closing line counts a vitest run that failed outside its tests (the API suite's secret
// scan fails the run from its global teardown, after the JSON report is written).

const dir = mkdtempSync(path.join(tmpdir(), "test-summary-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, body: unknown) => {
  const at = path.join(dir, name);
  writeFileSync(at, JSON.stringify(body));
  return at;
};
const reports = { vitest: file("vitest.json", { numPassedTests: 3, numFailedTests: 0, success: true, testResults: [] }), playwright: file("pw.json", { stats: { expected: 2 } }) };

describe("summarize", () => {
  it("counts the reports' tests", () => {
    expect(summarize(reports, 0)).toMatchObject({ passed: 5, failed: 0, notes: [], line: "5 passed, 0 failed" });
  });

  it("counts one failure, with a note, when vitest exited non-zero with every test passed", () => {
    expect(summarize(reports, 1)).toMatchObject({ failed: 1, line: "5 passed, 1 failed", notes: [expect.stringMatching(/^vitest: exited 1 with no failing test/)] });
  });
});
