// `npm run bench:api`: how fast is Atelier's /api/v1, and how much of the floor does it keep?
// Seeds 10,000 assistants in a fresh database, then drives retrieve, list (limit 20, deep `after`
// cursors) and create with autocannon against the production build (`next start`) and against a
// bare node:http + pg server doing the same SQL (bare-server.ts), one server at a time, and prints
// req/s, p50 and p99 for each with the ratio Atelier/bare. A script that prints numbers, not a test:
// it exits non-zero only when the run is invalid (failed requests, servers that disagree).
//
// BENCH_DURATION_S (default 10) shortens the measured runs while working on the script.
// BENCH_PROFILE=<dir> writes a V8 CPU profile of each server there (open in Chrome DevTools).
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import pg from "pg";
import { startAppServer } from "../../e2e/support/app-server";
import { createTestDatabase } from "../../e2e/support/test-db";
import { ensureBuild } from "../lib/build";
import { assistantBody } from "./fixtures";
import { runScenario, type LoadOptions, type Scenario } from "./load";
import { startChildServer } from "./child-server";
import { pidListeningOn } from "./process-cpu";
import { formatCpu, formatTable, invalidity, TARGETS, verdict, type Row } from "./report";
import { seedWorkspace } from "./seed";

const SEED_COUNT = 10_000;
const LOAD: LoadOptions = {
  connections: 50,
  durationSec: Number(process.env.BENCH_DURATION_S ?? 10),
  warmupSec: 2,
  warmupMinRequests: 3_000,
};
const BARE_SERVER = path.join(import.meta.dirname, "bare-server.ts");
const PROFILE_DIR = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : null;
// The preload writes each profile when its process exits; both servers exit cleanly on SIGTERM.
const PROFILE_ENV: Record<string, string> = PROFILE_DIR
  ? { BENCH_PROFILE: PROFILE_DIR, NODE_OPTIONS: `--import=${path.join(import.meta.dirname, "cpu-profile.mjs")}` }
  : {};

type Target = { name: "Atelier" | "bare"; baseURL: string; pid: number | null };

const say = (line: string) => console.log(`[bench] ${line}`);

/** The bare server in a child process of its own, like `next start`; resolves once it listens. */
function startBareChild(databaseUrl: string, poolSize: number) {
  return startChildServer(BARE_SERVER, { ...PROFILE_ENV, DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: String(poolSize) }, "bare server");
}

async function getJson(baseURL: string, apiKey: string, urlPath: string, body?: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseURL}${urlPath}`, {
    method: body ? "POST" : "GET",
    headers: { authorization: `Bearer ${apiKey}`, ...(body && { "content-type": "application/json" }) },
    body,
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200) throw new Error(`${baseURL}${urlPath} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Both servers must answer the same requests with the same JSON, or the comparison is meaningless. */
async function checkParity(targets: Target[], apiKey: string, scenarios: Scenario[]): Promise<void> {
  for (const scenario of scenarios) {
    const urlPath = scenario.path();
    const [atelier, bare] = await Promise.all(targets.map((target) => getJson(target.baseURL, apiKey, urlPath, scenario.body)));
    // A create makes a new id and timestamp each time; everything else must match exactly.
    const comparable = (object: Record<string, unknown>) =>
      scenario.name === "create" ? { ...object, id: undefined, created_at: undefined } : object;
    if (!isDeepStrictEqual(comparable(atelier!), comparable(bare!))) {
      throw new Error(`Atelier and the bare server disagree on ${scenario.method} ${urlPath}:\n${JSON.stringify(atelier)}\n${JSON.stringify(bare)}`);
    }
  }
}

async function describeMachine(databaseUrl: string, poolSize: number, embedded: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ version: string }>("SELECT current_setting('server_version') AS version");
  await client.end();
  const cpus = os.cpus();
  say(`machine: ${cpus.length} cores (${cpus[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, node ${process.version}, Postgres ${rows[0]?.version}${embedded ? " (embedded PGlite!)" : ""}`);
  // Anything else running (a build, a test suite) takes cores from both servers: say how busy we start.
  say(`load average before the run: ${os.loadavg().map((load) => load.toFixed(2)).join(" ")}`);
  say(
    `conditions: ${SEED_COUNT.toLocaleString("en-US")} assistants in one workspace; autocannon ${LOAD.connections} connections, ` +
      `pipelining 1, warm-up (not counted) of ${LOAD.warmupSec} s and at least ${LOAD.warmupMinRequests.toLocaleString("en-US")} requests, then ${LOAD.durationSec} s measured per scenario and server, one server at a time; ` +
      `DB pool ${poolSize} per server; load generator, servers and Postgres share the machine.`,
  );
  say("fairness: the bare server runs the SQL Prisma sends (same key lookup, same keyset query), validates with the same zod schemas and maps rows with the same wire mappers, so the ratio measures Next + Prisma, not validation or the database.");
  if (embedded) say("WARNING: no Postgres server found; the embedded database serves one connection, so these figures say little.");
}

