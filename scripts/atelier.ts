// npm run atelier -- test --url <base> --assistant <asst_id> [--version <n|label>] [--repeat <n>]
//   [--tag <tag>] [--test <test_id>]... [--concurrency <n>] [--judge-model <model>]
//   [--junit <out.xml>] [--fail-under <0..1>] [--timeout <seconds>]
//
// Runs an assistant's tests on an Atelier server through its API (key in ATELIER_API_KEY), shows
// progress, prints a summary table and the reasons of what did not pass, writes JUnit XML, and exits
// 0 (passed), 1 (below --fail-under, or anything failed without one), 2 (bad usage or an API error),
// 3 (the test run was cancelled or failed, or --timeout passed). Ctrl-C cancels the test run.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { exitCode, junitSuite, progressLine, summaryLines } from "@/lib/assistant-tests/cli-report";
import { junitXml } from "@/lib/assistant-tests/junit";
import type { TestResultObject, TestRunObject } from "@/lib/assistant-tests/run-wire";

const USAGE = `Usage: npm run atelier -- test --url <base URL> --assistant <asst_id> [options]

Options:
  --version <n|label>     the version to test (a number or a label); default: the assistant as it is
  --repeat <n>            run each test n times (1-20) to measure flakiness
  --tag <tag>             only tests with this tag
  --test <test_id>        only this test (repeatable)
  --concurrency <n>       attempts at once (the server caps it)
  --judge-model <model>   the judge of llm-rubric assertions that name none
  --junit <file>          write JUnit XML here
  --fail-under <rate>     exit 1 when the pass rate (0-1) is below this; default: any failure
  --timeout <seconds>     give up waiting after this long (default 1800); the test run is cancelled

The API key comes from ATELIER_API_KEY. --url defaults to ATELIER_URL.`;

class UsageError extends Error {}

type Options = { url: string; assistant: string; body: Record<string, unknown>; junit?: string; failUnder: number | null; timeoutMs: number };

function options(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      assistant: { type: "string" },
      version: { type: "string" },
      repeat: { type: "string" },
      tag: { type: "string" },
      test: { type: "string", multiple: true },
      concurrency: { type: "string" },
      "judge-model": { type: "string" },
      junit: { type: "string" },
      "fail-under": { type: "string" },
      timeout: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) throw new UsageError("");
  if (positionals[0] !== "test" || positionals.length > 1) throw new UsageError(positionals.length ? `Unknown command '${positionals.join(" ")}'.` : "Name the command: test.");
  const url = values.url ?? process.env.ATELIER_URL;
  if (!url || !/^https?:\/\//.test(url)) throw new UsageError("--url must be the server's base URL, such as http://localhost:3000.");
  if (!values.assistant) throw new UsageError("--assistant is required (the assistant's id, asst_…).");
  const integer = (name: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number.`);
    return Number(raw);
  };
  const failUnder = values["fail-under"] === undefined ? null : Number(values["fail-under"]);
  if (failUnder !== null && !(failUnder >= 0 && failUnder <= 1)) throw new UsageError("--fail-under must be a number from 0 to 1, such as 0.95.");
  const version = values.version === undefined ? undefined : /^\d+$/.test(values.version) ? Number(values.version) : values.version;
  const body = Object.fromEntries(
    Object.entries({ version, repeat: integer("repeat", values.repeat), tag: values.tag, tests: values.test, concurrency: integer("concurrency", values.concurrency), judge_model: values["judge-model"] }).filter(([, value]) => value !== undefined),
  );
  return { url: url.replace(/\/+$/, ""), assistant: values.assistant, body, junit: values.junit, failUnder, timeoutMs: (integer("timeout", values.timeout) ?? 1800) * 1000 };
}

class ApiError extends Error {}

function client(base: string, key: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      throw new ApiError(`Could not reach ${base}: ${(error as Error).message}`);
    }
    const json = (await response.json().catch(() => null)) as { error?: { message?: string; param?: string | null } } | null;
    if (!response.ok) throw new ApiError(`${method} ${path} answered ${response.status}: ${json?.error?.message ?? response.statusText}${json?.error?.param ? ` (${json.error.param})` : ""}`);
    return json as T;
  };
}

async function allResults(call: ReturnType<typeof client>, path: string): Promise<TestResultObject[]> {
  const results: TestResultObject[] = [];
  for (let after: string | undefined; ; ) {
    const page = await call<{ data: TestResultObject[]; has_more: boolean; last_id: string | null }>("GET", `${path}?limit=100${after ? `&after=${after}` : ""}`);
    results.push(...page.data);
    if (!page.has_more || !page.last_id) return results;
    after = page.last_id;
  }
}

async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  const key = process.env.ATELIER_API_KEY;
  if (!key) throw new UsageError("Set ATELIER_API_KEY to an API key of the assistant's workspace (Settings → API keys).");
  const call = client(opts.url, key);
  const base = `/assistants/${encodeURIComponent(opts.assistant)}/test_runs`;
  let run = await call<TestRunObject>("POST", base, opts.body);
  console.log(`Test run ${run.id}: ${run.tests.length} tests × ${run.repeat} on ${opts.assistant} version ${run.assistant_version}`);
  const cancel = async (why: string) => {
    console.error(why);
    await call("POST", `${base}/${run.id}/cancel`).catch(() => {});
  };
  let interrupted = false;
  process.once("SIGINT", () => {
    interrupted = true;
  });
  const deadline = Date.now() + opts.timeoutMs;
  let last = "";
  const tty = process.stdout.isTTY;
  while (!["completed", "cancelled", "failed"].includes(run.status)) {
    if (interrupted) {
      await cancel("Interrupted: cancelling the test run.");
      return 130;
    }
    if (Date.now() > deadline) {
      await cancel(`Still running after --timeout (${opts.timeoutMs / 1000} s): cancelling the test run.`);
      return 3;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    run = await call<TestRunObject>("GET", `${base}/${run.id}`);
    const line = progressLine(run);
    if (line !== last && tty) process.stdout.write(`\r${line}`);
    else if (line !== last) console.log(line);
    last = line;
  }
  if (tty) process.stdout.write("\n");
  const results = await allResults(call, `${base}/${run.id}/results`);
  console.log(["", ...summaryLines(run, results)].join("\n"));
  if (run.last_error) console.log(`The test run ${run.status}: ${run.last_error.message}`);
  if (opts.junit) {
    await writeFile(opts.junit, junitXml(junitSuite(run, results)));
    console.log(`JUnit XML written to ${opts.junit}`);
  }
  const code = exitCode(run, opts.failUnder);
  if (code === 1) console.log(opts.failUnder === null ? "Not every test passed." : `The pass rate is below ${opts.failUnder}.`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error instanceof UsageError) console.error(error.message ? `${error.message}\n\n${USAGE}` : USAGE);
    else console.error(error instanceof ApiError ? error.message : error.stack);
    process.exit(error instanceof UsageError && !error.message ? 0 : 2);
  },
);
