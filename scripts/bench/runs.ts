// `npm run bench:runs`: what does running through Atelier cost a streamed model reply, beside a
// bare relay doing the least any server must (scripts/bench/relay.ts)? Three parts, one table:
//
// 1. Latency at 1 concurrent: short replies one at a time, straight from the model and through
//    Atelier, alternating; the difference in time to first token is what Atelier adds (p50/p99).
// 2. Cost per token: RUNS streams of TOKENS tokens at one token per DELAY_MS, starts spread over
//    one stream's length (steady load, not one burst), through the relay and through Atelier at
//    the same time (so both meet the same machine); each server's CPU (user + system, from /proc) per 1,000 tokens, and Atelier's
//    database writes per 1,000 tokens (row inserts + updates on runs, run_steps and messages).
// 3. Load: LOAD_RUNS streams at once (starts spread over LOAD_RAMP_MS) of LOAD_TOKENS tokens at the
//    same rate, through the relay and then Atelier: time to first token p99 and the slowest
//    stream's tokens/s. Every run must complete.
//
// The scripted model runs in this process, beside the clients (one process fewer competing for two
// CPUs; both servers meet the same model). A script that prints numbers, not a test; exits 1 when
// a target is missed. Env: BENCH_PHASES (latency,cost,load: a subset to run), BENCH_RUNS (50),
// BENCH_TOKENS (1000), BENCH_DELAY_MS (20), BENCH_LOAD_RUNS (200), BENCH_LOAD_TOKENS (500),
// BENCH_PROFILE=<dir> (V8 CPU profiles of both servers).
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startAppServer } from "../../e2e/support/app-server";
import { createTestDatabase } from "../../e2e/support/test-db";
import { ensureBuild } from "../lib/build";
import { startScriptedModel } from "../scripted-model/server";
import { startChildServer } from "./child-server";
import { cpuSeconds, pidListeningOn } from "./process-cpu";
import { formatChecks, percentile, rate, TARGETS, ttfts, type Check } from "./runs-report";
import { directStream, runStream, type StreamTiming } from "./sse-client";

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const TOKENS = Number(process.env.BENCH_TOKENS ?? 1000);
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 20);
const LOAD_RUNS = Number(process.env.BENCH_LOAD_RUNS ?? 200);
const LOAD_TOKENS = Number(process.env.BENCH_LOAD_TOKENS ?? 500);
const LOAD_RAMP_MS = 2_000;
const LATENCY_SAMPLES = 60;
const MODEL_KEY = "sk-bench-scripted";

