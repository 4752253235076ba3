// Adds up the test runners' JSON reports and prints one closing line: `N passed, N failed`
// (`, N skipped` only when some were). CI reads that line as the test count, so it must be the
// last thing printed. A missing or unreadable report counts as a failure, and says so first.
//
//   npx tsx scripts/test-summary.ts [--vitest <file>] [--playwright <file>]
//
// Exits 1 when anything failed (or a report is missing), 0 otherwise.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

export const DEFAULT_REPORTS = {
  vitest: "test-results/vitest.json",
  playwright: "test-results/playwright.json",
} as const;

export type Counts = { passed: number; failed: number; skipped: number };

export type Summary = Counts & {
  /** Lines to print before the closing line: missing reports, errors outside tests. */
  notes: string[];
  /** `N passed, N failed[, N skipped]` */
  line: string;
};

type VitestReport = {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
  success?: boolean;
  testResults?: { name?: string; status?: string; message?: string; assertionResults?: { status?: string }[] }[];
};

type PlaywrightReport = {
  stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number };
  errors?: { message?: string }[];
};

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function firstLine(text: string | undefined): string {
  return (text ?? "").split("\n").find((line) => line.trim())?.trim().slice(0, 300) ?? "";
}

/** vitest's `json` reporter. Files that failed outside any test (import error, hook) count once each. */
export function countVitest(report: VitestReport, notes: string[] = []): Counts {
  const counts: Counts = {
    passed: num(report.numPassedTests),
    failed: num(report.numFailedTests),
    skipped: num(report.numPendingTests) + num(report.numTodoTests),
  };
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === "failed").length;
    if (file.status === "failed" && failedTests === 0) {
      counts.failed += 1;
      notes.push(`vitest: ${path.relative(process.cwd(), file.name ?? "?")} failed outside its tests: ${firstLine(file.message) || "see the log above"}`);
    }
  }
  if (report.success === false && counts.failed === 0) {
    counts.failed += 1;
    notes.push("vitest: the run failed without a failing test (no test files, or an error outside the tests; see the log above)");
  }
  return counts;
}

/** Playwright's `json` reporter. Flaky tests passed on retry; errors outside tests (webServer, setup) count once each. */
export function countPlaywright(report: PlaywrightReport, notes: string[] = []): Counts {
  const stats = report.stats ?? {};
  const counts: Counts = {
    passed: num(stats.expected) + num(stats.flaky),
    failed: num(stats.unexpected),
    skipped: num(stats.skipped),
  };
  if (num(stats.flaky) > 0) notes.push(`playwright: ${num(stats.flaky)} test(s) passed only on retry (flaky)`);
  for (const error of report.errors ?? []) {
    counts.failed += 1;
    notes.push(`playwright: error outside the tests: ${firstLine(error.message) || "see the log above"}`);
  }
  return counts;
}

export function formatLine({ passed, failed, skipped }: Counts): string {
  return `${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : "");
}

function readReport<T>(label: string, file: string, notes: string[]): T | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    notes.push(`${label}: report ${file} is missing: counted as 1 failure (the runner did not finish, or never started)`);
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== "object") throw new Error("not a JSON object");
    return parsed as T;
  } catch (error) {
    notes.push(`${label}: report ${file} is unreadable (${(error as Error).message}): counted as 1 failure`);
    return undefined;
  }
}

/**
 * `vitestExit`: vitest's exit code when known (npm test). Non-zero with no failing test in the report
 * is an error outside the tests the JSON report does not show (an unhandled error, the API suite's
 * secret scan in its global teardown): counted as one failure.
 */
export function summarize(files: { vitest?: string; playwright?: string } = {}, vitestExit?: number): Summary {
  const notes: string[] = [];
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  const add = (counts: Counts) => {
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  };

  const vitest = readReport<VitestReport>("vitest", files.vitest ?? DEFAULT_REPORTS.vitest, notes);
  const vitestCounts = vitest ? countVitest(vitest, notes) : { passed: 0, failed: 1, skipped: 0 };
  if (vitestExit && vitestCounts.failed === 0) {
    vitestCounts.failed = 1;
    notes.push(`vitest: exited ${vitestExit} with no failing test: an error outside the tests, such as the API suite's secret scan (see the log above)`);
  }
  add(vitestCounts);

  const playwright = readReport<PlaywrightReport>("playwright", files.playwright ?? DEFAULT_REPORTS.playwright, notes);
  add(playwright ? countPlaywright(playwright, notes) : { passed: 0, failed: 1, skipped: 0 });

  return { ...total, notes, line: formatLine(total) };
}

/** Prints the notes, then the closing line last. */
export function printSummary(summary: Summary, write: (line: string) => void = (line) => console.log(line)): void {
  for (const note of summary.notes) write(note);
  write(summary.line);
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  return path.resolve(entry).replace(/\.[cm]?[jt]s$/, "") === fileURLToPath(import.meta.url).replace(/\.[cm]?[jt]s$/, "");
}

if (isMain()) {
  const { values } = parseArgs({ options: { vitest: { type: "string" }, playwright: { type: "string" } } });
  const summary = summarize({ vitest: values.vitest, playwright: values.playwright });
  printSummary(summary);
  process.exitCode = summary.failed > 0 ? 1 : 0;
}