async function main(): Promise<number> {
  const cleanups: (() => Promise<void>)[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      // Servers before the database they hold connections to.
      for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => say(`clean-up failed: ${(error as Error).message}`));
    })());
  // A signal during a start-up step waits for it, so the database or server it is creating gets
  // registered above and cleaned up rather than leaked.
  let starting: Promise<unknown> = Promise.resolve();
  const step = <T>(promise: Promise<T>): Promise<T> => {
    starting = promise.catch(() => {});
    return promise;
  };
  let interrupted = false;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    // `on`, not `once`: Ctrl-C reaches us twice (from the terminal and relayed by npm/tsx), and a
    // second signal with no listener would kill the process halfway through the clean-up.
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      say(`${signal}: stopping the servers and dropping the database`);
      void starting.then(cleanUp).finally(() => process.exit(130));
    });
  }

  try {
    if (PROFILE_DIR) await mkdir(PROFILE_DIR, { recursive: true });
    await ensureBuild({ log: (line) => say(line) });
    const db = await step(createTestDatabase("bench"));
    cleanups.push(() => db.drop());
    const poolSize = db.embedded ? 1 : Number(process.env.DATABASE_POOL_SIZE ?? 10);
    await describeMachine(db.url, poolSize, db.embedded);

    let started = Date.now();
    const seeded = await seedWorkspace(db.url, SEED_COUNT);
    say(`seeded ${seeded.assistantIds.length} assistants and a regular API key in ${Date.now() - started} ms`);

    started = Date.now();
    const app = await step(startAppServer({
      databaseUrl: db.url,
      embedded: db.embedded,
      env: { ...PROFILE_ENV, DATABASE_POOL_SIZE: String(poolSize) },
    }));
    cleanups.push(() => app.stop());
    const bare = await step(startBareChild(db.url, poolSize));
    cleanups.push(() => bare.stop());
    say(`servers up in ${Date.now() - started} ms: Atelier ${app.baseURL} (next start), bare ${bare.baseURL}`);

    const ids = seeded.assistantIds;
    const randomId = () => ids[Math.floor(Math.random() * ids.length)]!;
    const scenarios: Scenario[] = [
      { name: "retrieve", method: "GET", path: () => `/api/v1/assistants/${randomId()}` },
      // A cursor drawn uniformly from the whole set: most pages start deep in the list.
      { name: "list", method: "GET", path: () => `/api/v1/assistants?limit=20&after=${randomId()}` },
      { name: "create", method: "POST", path: () => "/api/v1/assistants", body: JSON.stringify(assistantBody(SEED_COUNT)) },
    ];
    const pidOf = (baseURL: string) => pidListeningOn(Number(new URL(baseURL).port));
    const targets: Target[] = [
      { name: "Atelier", baseURL: app.baseURL, pid: pidOf(app.baseURL) },
      { name: "bare", baseURL: bare.baseURL, pid: pidOf(bare.baseURL) },
    ];
    await checkParity(targets, seeded.apiKey, scenarios);
    say("parity: both servers return identical JSON for retrieve, list and create");

    const rows: Row[] = [];
    for (const scenario of scenarios) {
      const figures = [];
      for (const target of targets) {
        if (interrupted) return 130; // the signal handler is tearing everything down
        say(`${scenario.name} → ${target.name} …`);
        figures.push(await runScenario(target, seeded.apiKey, scenario, LOAD));
      }
      rows.push({ scenario: scenario.name, atelier: figures[0]!, bare: figures[1]! });
    }

    console.log(`\n${formatTable(rows)}\n`);
    const cpu = formatCpu(rows);
    if (cpu) console.log(`${cpu}\n`);
    console.log(`targets: retrieve and list ≥ ${TARGETS.minRatio * 100}% of bare throughput and p99 ≤ ${TARGETS.maxP99Ms} ms on Atelier`);
    const problems = invalidity(rows);
    if (problems.length) {
      console.error(`\nINVALID RUN: requests failed, so the figures above do not measure the endpoints:\n  ${problems.join("\n  ")}`);
      return 1;
    }
    const missed = rows.filter((row) => !verdict(row).met).map((row) => row.scenario);
    console.log(missed.length ? `missed: ${missed.join(", ")}` : "all targets met");
    if (PROFILE_DIR) say(`CPU profiles are written to ${PROFILE_DIR} as the servers stop`);
    return 0;
  } finally {
    await cleanUp();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
