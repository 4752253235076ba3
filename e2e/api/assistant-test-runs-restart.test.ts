import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { DOMParser } from "@xmldom/xmldom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { startScriptedModel, type ScriptedModel } from "../../scripts/scripted-model/server";

// Test runs on a server and database of this file's own (issue 22), since it restarts and kills
// the server: a test run survives a graceful restart and a SIGKILL (the next process, or another
// instance, resumes it; decided attempts stay decided and each test is decided once); the judge and
// embedding models come from ATELIER_JUDGE_MODEL and ATELIER_EMBEDDING_MODEL; and the CLI runs a
// suite, prints its table, writes JUnit XML and exits by the threshold.

const MODEL_KEY = "sk-test-runs-restart";
let db: TestDatabase;
let model: ScriptedModel;
let app: AppServer;
let secret = "";
let adminKey = "";
const run = promisify(execFile);

const start = async () => {
  app = await startAppServer({
    databaseUrl: db.url,
    embedded: db.embedded,
    env: {
      OPENAI_BASE_URL: model.url,
      OPENAI_API_KEY: MODEL_KEY,
      ATELIER_JUDGE_MODEL: "scripted-small",
      ATELIER_EMBEDDING_MODEL: "scripted-embed",
      ...(secret && { ATELIER_SECRET: secret, ATELIER_ADMIN_KEY: adminKey }),
    },
  });
  ({ secret, adminKey } = app);
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response shapes vary per call

async function call(method: string, apiPath: string, body?: unknown): Promise<Json> {
  const response = await fetch(`${app.baseURL}/api/v1${apiPath}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Json;
  if (!response.ok) throw new Error(`${method} ${apiPath}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

async function slowSuite(count: number): Promise<{ assistantId: string; testRunId: string }> {
  const assistant = await call("POST", "/assistants", { model: "scripted-1", name: "restarted" });
  for (let i = 1; i <= count; i++) await call("POST", `/assistants/${assistant.id}/tests`, { name: `slow ${i}`, turns: [{ content: `[[first-delay: 1500]] [[reply: answer ${i}]]` }], assertions: [{ type: "contains", value: `answer ${i}` }] });
  const testRun = await call("POST", `/assistants/${assistant.id}/test_runs`, { concurrency: 1 });
  return { assistantId: assistant.id, testRunId: testRun.id };
}

const results = async (assistantId: string, testRunId: string) => (await call("GET", `/assistants/${assistantId}/test_runs/${testRunId}/results?limit=100`)).data as Json[];

beforeAll(async () => {
  db = await createTestDatabase("test-runs-restart");
  model = await startScriptedModel({ apiKey: MODEL_KEY });
  await start();
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await model?.close();
  await db?.drop();
});

describe("test runs across restarts", () => {
  it.each([
    ["stopped", "stop"],
    ["killed", "kill"],
  ] as const)("goes on after the server is %s mid-run, each test decided once", async (_, how) => {
    const { assistantId, testRunId } = await slowSuite(4);
    await until(() => results(assistantId, testRunId), (rows) => rows.filter((row) => row.status === "passed").length >= 1, 30_000);
    await app[how]();
    await start();
    // After a SIGKILL the old worker's job is retried once its heartbeat lapses (15 s, then the monitor's pass).
    const done = await until(() => call("GET", `/assistants/${assistantId}/test_runs/${testRunId}`), (testRun) => testRun.status === "completed", 90_000);
    expect(done).toMatchObject({ status: "completed", totals: { passed: 4, failed: 0, errored: 0, cancelled: 0, total: 4 } });
    const rows = await results(assistantId, testRunId);
    expect(rows.map((row) => [row.test_name, row.status])).toEqual([1, 2, 3, 4].map((i) => [`slow ${i}`, "passed"]));
    // Each attempt's model call was made with its own thread; an interrupted one started a new thread.
    expect(new Set(rows.map((row) => row.thread_id)).size).toBe(4);
  }, 180_000);

  it("judges with ATELIER_JUDGE_MODEL and compares with ATELIER_EMBEDDING_MODEL", async () => {
    const assistant = await call("POST", "/assistants", { model: "scripted-1", name: "judged" });
    await call("POST", `/assistants/${assistant.id}/tests`, {
      name: "judged",
      turns: [{ content: "[[reply: The capital of France is Paris.]]" }],
      assertions: [
        { type: "llm-rubric", value: 'Names the capital. [[reply: {"reason": "it does", "pass": true, "score": 5}]]', scale: "1-5", threshold: 4 },
        { type: "similar", value: "The capital of France is Paris.", threshold: 0.99 },
        { type: "similar", value: "Bananas grow in warm places.", threshold: 0.8 },
      ],
    });
    const testRun = await call("POST", `/assistants/${assistant.id}/test_runs`, {});
    await until(() => call("GET", `/assistants/${assistant.id}/test_runs/${testRun.id}`), (item) => item.status === "completed", 30_000);
    const [result] = await results(assistant.id, testRun.id);
    const [rubric, same, different] = result!.assertions;
    expect(rubric).toMatchObject({ type: "llm-rubric", pass: true, score: 1, details: { judge: { model: "scripted-small" }, score: 5 } });
    expect(same).toMatchObject({ type: "similar", pass: true, score: 1, details: { model: "scripted-embed" } });
    expect(different).toMatchObject({ type: "similar", pass: false });
    expect(different.score).toBeLessThan(0.8);
    expect(result!.status).toBe("failed");
  }, 60_000);

  it("runs from the command line: progress, a table, JUnit XML, and the exit code by --fail-under", async () => {
    const assistant = await call("POST", "/assistants", { model: "scripted-1", name: "from CI" });
    await call("POST", `/assistants/${assistant.id}/tests`, { name: "greets", turns: [{ content: "hello" }], assertions: [{ type: "icontains", value: "HELLO" }] });
    await call("POST", `/assistants/${assistant.id}/tests`, { name: "says <bye> & goes", turns: [{ content: "hello" }], assertions: [{ type: "contains", value: "bye" }] });
    const dir = mkdtempSync(path.join(tmpdir(), "atelier-cli-"));
    const cli = (args: string[]) =>
      run("npx", ["tsx", "scripts/atelier.ts", "test", "--url", app.baseURL, "--assistant", assistant.id, ...args], { env: { ...process.env, ATELIER_API_KEY: adminKey }, timeout: 60_000 }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: `${error.stdout}${error.stderr}` }),
      );
    try {
      const strict = await cli(["--junit", path.join(dir, "out.xml"), "--repeat", "2"]);
      expect(strict.code).toBe(1);
      expect(strict.stdout).toMatch(/greets\s+passed\s+2\/2\s+100%/);
      expect(strict.stdout).toMatch(/says <bye> & goes\s+failed\s+0\/2\s+0%/);
      expect(strict.stdout).toContain('contains: The reply does not contain "bye".');
      expect(strict.stdout).toContain("2 passed, 2 failed, 0 errored · pass rate 50.0%");
      const xml = new DOMParser().parseFromString(readFileSync(path.join(dir, "out.xml"), "utf8"), "text/xml");
      const suite = xml.getElementsByTagName("testsuite")[0]!;
      expect([suite.getAttribute("tests"), suite.getAttribute("failures"), suite.getAttribute("errors")]).toEqual(["4", "2", "0"]);
      const cases = Array.from(xml.getElementsByTagName("testcase"));
      expect(cases.map((item) => item.getAttribute("name"))).toEqual(["greets #1", "greets #2", "says <bye> & goes #1", "says <bye> & goes #2"]);
      expect(cases[2]!.getElementsByTagName("failure")[0]!.getAttribute("message")).toBe('contains: The reply does not contain "bye".');

      expect((await cli(["--fail-under", "0.5"])).code).toBe(0);
      expect((await cli(["--fail-under", "0.6"])).code).toBe(1);
      const bad = await cli(["--repeat", "99"]);
      expect(bad.code).toBe(2);
      expect(bad.stdout).toMatch(/answered 400: .*at most 20.*\(repeat\)/);
      const usage = await cli(["--fail-under", "2"]);
      expect(usage).toMatchObject({ code: 2, stdout: expect.stringContaining("--fail-under must be a number from 0 to 1") });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
