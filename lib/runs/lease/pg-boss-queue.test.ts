import { spawn } from "node:child_process";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { LEASE_TIMINGS } from "@/lib/runs/lease/rules";
import { createBareDatabase, findServer, jobsOf, sleep, startRecordingQueue, waitFor, type BareDatabase, type RecordingQueue } from "@/lib/runs/lease/test-support";
import { LeaseEnded } from "@/lib/runs/lease/types";

// Several queue instances on one real Postgres database (a database per test), with the shipped
// timings: heartbeat 10 s, touch every 2 s, monitor every 5 s. The slow cases wait for real
// lapses, so they run concurrently. pg-boss needs a server: without one (the embedded fallback)
// this file is skipped, and says so.

const server = await findServer();
if (!server) console.warn("[lease] no Postgres server at DATABASE_URL or 127.0.0.1:5432: skipping the pg-boss lease tests");

// Queues and processes stop first (together), then the databases go.
const cleanups: (() => Promise<unknown>)[] = [];
const drops: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup().catch(() => {})));
  await Promise.all(drops.map((drop) => drop().catch(() => {})));
}, 120_000);

async function database(label: string): Promise<BareDatabase> {
  const db = await createBareDatabase(server!, label);
  drops.push(db.drop);
  return db;
}

async function instance(url: string, id: string, options: Parameters<typeof startRecordingQueue>[2] = {}): Promise<RecordingQueue> {
  const started = await startRecordingQueue(url, id, options);
  cleanups.push(() => started.queue.stop(0));
  return started;
}

const runIds = (queue: RecordingQueue) => queue.executed.map((entry) => entry.runId);
const orphanIds = (...queues: RecordingQueue[]) => queues.flatMap((queue) => queue.orphans.map((entry) => entry.runId));

