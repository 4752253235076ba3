// npm test: the whole suite, the way CI runs it.
//   1. `next build` if the production build is missing or stale (the API and browser tests run `next start`)
//   2. vitest: every project (unit + api), JSON report in test-results/vitest.json
//   3. Playwright: the browser specs, JSON report in test-results/playwright.json; runs even when 2 failed
// Output streams as it comes. Ends with the summary line `N passed, N failed` (scripts/test-summary.ts),
// and exits non-zero when a runner failed or a report is missing.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { ensureBuild } from "./lib/build";
import { DEFAULT_REPORTS, printSummary, summarize } from "./test-summary";

const reports = DEFAULT_REPORTS;
const timings: string[] = [];
let current: ReturnType<typeof spawn> | undefined;
let interrupted: NodeJS.Signals | undefined;
let vitestExit: number | undefined;

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

function banner(text: string): void {
  console.log(`\n── ${text} ${"─".repeat(Math.max(3, 72 - text.length))}`);
}

/** Runs a command with inherited stdio; resolves with its exit code (a signal counts as 1). */
function run(command: string, args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
    current = child;
    child.on("error", (error) => {
      console.error(`could not start ${command}: ${error.message}`);
      current = undefined;
      resolve(1);
    });
    child.on("exit", (code, signal) => {
      current = undefined;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

// Ctrl-C or CI's stop: let the running tool shut down its servers and databases, then stop.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    interrupted = signal;
    if (current && current.exitCode === null) current.kill(signal);
    else process.exit(130);
  });
}

async function main(): Promise<number> {
  mkdirSync("test-results", { recursive: true });
  // A report left from an earlier run must not be counted as this run's.
  rmSync(reports.vitest, { force: true });
  rmSync(reports.playwright, { force: true });

  banner("build");
  let started = Date.now();
  try {
    await ensureBuild({ log: (line) => console.log(line) });
  } catch (error) {
    console.error(`next build failed: ${(error as Error).message}`);
    timings.push(`build ${seconds(started)} (failed)`);
    // Nothing can be tested without a build; the summary counts both reports as missing.
    return 1;
  }
  timings.push(`build ${seconds(started)}`);

  banner("vitest (unit + api)");
  started = Date.now();
  vitestExit = await run("npx", ["--no-install", "vitest", "run"], { VITEST_JSON_REPORT: reports.vitest });
  timings.push(`vitest ${seconds(started)} (exit ${vitestExit})`);
  if (interrupted) return 130;

  banner("playwright (browser)");
  started = Date.now();
  const playwright = await run("npx", ["--no-install", "playwright", "test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: reports.playwright });
  timings.push(`playwright ${seconds(started)} (exit ${playwright})`);
  if (interrupted) return 130;

  return vitestExit !== 0 || playwright !== 0 ? 1 : 0;
}

const code = await main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  return 1;
});

banner("summary");
console.log(`timings: ${timings.join(", ")}`);
const summary = summarize(reports, vitestExit);
printSummary(summary);
process.exit(code !== 0 || summary.failed > 0 ? code || 1 : 0);
