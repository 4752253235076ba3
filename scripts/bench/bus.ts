// `npm run bench:bus`: what does `publish` cost, and what does forwarding runs to another
// instance (lib/runs/bus) add? A script that prints numbers, not a test.
//
// 1. publish() alone, in a tight loop over RUNS channels: CPU per call, nobody listening.
// 2. RUNS runs streaming RATE deltas/s each for SECONDS (the engine's load at its busiest), in
//    this process (instance A), measured as A's CPU time per second:
//      - nobody attached elsewhere;
//      - every run attached from instance B (a child process, scripts/bench/bus-peer.ts) over
//        Postgres LISTEN/NOTIFY, then over Redis pub/sub.
//    B's CPU is reported too; the database's or Redis's own CPU is not (they are shared here).
//
// BENCH_RUNS (default 200), BENCH_RATE (50), BENCH_SECONDS (10) change the load; BENCH_BUS=postgres|redis
// runs one transport only. Postgres: DATABASE_URL, else 127.0.0.1:5432; Redis: REDIS_URL, else 127.0.0.1:6379.
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { RunChannels } from "@/lib/runs/channels";
import { Fanout } from "@/lib/runs/bus/fanout";
import { PostgresTransport } from "@/lib/runs/bus/postgres";
import { busTransport, type BenchBusKind } from "./bus-transport";

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const KINDS: BenchBusKind[] = process.env.BENCH_BUS ? [process.env.BENCH_BUS as BenchBusKind] : ["postgres", "redis"];
const TICK_MS = 20;

const say = (line: string) => console.log(`[bench] ${line}`);
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A delta as the engine publishes it (lib/runs/wire.ts messageDelta): a few characters of text.
// `at` lets the other instance measure how long an event took to reach it.
const delta = (i: number) => ({ id: "msg_01JF0000000000000000000000", object: "thread.message.delta", delta: { content: [{ index: 0, type: "text", text: { value: ` token${i % 100}` } }] }, at: Date.now() });

/** publish() alone, synchronously; with `listening`, each run has a subscriber (as a forward is, to publish). */
async function tightLoop(listening: boolean): Promise<void> {
  const channels = new RunChannels();
  const runs = Array.from({ length: RUNS }, (_, i) => `run_tight_${i}`);
  const control = new AbortController();
  const readers = listening ? runs.map(async (runId) => { for await (const _batch of channels.subscribe(runId, 0, control.signal)); }) : [];
  const total = 1_000_000;
  const data = delta(1);
  for (let i = 0; i < 10_000; i++) channels.publish(runs[i % RUNS]!, "thread.message.delta", data); // warm up
  const before = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < total; i++) channels.publish(runs[i % RUNS]!, "thread.message.delta", data);
  const wallNs = Number(process.hrtime.bigint() - started);
  const cpuNs = (cpuMs(before) * 1e6) / total;
  say(`publish(), ${listening ? "a listener on every run" : "nobody listening"}: ${(wallNs / total).toFixed(0)} ns per call (${cpuNs.toFixed(0)} ns CPU), ${total.toLocaleString("en")} calls over ${RUNS} runs`);
  control.abort();
  for (const runId of runs) channels.endSegment(runId);
  await Promise.all(readers);
}

/** RUNS runs publishing RATE deltas/s each for SECONDS; resolves with this process's CPU ms. */
async function stream(channels: RunChannels, runs: string[]): Promise<{ cpuMs: number; events: number }> {
  const perTick = (RATE * TICK_MS) / 1000; // deltas per run per tick
  const ticks = Math.round((SECONDS * 1000) / TICK_MS);
  let events = 0;
  let carry = 0;
  const before = process.cpuUsage();
  const started = Date.now();
  for (let tick = 0; tick < ticks; tick++) {
    carry += perTick;
    const n = Math.floor(carry);
    carry -= n;
    for (const runId of runs) for (let k = 0; k < n; k++) channels.publish(runId, "thread.message.delta", delta(events++));
    const wait = started + (tick + 1) * TICK_MS - Date.now();
    if (wait > 0) await sleep(wait);
  }
  for (const runId of runs) channels.endSegment(runId);
  return { cpuMs: cpuMs(before), events };
}

function report(label: string, result: { cpuMs: number; events: number }, baseline?: number): void {
  const perSecond = result.cpuMs / SECONDS;
  const extra = baseline === undefined ? "" : `, +${((result.cpuMs - baseline) * 1000 / result.events).toFixed(1)} µs per event over nobody attached`;
  say(`${label}: ${perSecond.toFixed(0)} ms CPU per second (${(perSecond / 10).toFixed(1)}% of a core), ${(result.cpuMs * 1000 / result.events).toFixed(1)} µs per event${extra}`);
}

async function remote(kind: BenchBusKind, baseline: number): Promise<void> {
  const channel = `atelier_bench_${randomBytes(3).toString("hex")}`;
  const channels = new RunChannels();
  const transport = busTransport(kind, `bench-a-${process.pid}`, channel);
  const bus = new Fanout({ transport, channels });
  await bus.start();
  const runs = Array.from({ length: RUNS }, () => `run_${randomBytes(8).toString("hex")}`);
  for (const runId of runs) channels.publish(runId, "thread.run.in_progress", { id: runId });
  const peer = fork(path.join(import.meta.dirname, "bus-peer.ts"), [], { execArgv: ["--conditions=react-server", "--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const messages = new Map<string, (message: never) => void>();
  peer.on("message", (message: { type: string }) => messages.get(message.type)?.(message as never));
  const next = <T>(type: string) => new Promise<T>((resolve) => messages.set(type, resolve as (message: never) => void));
  const attached = next("attached");
  peer.send({ kind, channel, runs });
  await attached;
  await sleep(1_500); // every interest answered, every forward started
  const forwarding = bus.activity.forwards;
  const finished = next<{ events: number; outcomes: Record<string, number>; cpuMs: number; resumes: number; latency: { p50: number; p99: number } }>("done");
  const sentBefore = transport instanceof PostgresTransport ? { ...transport.sent } : null;
  const result = await stream(channels, runs);
  const peerResult = await finished;
  report(`${kind}, every run attached from another instance (${forwarding} forwarded)`, result, baseline);
  if (sentBefore && transport instanceof PostgresTransport) {
    const notifies = transport.sent.notifies - sentBefore.notifies;
    say(`  ${(notifies / SECONDS).toFixed(0)} NOTIFY/s, carrying ${((transport.sent.messages - sentBefore.messages) / notifies).toFixed(1)} messages each`);
  }
  const expected = result.events + 2 * RUNS; // + in_progress and done per run
  say(`  the other instance received ${peerResult.events.toLocaleString("en")} of ${expected.toLocaleString("en")} events (${JSON.stringify(peerResult.outcomes)}, ${peerResult.resumes} gaps asked again), ${peerResult.latency.p50} ms p50 / ${peerResult.latency.p99} ms p99 after publish, using ${(peerResult.cpuMs / SECONDS).toFixed(0)} ms CPU per second`);
  await bus.stop();
}

async function main(): Promise<void> {
  say(`${RUNS} runs × ${RATE} deltas/s for ${SECONDS} s (${(RUNS * RATE).toLocaleString("en")} events/s)`);
  await tightLoop(false);
  await tightLoop(true);
  const alone = await stream(new RunChannels(), Array.from({ length: RUNS }, (_, i) => `run_alone_${i}`));
  report("nobody attached elsewhere", alone);
  for (const kind of KINDS) await remote(kind, alone.cpuMs);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