const say = (line: string) => console.log(`[bench] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value: number) => `${value.toFixed(1)} ms`;
const PROFILE_DIR = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : null;
const PROFILE_ENV: Record<string, string> = PROFILE_DIR
  ? { BENCH_PROFILE: PROFILE_DIR, NODE_OPTIONS: `--import=${path.join(import.meta.dirname, "cpu-profile.mjs")}` }
  : {};

/** `count` calls of `start`, spread evenly over `overMs`; resolves with every result. */
const spread = <T>(count: number, overMs: number, start: (index: number) => Promise<T>) =>
  Promise.all(Array.from({ length: count }, (_, index) => sleep((index * overMs) / count).then(() => start(index))));

/** CPU seconds `pid` spends while `work` runs. */
async function cpuDuring<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; cpu: number }> {
  const before = cpuSeconds(pid);
  const result = await work();
  const after = cpuSeconds(pid);
  if (before === null || after === null) throw new Error("cannot read process CPU from /proc");
  return { result, cpu: after - before };
}

type Writes = Record<string, number>;

/** Row inserts and updates so far on the run tables, per table and kind ("runs ins", …). */
async function writesSoFar(client: pg.Client): Promise<Writes> {
  // Backends report statistics when idle, at most every 10 s (PGSTAT_IDLE_INTERVAL); then clear
  // this session's snapshot to see them.
  await sleep(11_000);
  await client.query("SELECT pg_stat_clear_snapshot()");
  const { rows } = await client.query<{ relname: string; ins: string; upd: string }>(
    "SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd FROM pg_stat_user_tables WHERE relname IN ('runs', 'run_steps', 'messages')",
  );
  return Object.fromEntries(rows.flatMap((row) => [[`${row.relname} ins`, Number(row.ins)], [`${row.relname} upd`, Number(row.upd)]]));
}

const writesBetween = (before: Writes, after: Writes) => Object.fromEntries(Object.entries(after).map(([key, value]) => [key, value - (before[key] ?? 0)]));
const total = (writes: Writes) => Object.values(writes).reduce((sum, value) => sum + value, 0);

const tokensOf = (timings: StreamTiming[]) => timings.reduce((sum, timing) => sum + timing.tokens, 0);
const deltasPer1000 = (timings: StreamTiming[]) => ((timings.reduce((sum, timing) => sum + timing.deltas, 0) / tokensOf(timings)) * 1000).toFixed(0);

type Bench = {
  model: { url: string };
  atelier: (threadId: string) => Promise<StreamTiming>;
  bare: (prompt: string) => Promise<StreamTiming>;
  threads: (count: number, prompt: string) => Promise<{ id: string }[]>;
  appPid: number;
  relayPid: number;
  stats: pg.Client;
};

async function latencyPhase(b: Bench): Promise<Check[]> {
  say(`latency at 1 concurrent: ${LATENCY_SAMPLES} short replies, direct and through Atelier, alternating`);
  const direct: StreamTiming[] = [];
  const through: StreamTiming[] = [];
  for (const thread of await b.threads(LATENCY_SAMPLES, "[[tokens: 5]]")) {
    direct.push(await directStream(b.model.url, MODEL_KEY, "[[tokens: 5]]"));
    through.push(await b.atelier(thread.id));
  }
  const at = (p: number) => ({ direct: percentile(ttfts(direct), p), atelier: percentile(ttfts(through), p) });
  const [p50, p99] = [at(50), at(99)];
  return [
    { what: "added time to first token p50 (1 concurrent)", value: p50.atelier - p50.direct, unit: "ms", target: TARGETS.addedTtftP50Ms, atMost: true, context: `direct ${ms(p50.direct)}, Atelier ${ms(p50.atelier)}` },
    { what: "added time to first token p99 (1 concurrent)", value: p99.atelier - p99.direct, unit: "ms", target: TARGETS.addedTtftP99Ms, atMost: true, context: `direct ${ms(p99.direct)}, Atelier ${ms(p99.atelier)}` },
  ];
}

async function costPhase(b: Bench): Promise<Check[]> {
  const streaming = `[[tokens: ${TOKENS}]] [[delay: ${DELAY_MS}]]`;
  say(`cost per token: ${RUNS} streams of ${TOKENS} tokens, one per ${DELAY_MS} ms, starts ${((TOKENS * DELAY_MS) / RUNS).toFixed(0)} ms apart; relay and Atelier side by side`);
  const costThreads = await b.threads(RUNS, streaming);
  const writesBefore = await writesSoFar(b.stats);
  // Both at once, so whatever else the machine does weighs on both servers alike.
  const [relayCost, appCost] = await Promise.all([
    cpuDuring(b.relayPid, () => spread(RUNS, TOKENS * DELAY_MS, () => b.bare(streaming))),
    cpuDuring(b.appPid, () => spread(RUNS, TOKENS * DELAY_MS, (index) => b.atelier(costThreads[index]!.id))),
  ]);
  const writes = writesBetween(writesBefore, await writesSoFar(b.stats));
  const per1000 = (cpu: number, timings: StreamTiming[]) => (cpu * 1_000_000) / tokensOf(timings);
  const relayCpu = per1000(relayCost.cpu, relayCost.result);
  const appCpu = per1000(appCost.cpu, appCost.result);
  return [
    { what: "CPU per 1,000 tokens, Atelier / relay", value: appCpu / relayCpu, unit: "×", target: TARGETS.cpuRatio, atMost: true, context: `Atelier ${appCpu.toFixed(1)} ms, relay ${relayCpu.toFixed(1)} ms; deltas per 1,000 tokens: Atelier ${deltasPer1000(appCost.result)}, relay ${deltasPer1000(relayCost.result)}` },
    { what: "database writes per 1,000 tokens", value: (total(writes) / tokensOf(appCost.result)) * 1000, unit: "", target: TARGETS.writesPer1000Tokens, atMost: true, context: `per run: ${Object.entries(writes).map(([key, value]) => `${key} ${(value / RUNS).toFixed(1)}`).join(", ")}` },
  ];
}

async function loadPhase(b: Bench): Promise<Check[]> {
  const loadPrompt = `[[tokens: ${LOAD_TOKENS}]] [[delay: ${DELAY_MS}]]`;
  say(`load: ${LOAD_RUNS} streams at once (started within ${LOAD_RAMP_MS} ms) of ${LOAD_TOKENS} tokens at one per ${DELAY_MS} ms; relay, then Atelier`);
  // A run that fails under load is a result here (counted, with its reason), not the end of the bench.
  const failures = new Map<string, number>();
  const counting = (stream: () => Promise<StreamTiming>) => () =>
    stream().catch((error: Error) => (failures.set(error.message, (failures.get(error.message) ?? 0) + 1), null));
  const completed = (timings: (StreamTiming | null)[]) => timings.filter((timing): timing is StreamTiming => timing !== null);
  const relay = await cpuDuring(b.relayPid, () => spread(LOAD_RUNS, LOAD_RAMP_MS, counting(() => b.bare(loadPrompt))));
  const relayLoad = completed(relay.result);
  const loadThreads = await b.threads(LOAD_RUNS, loadPrompt);
  const app = await cpuDuring(b.appPid, () => spread(LOAD_RUNS, LOAD_RAMP_MS, (index) => counting(() => b.atelier(loadThreads[index]!.id))()));
  const appLoad = completed(app.result);
  say(`load CPU: relay ${relay.cpu.toFixed(2)} s, Atelier ${app.cpu.toFixed(2)} s (${((app.cpu / LOAD_RUNS) * 1000).toFixed(1)} ms per run)`);
  for (const [reason, count] of failures) say(`${count} run(s) failed under load: ${reason}`);
  const minRate = (timings: StreamTiming[]) => (timings.length ? Math.min(...timings.map(rate)) : 0);
  const ttftAt = (timings: StreamTiming[], p: number) => (timings.length ? percentile(ttfts(timings), p) : Infinity);
  return [
    { what: `runs completed (${LOAD_RUNS} streams)`, value: appLoad.length, unit: "runs", target: LOAD_RUNS, atMost: false, context: `relay ${relayLoad.length}` },
    { what: `time to first token p99 (${LOAD_RUNS} streams)`, value: ttftAt(appLoad, 99), unit: "ms", target: TARGETS.loadTtftP99Ms, atMost: true, context: `p50 ${ms(ttftAt(appLoad, 50))}; relay p50 ${ms(ttftAt(relayLoad, 50))}, p99 ${ms(ttftAt(relayLoad, 99))}` },
    { what: `slowest stream's tokens/s (${LOAD_RUNS} streams)`, value: minRate(appLoad), unit: "tok/s", target: TARGETS.loadMinTokensPerSec, atMost: false, context: `p50 ${appLoad.length ? percentile(appLoad.map(rate), 50).toFixed(1) : "-"}; relay slowest ${minRate(relayLoad).toFixed(1)}` },
  ];
}