describe.skipIf(!server).concurrent("pg-boss run queue", { timeout: 60_000 }, () => {
  it("leases a run once across instances; past capacity runs wait queued and go, oldest first, to whichever instance has room", async () => {
    const { url } = await database("capacity");
    const a = await instance(url, "a", { maxActiveRuns: 2 });
    const b = await instance(url, "b", { maxActiveRuns: 1 });

    const first = a.queue.claimForLocalStart("run_1");
    expect(a.queue.activeRunCount()).toBe(1); // the slot is taken before the insert is answered
    const a1 = (await first)!;
    const a2 = (await a.queue.claimForLocalStart("run_2"))!;
    expect(a2).not.toBeNull();
    expect(await a.queue.claimForLocalStart("run_3")).toBeNull(); // at capacity
    expect(await b.queue.claimForLocalStart("run_1")).toBeNull(); // leased by a
    const b1 = (await b.queue.claimForLocalStart("run_4"))!;
    expect(b1).not.toBeNull();

    for (const runId of ["run_3", "run_5", "run_6"]) await a.queue.enqueueRun(runId);
    await a.queue.enqueueRun("run_3"); // already queued: nothing more
    await sleep(500);
    expect([...runIds(a), ...runIds(b)]).toEqual([]);
    expect((await jobsOf(url, "run_3")).map((job) => job.state)).toEqual(["created"]);
    // A new run does not jump the queue on an instance with room while older runs wait.

    await a1.release("done");
    await waitFor(() => runIds(a), (ids) => ids.length === 1, 5_000, "a to take the oldest queued run");
    expect(runIds(a)).toEqual(["run_3"]);
    await b1.release("done");
    await waitFor(() => runIds(b), (ids) => ids.length === 1, 5_000, "b to take the next one");
    expect(runIds(b)).toEqual(["run_5"]);
    await a.executed[0]!.lease.release("done");
    await waitFor(() => runIds(a), (ids) => ids.length === 2, 5_000, "a to take the last one");
    expect(runIds(a)).toEqual(["run_3", "run_6"]);
    expect(a.queue.activeRunCount()).toBe(2);
    expect((await jobsOf(url, "run_1")).map((job) => job.state)).toEqual(["completed"]);
  });

  it("lets the caller write the lease in its own transaction (reserveLocalStart), sharing the capacity", async () => {
    const { url } = await database("reserve");
    const a = await instance(url, "a", { maxActiveRuns: 2 });
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    cleanups.push(() => sql.end());
    await sql.query("CREATE TABLE app_runs (id text PRIMARY KEY)");
    const insertRunWithLease = async (runId: string, start: NonNullable<ReturnType<typeof a.queue.reserveLocalStart>>) => {
      const lease = start.statement(2)!;
      const { rows } = await sql.query<{ lease: string | null }>(
        `WITH lease AS (${lease.text}) INSERT INTO app_runs VALUES ($1) RETURNING (SELECT id FROM lease) AS lease`,
        [runId, ...lease.values],
      );
      return start.adopt(rows[0]!.lease);
    };

    const start = a.queue.reserveLocalStart("run_1")!;
    expect(a.queue.activeRunCount()).toBe(1);
    const lease = (await insertRunWithLease("run_1", start))!;
    expect(lease.runId).toBe("run_1");
    expect((await jobsOf(url, "run_1")).map((job) => job.state)).toEqual(["active"]);
    expect(() => start.cancel()).toThrow(/already adopted/);

    const cancelled = a.queue.reserveLocalStart("run_2")!;
    expect(a.queue.reserveLocalStart("run_3")).toBeNull(); // full
    cancelled.cancel();
    expect(a.queue.activeRunCount()).toBe(1);
    // Already leased: the statement inserts nothing, and adopt frees the slot.
    expect(a.queue.reserveLocalStart("run_1")).toBeNull(); // this instance holds it
    const b = await instance(url, "b");
    expect(await insertRunWithLease("run_1_again", b.queue.reserveLocalStart("run_1")!)).toBeNull();
    expect(b.queue.activeRunCount()).toBe(0);
    await lease.release("done");
    expect((await jobsOf(url, "run_1")).map((job) => job.state)).toEqual(["completed"]);
  });

  it("keeps a heartbeated lease past the heartbeat interval, and a second instance starting leaves it alone", async () => {
    const { url } = await database("heartbeat");
    const a = await instance(url, "a", { maxActiveRuns: 1 });
    const lease = (await a.queue.claimForLocalStart("run_held"))!;
    const [before] = await jobsOf(url, "run_held");
    await a.queue.enqueueRun("run_waiting"); // a is full: it waits for b
    const b = await instance(url, "b", { maxActiveRuns: 5 });
    expect(runIds(b)).toEqual(["run_waiting"]); // what b takes at start-up: queued runs, not leases

    await sleep(LEASE_TIMINGS.heartbeatSeconds * 1000 + 2 * LEASE_TIMINGS.monitorSeconds * 1000);
    expect(lease.signal.aborted).toBe(false);
    expect(await jobsOf(url, "run_held")).toEqual([{ ...before, state: "active" }]);
    expect(orphanIds(a, b)).toEqual([]);
    expect(runIds(a)).toEqual([]);
    await lease.release("done");
    expect((await jobsOf(url, "run_held"))[0]!.state).toBe("completed");
  });

  it("hands a killed owner's runs to resolveOrphan on exactly one other instance within 30 s", async () => {
    const { url } = await database("kill");
    const b = await instance(url, "b");
    const c = await instance(url, "c");
    const owner = spawn(process.execPath, ["--import", "tsx", "lib/runs/lease/test-owner.ts"], {
      env: { ...process.env, LEASE_TEST_DATABASE_URL: url, LEASE_TEST_RUNS: "run_k1,run_k2" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    cleanups.push(async () => owner.kill("SIGKILL"));
    let output = "";
    owner.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output, (text) => text.includes("claimed run_k2"), 20_000, "the owner to claim its runs");
    expect(output).toContain("claimed run_k1");

    const killedAt = Date.now();
    owner.kill("SIGKILL");
    await waitFor(() => orphanIds(b, c), (ids) => ids.length >= 2, 30_000, "both runs to be resolved");
    const detection = Math.max(...[...b.orphans, ...c.orphans].map((entry) => entry.at - killedAt));
    console.log(`[lease] owner killed: its runs reached resolveOrphan after ${detection} ms`);
    expect(detection).toBeLessThan(30_000);
    // A further monitor pass and orphan poll: still once each.
    await sleep(LEASE_TIMINGS.monitorSeconds * 1000 + LEASE_TIMINGS.orphanPollSeconds * 1000);
    expect(orphanIds(b, c).sort()).toEqual(["run_k1", "run_k2"]);
    expect([...runIds(b), ...runIds(c)]).toEqual([]);
  });

  it("keeps a lease when the owner's connections are terminated: the pool reconnects and heartbeats go on", async () => {
    const { url } = await database("reconnect");
    const a = await instance(url, "a");
    const b = await instance(url, "b");
    const lease = (await a.queue.claimForLocalStart("run_r"))!;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const { rowCount } = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'atelier-runs a%'");
    await admin.end();
    expect(rowCount).toBeGreaterThan(0);

    await sleep(LEASE_TIMINGS.heartbeatSeconds * 1000 + LEASE_TIMINGS.monitorSeconds * 1000);
    expect(lease.signal.aborted).toBe(false);
    expect((await jobsOf(url, "run_r"))[0]!.state).toBe("active");
    expect(orphanIds(a, b)).toEqual([]);
    await lease.release("done");
    expect((await jobsOf(url, "run_r"))[0]!.state).toBe("completed");
  });

  it("claims a lease again when its row is gone (its commit, not waited for, was lost in a crash)", async () => {
    const { url } = await database("reclaim");
    const a = await instance(url, "a");
    const lease = (await a.queue.claimForLocalStart("run_c"))!;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query("DELETE FROM pgboss.job WHERE singleton_key = 'run_c'");
    await admin.end();
    const jobs = await waitFor(() => jobsOf(url, "run_c"), (rows) => rows.length === 1, 10_000, "the lease to be claimed again");
    expect(jobs[0]!.state).toBe("active");
    expect(lease.signal.aborted).toBe(false);
    await lease.release("done");
    expect((await jobsOf(url, "run_c"))[0]!.state).toBe("completed");
  });

  it("makes an owner cut off from the database give its lease up before another instance resolves the run", async () => {
    const { url } = await database("partition");
    const proxy = await startProxy(new URL(url));
    cleanups.push(proxy.close);
    const viaProxy = new URL(url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const a = await instance(viaProxy.toString(), "a");
    const b = await instance(url, "b");
    const lease = (await a.queue.claimForLocalStart("run_p"))!;
    let lostAt = 0;
    lease.signal.addEventListener("abort", () => (lostAt = Date.now()));

    const cutAt = Date.now();
    proxy.cut();
    await waitFor(() => orphanIds(b), (ids) => ids.length === 1, 30_000, "b to resolve the run");
    expect(lease.signal.aborted).toBe(true);
    expect((lease.signal.reason as LeaseEnded).reason).toBe("lost");
    console.log(`[lease] owner cut off: gave its lease up after ${lostAt - cutAt} ms, resolved elsewhere after ${b.orphans[0]!.at - cutAt} ms`);
    expect(lostAt).toBeLessThan(b.orphans[0]!.at);
    expect(orphanIds(a, b)).toEqual(["run_p"]);
  });

  it("hands runs still leased at shutdown to another instance, which executes them", async () => {
    const { url } = await database("handoff");
    const a = await instance(url, "a");
    const b = await instance(url, "b");
    const kept = (await a.queue.claimForLocalStart("run_h"))!;
    const finished = (await a.queue.claimForLocalStart("run_g"))!;
    setTimeout(() => void finished.release("done"), 50);
    await a.queue.stop(300);
    expect((kept.signal.reason as LeaseEnded).reason).toBe("shutdown");
    expect(finished.signal.aborted).toBe(false);
    await waitFor(() => runIds(b), (ids) => ids.length === 1, 5_000, "b to execute the handed-over run");
    expect(runIds(b)).toEqual(["run_h"]);
    expect((await jobsOf(url, "run_h")).map((job) => job.state)).toEqual(["active", "completed"]);
    expect((await jobsOf(url, "run_g")).map((job) => job.state)).toEqual(["completed"]);
    await kept.release("done"); // late: nothing more happens
    expect((await jobsOf(url, "run_h"))[0]!.state).toBe("active");
  });

  it("sends a run whose execute rejected to resolveOrphan", async () => {
    const { url } = await database("reject");
    const a = await instance(url, "a", {
      execute: async () => {
        throw new Error("engine bug");
      },
    });
    await a.queue.enqueueRun("run_x");
    await waitFor(() => orphanIds(a), (ids) => ids.length === 1, 10_000, "the orphan");
    expect(orphanIds(a)).toEqual(["run_x"]);
    expect(a.queue.activeRunCount()).toBe(0);
  });
});

/** A TCP proxy to Postgres that the test can cut: sockets destroyed, new connections refused. */
async function startProxy(target: URL): Promise<{ port: number; cut(): void; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const port = (proxy.address() as net.AddressInfo).port;
  const close = () => new Promise<void>((resolve) => proxy.close(() => resolve()));
  return {
    port,
    cut() {
      void close();
      for (const socket of sockets) socket.destroy();
    },
    close,
  };
}
