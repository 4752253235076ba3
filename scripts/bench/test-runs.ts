// `npm run bench:tests`: how fast a suite of assistant tests runs (issue 22), and what the test
// run machinery adds to the model's own time. A suite of BENCH_TESTS tests (half one turn with
// five text and JSON assertions, half two turns whose first calls a function answered by a mock),
// each reply taking BENCH_MODEL_MS before its first token, run at each concurrency of
// BENCH_CONCURRENCY (1,4,8): wall time, attempts per second, and the overhead per attempt beyond
// the runs' own time (wall × concurrency / attempts − mean attempt latency). Every attempt must
// pass; a script that prints numbers, not a test.
import { startAppServer } from "../../e2e/support/app-server";
import { createTestDatabase } from "../../e2e/support/test-db";
import { ensureBuild } from "../lib/build";
import { startScriptedModel } from "../scripted-model/server";

const TESTS = Number(process.env.BENCH_TESTS ?? 40);
const MODEL_MS = Number(process.env.BENCH_MODEL_MS ?? 200);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "1,4,8").split(",").map(Number);
const MODEL_KEY = "sk-bench-scripted";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API objects
const say = (line: string) => console.log(`[bench] ${line}`);

async function main(): Promise<void> {
  await ensureBuild();
  const db = await createTestDatabase("bench-tests");
  const model = await startScriptedModel({ apiKey: MODEL_KEY });
  const app = await startAppServer({
    databaseUrl: db.url,
    embedded: db.embedded,
    env: { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: MODEL_KEY, ATELIER_TEST_CONCURRENCY: String(Math.max(...CONCURRENCY)), LOG_LEVEL: "warn" },
  });
  const call = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const response = await fetch(`${app.baseURL}/api/v1${path}`, { method, headers: { authorization: `Bearer ${app.adminKey}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await response.json()) as Json;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  try {
    const weather = { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } };
    const assistant = await call("POST", "/assistants", { model: "scripted-1", name: "bench", tools: [weather], mock_outputs: { get_weather: { format: "json", output: '{"temp": 21}' } } });
    const delay = `[[first-delay: ${MODEL_MS}]]`;
    for (let i = 0; i < TESTS; i++) {
      const test =
        i % 2 === 0
          ? { name: `text ${i}`, turns: [{ content: `${delay} [[reply: {"city": "Oslo", "n": ${i}}]]` }], assertions: [{ type: "icontains", value: "oslo" }, { type: "is-json" }, { type: "jsonata", value: `n = ${i}` }, { type: "not-contains", value: "error" }, { type: "latency", threshold: 60_000 }] }
          : { name: `tool ${i}`, turns: [{ content: `${delay} [[tool: get_weather {"city": "Oslo"}]] [[after-tools: 21 degrees]]`, assertions: [{ type: "tool-called", value: "get_weather", arguments: { city: "Oslo" } }] }, { content: `${delay} thanks` }], assertions: [{ type: "icontains", value: "thanks" }] };
      await call("POST", `/assistants/${assistant.id}/tests`, test);
    }
    say(`${TESTS} tests (${TESTS / 2} of one turn, ${TESTS / 2} of two with a tool call), model ${MODEL_MS} ms to first token; ${db.embedded ? "embedded database" : "Postgres"}`);
    console.log("concurrency  wall      attempts/s  mean attempt latency  overhead per attempt");
    for (const concurrency of CONCURRENCY) {
      const started = performance.now();
      const created = await call("POST", `/assistants/${assistant.id}/test_runs`, { concurrency });
      let run = created;
      while (!["completed", "cancelled", "failed"].includes(run.status)) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        run = await call("GET", `/assistants/${assistant.id}/test_runs/${created.id}`);
      }
      const wallMs = performance.now() - started;
      const results = (await call("GET", `/assistants/${assistant.id}/test_runs/${created.id}/results?limit=100`)).data as Json[];
      if (run.totals.passed !== TESTS) throw new Error(`expected every attempt to pass: ${JSON.stringify(run.totals)}`);
      const meanLatency = results.reduce((sum, result) => sum + (result.latency_ms ?? 0), 0) / results.length;
      const overhead = (wallMs * concurrency) / TESTS - meanLatency;
      console.log(
        `${String(concurrency).padEnd(13)}${`${(wallMs / 1000).toFixed(2)} s`.padEnd(10)}${(TESTS / (wallMs / 1000)).toFixed(2).padEnd(12)}${`${meanLatency.toFixed(0)} ms`.padEnd(22)}${overhead.toFixed(0)} ms`,
      );
    }
  } finally {
    await app.stop();
    await model.close();
    await db.drop();
  }
}

main().catch((error: Error) => {
  console.error(error.stack);
  process.exit(1);
});
