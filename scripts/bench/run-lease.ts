// `npm run bench:leases`: what a run lease costs on a local Postgres, one run at a time.
//   select 1    a round trip on the same warm pool
//   one commit  a one-row INSERT into a plain table: the floor for any durable claim
//   claim       claimForLocalStart as the engine calls it (one INSERT of an active pg-boss job, on
//               a warm pool like the app's); (release) is its release("done"), timed apart
//   claim→commit claimForLocalStart, then a one-row INSERT (the run's own write, which makes the
//               claim durable): what the claim adds to starting a run is this minus `one commit`
//   claim+commit reserveLocalStart: the lease's insert inside the run's own statement, one commit
//   send+fetch  pg-boss's own API for the same claim (a per-instance queue: send, then fetch), the
//               design the one-statement claim replaces (lib/runs/lease/pgboss-layout.ts)
// The probes take turns, call by call, so load from elsewhere on the machine falls on all alike.
// With --detect it also kills (SIGKILL) an owner process holding two leases and prints how long
// until this process's queue hands them to resolveOrphan. A script that prints numbers, not a test.
//
// BENCH_CLAIMS (default 500) sets the sample; DATABASE_URL's server, else 127.0.0.1:5432, hosts a
// database created for the run and dropped after it.
import { spawn } from "node:child_process";
import pg from "pg";
import { startPgBossRunQueue } from "@/lib/runs/lease/pg-boss-queue";
import { percentile } from "@/lib/runs/lease/rules";
import type { Lease } from "@/lib/runs/lease/types";
import { createBareDatabase, findServer } from "@/lib/runs/lease/test-support";

const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 500);
const WARM_UP = 50;
const say = (line: string) => console.log(`[bench] ${line}`);

type Probe = { label: string; once: (i: number) => Promise<void>; times: number[] };

/**
 * Runs the probes round-robin, one call each per round, so a busy moment on this shared machine
 * lands on all of them alike, then prints each one's percentiles.
 */
async function sample(probes: Omit<Probe, "times">[]): Promise<Map<string, number[]>> {
  const timed: Probe[] = probes.map((probe) => ({ ...probe, times: [] }));
  for (let i = -WARM_UP; i < CLAIMS; i++) {
    for (const probe of timed) {
      const started = performance.now();
      await probe.once(i);
      if (i >= 0) probe.times.push(performance.now() - started);
    }
  }
  for (const { label, times } of timed) {
    const f = (p: number) => percentile(times, p).toFixed(2);
    say(`${label.padEnd(13)} p50 ${f(50)} ms  p99 ${f(99)} ms  max ${Math.max(...times).toFixed(2)} ms  (n=${CLAIMS})`);
  }
  return new Map(timed.map((probe) => [probe.label, probe.times]));
}

/** Round by round, `with` minus `without`: what one step adds, with the machine's load mostly cancelled out. */
function paired(times: Map<string, number[]>, withLabel: string, withoutLabel: string): string {
  const a = times.get(withLabel)!;
  const b = times.get(withoutLabel)!;
  const added = a.map((value, i) => value - b[i]!);
  return `p50 ${percentile(added, 50).toFixed(2)} ms  p99 ${percentile(added, 99).toFixed(2)} ms`;
}

async function main(): Promise<void> {
  const server = await findServer();
  if (!server) throw new Error("no Postgres server at DATABASE_URL or 127.0.0.1:5432");
  const db = await createBareDatabase(server, "bench");
  // The app's pool keeps 4 connections warm (lib/db.ts); the claim runs on it.
  const pool = new pg.Pool({ connectionString: db.url, max: 10, min: 4, idleTimeoutMillis: 60_000 });
  const orphans: { runId: string; at: number }[] = [];
  const queue = await startPgBossRunQueue({
    connectionString: db.url,
    instanceId: "bench",
    maxActiveRuns: 200,
    claimPool: pool,
    execute: async () => {},
    resolveOrphan: async (runId) => void orphans.push({ runId, at: Date.now() }),
  });
  try {
    say(`local Postgres ${(await pool.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version}, ${CLAIMS} claims one at a time`);
    await pool.query("CREATE TABLE bench_commit (id text PRIMARY KEY)");
    await queue.boss.createQueue("bench-instance-queue", { policy: "exclusive", heartbeatSeconds: 10, retryLimit: 0 });
    // Each claim's lease is released (not timed) before the next round, so one run is active at a time.
    let held: Lease | null = null;
    const times = await sample([
      { label: "select 1", once: async () => void (await pool.query("SELECT 1")) },
      { label: "one commit", once: async (i) => void (await pool.query("INSERT INTO bench_commit VALUES ($1)", [`row_${i}`])) },
      {
        label: "claim",
        once: async (i) => {
          held = await queue.claimForLocalStart(`run_claim_${i}`);
          if (!held) throw new Error("claim refused");
        },
      },
      { label: "(release)", once: async () => void (await held?.release("done")) },
      {
        // As the engine should call it: the claim, then the run's own write, which makes it durable.
        label: "claim→commit",
        once: async (i) => {
          held = await queue.claimForLocalStart(`run_both_${i}`);
          if (!held) throw new Error("claim refused");
          await pool.query("INSERT INTO bench_commit VALUES ($1)", [`both_${i}`]);
        },
      },
      { label: "(release)", once: async () => void (await held?.release("done")) },
      {
        // The lease's insert inside the run's own statement: one commit for both.
        label: "claim+commit",
        once: async (i) => {
          const start = queue.reserveLocalStart(`run_one_${i}`);
          const lease = start!.statement(2)!;
          const { rows } = await pool.query<{ lease: string }>(`WITH lease AS (${lease.text}) INSERT INTO bench_commit VALUES ($1) RETURNING (SELECT id FROM lease) AS lease`, [
            `one_${i}`,
            ...lease.values,
          ]);
          held = start!.adopt(rows[0]?.lease);
          if (!held) throw new Error("claim refused");
        },
      },
      { label: "(release)", once: async () => void (await held?.release("done")) },
      {
        label: "send+fetch",
        once: async (i) => {
          await queue.boss.send("bench-instance-queue", { runId: `run_api_${i}` }, { singletonKey: `run_api_${i}` });
          const [job] = await queue.boss.fetch("bench-instance-queue");
          if (!job) throw new Error("fetched nothing");
        },
      },
    ]);
    say(`added by the claim to a run's start (claim→commit minus one commit, same round): ${paired(times, "claim→commit", "one commit")}`);
    say(`added by the claim inside the run's statement (claim+commit minus one commit, same round): ${paired(times, "claim+commit", "one commit")}`);
    if (process.argv.includes("--detect")) await detect(db.url, orphans);
  } finally {
    await queue.stop(0);
    await pool.end();
    await db.drop();
  }
}

/** Kills an owner holding two leases; prints when each reached resolveOrphan here. */
async function detect(url: string, orphans: { runId: string; at: number }[]): Promise<void> {
  const owner = spawn(process.execPath, ["--import", "tsx", "lib/runs/lease/test-owner.ts"], {
    env: { ...process.env, LEASE_TEST_DATABASE_URL: url, LEASE_TEST_RUNS: "run_d1,run_d2" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  owner.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  while (!output.includes("claimed run_d2")) await new Promise((resolve) => setTimeout(resolve, 50));
  const killedAt = Date.now();
  owner.kill("SIGKILL");
  while (orphans.length < 2 && Date.now() - killedAt < 60_000) await new Promise((resolve) => setTimeout(resolve, 50));
  say(`owner killed: resolveOrphan after ${orphans.map((orphan) => `${orphan.at - killedAt} ms`).join(", ") || "nothing within 60 s"}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
