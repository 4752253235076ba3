// `npm run bench:runs`: what does running through Atelier add to a streamed model reply?
// 50 streams in flight, each TOKENS tokens from the scripted model server at a fixed rate (one
// token per DELAY_MS). Starts are spread evenly over one stream's length, so concurrency climbs
// to 50 and every stream's first token is measured while the others stream (steady load, not 50
// requests in the same millisecond). Measured twice: the scripted server called directly (chat
// completions), then through Atelier (POST /threads/{id}/runs with stream: true). Prints time to first token for both and the difference (p50/p99), tokens/s per stream
// end to end, and database writes per run and per 1,000 tokens (row inserts + updates on runs,
// run_steps and messages, from pg_stat_user_tables). A script that prints numbers, not a test.
//
// The scripted model runs in this process, beside the client: both phases' clients parse every
// event's JSON, so the model shares its event loop with the same work in both. (In a process of
// its own, measured 2026-12-02, a fourth busy process on two CPUs cost more in scheduling waits,
// p99 up to 240 ms, than it saved.)
//
// BENCH_RUNS (default 50), BENCH_TOKENS (default 1000) and BENCH_DELAY_MS (default 20) change the load;
// BENCH_PROFILE=<dir> writes a V8 CPU profile of the app server there (see cpu-profile.mjs).
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startAppServer } from "../../e2e/support/app-server";
import { createTestDatabase } from "../../e2e/support/test-db";
import { startScriptedModel } from "../scripted-model/server";
import { ensureBuild } from "../lib/build";
import { _iterSSEMessages } from "openai/core/streaming";

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const TOKENS = Number(process.env.BENCH_TOKENS ?? 1000);
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 20);
const PROMPT = `[[tokens: ${TOKENS}]] [[delay: ${DELAY_MS}]]`;
const TARGETS = { addedTtftP50: 15, addedTtftP99: 60, writesPer1000Tokens: 10 };

const say = (line: string) => console.log(`[bench] ${line}`);
const PROFILE_DIR = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : null;
const PROFILE_ENV: Record<string, string> = PROFILE_DIR
  ? { BENCH_PROFILE: PROFILE_DIR, NODE_OPTIONS: `--import=${path.join(import.meta.dirname, "cpu-profile.mjs")}` }
  : {};

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

type StreamTiming = { ttft: number; total: number; tokens: number; firstAt: number; lastAt: number };

/** Reads an SSE body, calling `onEvent(name, data)` per event; resolves at the end of the body. */
async function eachEvent(response: Response, onEvent: (event: string, data: string) => void): Promise<void> {
  // The openai package's SSE decoder, as the SDK and the playground read run streams.
  for await (const { event, data } of _iterSSEMessages(response, new AbortController())) onEvent(event ?? "message", data);
}