const PHASES = { latency: latencyPhase, cost: costPhase, load: loadPhase };

async function main(): Promise<void> {
  const selected = (process.env.BENCH_PHASES ?? Object.keys(PHASES).join(",")).split(",").map((name) => name.trim()) as (keyof typeof PHASES)[];
  const unknown = selected.filter((name) => !(name in PHASES));
  if (unknown.length) throw new Error(`BENCH_PHASES: unknown ${unknown.join(", ")} (known: ${Object.keys(PHASES).join(", ")})`);
  await ensureBuild({ log: say });
  const db = await createTestDatabase("bench-runs");
  const model = await startScriptedModel({ apiKey: MODEL_KEY });
  if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
  const app = await startAppServer({ databaseUrl: db.url, embedded: db.embedded, env: { ...PROFILE_ENV, OPENAI_BASE_URL: model.url, OPENAI_API_KEY: MODEL_KEY } });
  const relay = await startChildServer(path.join(import.meta.dirname, "relay.ts"), { ...PROFILE_ENV, MODEL_URL: model.url, MODEL_KEY }, "relay");
  const stats = new pg.Client({ connectionString: db.url });
  try {
    await stats.connect();
    const appPid = pidListeningOn(Number(new URL(app.baseURL).port));
    if (!appPid) throw new Error("cannot find the app server's process");
    const api = `${app.baseURL}/api/v1`;
    const call = async (urlPath: string, body: unknown) => {
      const response = await fetch(`${api}${urlPath}`, { method: "POST", headers: { authorization: `Bearer ${app.adminKey}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`${urlPath} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as { id: string };
    };
    const assistant = await call("/assistants", { model: "scripted-1", instructions: "Benchmark." });
    const bench: Bench = {
      model,
      atelier: (threadId) => runStream(api, app.adminKey, threadId, assistant.id),
      bare: (prompt) => runStream(`${relay.baseURL}/v1`, "none", "thread_bench", "asst_bench", prompt),
      threads: (count, prompt) => Promise.all(Array.from({ length: count }, () => call("/threads", { messages: [{ role: "user", content: prompt }] }))),
      appPid,
      relayPid: relay.pid,
      stats,
    };
    // Warm-up: a fresh process pays for compiling routes, JIT and opening connections.
    say("warming up");
    for (const thread of await bench.threads(20, "[[tokens: 20]]")) {
      await Promise.all([bench.atelier(thread.id), bench.bare("[[tokens: 20]]"), directStream(model.url, MODEL_KEY, "[[tokens: 20]]")]);
    }
    const checks: Check[] = [];
    for (const name of selected) checks.push(...(await PHASES[name](bench)));
    const { text, failed } = formatChecks(checks);
    console.log(`\n${text}\n\n${checks.length - failed} of ${checks.length} targets met`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    await stats.end().catch(() => {});
    await relay.stop();
    await app.stop();
    await model.close();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