async function directStream(modelURL: string, apiKey: string): Promise<StreamTiming> {
  const started = performance.now();
  const timing: StreamTiming = { ttft: 0, total: 0, tokens: 0, firstAt: 0, lastAt: 0 };
  const response = await fetch(`${modelURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "scripted-1", stream: true, messages: [{ role: "user", content: PROMPT }] }),
  });
  await eachEvent(response, (_event, data) => {
    if (data === "[DONE]") return;
    const now = performance.now();
    const content = (JSON.parse(data) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content;
    if (!content) return;
    if (!timing.tokens) timing.firstAt = now;
    timing.lastAt = now;
    timing.tokens += content.split(" ").filter(Boolean).length;
  });
  timing.ttft = timing.firstAt - started;
  timing.total = performance.now() - started;
  return timing;
}

async function atelierStream(baseURL: string, apiKey: string, threadId: string, assistantId: string): Promise<StreamTiming> {
  const started = performance.now();
  const timing: StreamTiming = { ttft: 0, total: 0, tokens: 0, firstAt: 0, lastAt: 0 };
  const response = await fetch(`${baseURL}/api/v1/threads/${threadId}/runs`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ assistant_id: assistantId, stream: true }),
  });
  if (response.status !== 200) throw new Error(`run refused: ${response.status} ${await response.text()}`);
  let status = "";
  await eachEvent(response, (event, data) => {
    if (event === "thread.message.delta") {
      const now = performance.now();
      if (!timing.tokens) timing.firstAt = now;
      timing.lastAt = now;
      // A delta may carry several tokens (Atelier merges what arrives together): count the
      // scripted model's tokens, one word each, not the events.
      const value = (JSON.parse(data) as { delta: { content: { text: { value: string } }[] } }).delta.content[0]!.text.value;
      timing.tokens += value.split(" ").filter(Boolean).length;
    } else if (event.startsWith("thread.run.")) status = (JSON.parse(data) as { status?: string }).status ?? status;
  });
  if (status !== "completed") throw new Error(`a run ended ${status}`);
  timing.ttft = timing.firstAt - started;
  timing.total = performance.now() - started;
  return timing;
}

async function writesSoFar(client: pg.Client): Promise<number> {
  // Statistics reach the view when a backend goes idle; clear this session's snapshot to see them.
  await client.query("SELECT pg_stat_clear_snapshot()");
  const { rows } = await client.query<{ writes: string }>(
    "SELECT coalesce(sum(n_tup_ins + n_tup_upd), 0) AS writes FROM pg_stat_user_tables WHERE relname IN ('runs', 'run_steps', 'messages')",
  );
  return Number(rows[0]!.writes);
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const check = (ok: boolean) => (ok ? "✓" : "✗ over target");

async function main(): Promise<void> {
  await ensureBuild({ log: say });
  const db = await createTestDatabase("bench-runs");
  const modelKey = "sk-bench-scripted";
  const model = await startScriptedModel({ apiKey: modelKey });
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  const app = await startAppServer({ databaseUrl: db.url, embedded: db.embedded, env: { ...PROFILE_ENV, OPENAI_BASE_URL: model.url, OPENAI_API_KEY: modelKey } });
  const stats = new pg.Client({ connectionString: db.url });
  try {
    await stats.connect();
    say(`${RUNS} streams in flight of ${TOKENS} tokens, one token per ${DELAY_MS} ms, starting ${((TOKENS * DELAY_MS) / RUNS).toFixed(0)} ms apart; app ${app.baseURL}, model ${model.url}${db.embedded ? " (embedded database)" : ""}`);
    const call = async (path: string, body: unknown) => {
      const response = await fetch(`${app.baseURL}/api/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${app.adminKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      return (await response.json()) as { id: string };
    };
    const assistant = await call("/assistants", { model: "scripted-1", instructions: "Benchmark." });
    const threads = await Promise.all(Array.from({ length: RUNS }, () => call("/threads", { messages: [{ role: "user", content: PROMPT }] })));
    // Warm-up: the first runs of a fresh process pay for compiling routes, JIT and opening connections.
    for (let i = 0; i < 5; i++) {
      const warm = await call("/threads", { messages: [{ role: "user", content: "[[tokens: 5]]" }] });
      await atelierStream(app.baseURL, app.adminKey, warm.id, assistant.id);
      await directStream(model.url, modelKey);
    }

    const spacing = (TOKENS * DELAY_MS) / RUNS;
    const staggered = <T>(start: (index: number) => Promise<T>) =>
      Promise.all(Array.from({ length: RUNS }, (_, index) => new Promise<T>((resolve, reject) => setTimeout(() => start(index).then(resolve, reject), index * spacing))));
    const direct = await staggered(() => directStream(model.url, modelKey));
    // Backends report their statistics when idle, at most every 10 s (PGSTAT_IDLE_INTERVAL): the
    // warm-up's writes must be in before the count starts.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const before = await writesSoFar(stats);
    const through = await staggered((index) => atelierStream(app.baseURL, app.adminKey, threads[index]!.id, assistant.id));
    // Backends report their statistics when idle, at most every 10 s (PGSTAT_IDLE_INTERVAL).
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const writes = (await writesSoFar(stats)) - before;

    const ttft = (timings: StreamTiming[]) => timings.map((timing) => timing.ttft);
    const rate = (timing: StreamTiming) => ((timing.tokens - 1) / (timing.lastAt - timing.firstAt)) * 1000;
    const addedP50 = percentile(ttft(through), 50) - percentile(ttft(direct), 50);
    const addedP99 = percentile(ttft(through), 99) - percentile(ttft(direct), 99);
    const tokens = through.reduce((sum, timing) => sum + timing.tokens, 0);
    const per1000 = (writes / tokens) * 1000;
    console.log("");
    console.log(`time to first token   direct p50 ${ms(percentile(ttft(direct), 50))}  p99 ${ms(percentile(ttft(direct), 99))}`);
    console.log(`                      Atelier p50 ${ms(percentile(ttft(through), 50))}  p99 ${ms(percentile(ttft(through), 99))}`);
    console.log(`added by Atelier      p50 ${ms(addedP50)} (target ≤ ${TARGETS.addedTtftP50}) ${check(addedP50 <= TARGETS.addedTtftP50)}`);
    console.log(`                      p99 ${ms(addedP99)} (target ≤ ${TARGETS.addedTtftP99}) ${check(addedP99 <= TARGETS.addedTtftP99)}`);
    console.log(`tokens/s per stream   direct p50 ${percentile(direct.map(rate), 50).toFixed(1)}  Atelier p50 ${percentile(through.map(rate), 50).toFixed(1)}  p1 ${percentile(through.map(rate), 1).toFixed(1)}`);
    console.log(`database writes       ${writes} for ${RUNS} runs (${(writes / RUNS).toFixed(1)} per run), ${per1000.toFixed(1)} per 1,000 tokens (target ≤ ${TARGETS.writesPer1000Tokens}) ${check(per1000 <= TARGETS.writesPer1000Tokens)}`);
  } finally {
    await stats.end().catch(() => {});
    await app.stop();
    await model.close();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
