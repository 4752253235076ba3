import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { RunChannels, type RunEvent } from "@/lib/runs/channels";
import { Fanout, type AttachOutcome, type FanoutTimings } from "@/lib/runs/bus/fanout";
import { PostgresTransport } from "@/lib/runs/bus/postgres";
import { RedisTransport } from "@/lib/runs/bus/redis";
import type { Transport } from "@/lib/runs/bus/transport";

// The run bus over real servers: two instances (each its own channels, transport and bus) in this
// process, on Postgres (DATABASE_URL's server, else 127.0.0.1:5432, database `postgres`) and on
// Redis (REDIS_URL, else 127.0.0.1:6379), on channel names of their own. Without the server these
// are skipped, except in CI, where they must run.

const POSTGRES_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const TIMINGS: Partial<FanoutTimings> = { ownerLostMs: 2_000, aliveMs: 150, keepMs: 150, forwardIdleMs: 3_000, resumeMs: 100 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Real servers on a machine that may be busy: more room than vitest's 5 s, still well short of a hang.
vi.setConfig({ testTimeout: 20_000 });

async function reachable(check: () => Promise<unknown>): Promise<boolean> {
  if (process.env.CI) return true;
  return check().then(() => true, () => false);
}

const postgresUp = await reachable(async () => {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  await client.connect();
  await client.end();
});
const redisUp = await reachable(async () => {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  await client.connect();
  client.disconnect();
});

type Instance = { id: string; channels: RunChannels; bus: Fanout; transport: Transport };
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(20);
  }
}

async function drain(source: AsyncGenerator<RunEvent[], AttachOutcome>): Promise<{ events: RunEvent[]; outcome: AttachOutcome }> {
  const events: RunEvent[] = [];
  for (;;) {
    const step = await source.next();
    if (step.done) return { events, outcome: step.value };
    events.push(...step.value);
  }
}

const names = (events: RunEvent[]) => events.map(({ event }) => event);
const runId = () => `run_${randomBytes(6).toString("hex")}`;

type Kind = {
  name: string;
  up: boolean;
  /** A transport for one instance, on this test's channels. */
  transport(id: string, channel: string): Transport;
  channel(): string;
  /** Cuts the instance's listening connection from the server's side. */
  dropListener(transport: Transport): Promise<void>;
  listening(transport: Transport): boolean;
};

const kinds: Kind[] = [
  {
    name: "Postgres LISTEN/NOTIFY",
    up: postgresUp,
    channel: () => `atelier_t${randomBytes(5).toString("hex")}`,
    transport(id, channel) {
      const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
      cleanups.push(() => pool.end());
      return new PostgresTransport({ connectionString: POSTGRES_URL, instanceId: id, pool, channel, backoff: { initialMs: 300, maxMs: 500 } });
    },
    async dropListener(transport) {
      const pid = (transport as PostgresTransport).listenerPid;
      expect(pid).toBeTypeOf("number");
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      const { rows } = await admin.query("SELECT pg_terminate_backend($1) AS ok", [pid]);
      await admin.end();
      expect(rows[0].ok).toBe(true);
    },
    listening: (transport) => (transport as PostgresTransport).listening,
  },
  {
    name: "Redis pub/sub",
    up: redisUp,
    channel: () => `atelier-test:${randomBytes(5).toString("hex")}`,
    transport: (id, channel) => new RedisTransport({ url: REDIS_URL, instanceId: id, channel, maxBackoffMs: 300 }),
    async dropListener(transport) {
      const admin = new Redis(REDIS_URL);
      const list = (await admin.call("CLIENT", "LIST", "TYPE", "pubsub")) as string;
      const ids = list.split("\n").filter((line) => line.includes(`name=atelier-bus-${transport.instanceId} `)).map((line) => /\bid=(\d+)/.exec(line)![1]!);
      expect(ids).toHaveLength(1);
      await admin.call("CLIENT", "KILL", "ID", ids[0]!);
      admin.disconnect();
    },
    listening: (transport) => (transport as RedisTransport).listening,
  },
];

describe.each(kinds)("run bus over $name", (kind) => {
  async function pair(timings: Partial<FanoutTimings> = TIMINGS): Promise<[Instance, Instance]> {
    const channel = kind.channel();
    const make = async (id: string): Promise<Instance> => {
      const transport = kind.transport(id, channel);
      const channels = new RunChannels();
      const bus = new Fanout({ transport, channels, timings });
      await bus.start();
      cleanups.push(() => bus.stop());
      await until(() => kind.listening(transport));
      return { id, channels, bus, transport };
    };
    const suffix = randomBytes(3).toString("hex");
    return [await make(`a-${suffix}`), await make(`b-${suffix}`)];
  }

  it.skipIf(!kind.up)("brings events published on A to a subscriber on B, in order, from the segment's start", async () => {
    const [a, b] = await pair();
    const id = runId();
    a.channels.publish(id, "thread.run.requires_action", {});
    a.channels.endSegment(id);
    a.channels.publish(id, "thread.run.queued", { n: 0 }); // the open segment starts here
    const big = "ünïcödé €😀 ".repeat(8_000); // ~100 KB: many NOTIFY chunks
    a.channels.publish(id, "thread.message.created", { big });
    const attached = drain(b.bus.attach(id));
    await until(() => a.bus.activity.forwards === 1);
    for (let i = 0; i < 200; i++) {
      a.channels.publish(id, "thread.message.delta", { i });
      if (i % 20 === 0) await sleep(2);
    }
    a.channels.publish(id, "thread.run.completed", {});
    a.channels.endSegment(id);
    const { events, outcome } = await attached;
    expect(outcome).toBe("done");
    expect(names(events)).toEqual(["thread.run.queued", "thread.message.created", ...Array(200).fill("thread.message.delta"), "thread.run.completed", "done"]);
    expect((events[1]!.data as { big: string }).big).toBe(big);
    expect(events.slice(2, 202).map(({ data }) => (data as { i: number }).i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it.skipIf(!kind.up)("listens again after its connection is dropped, and the stream picks up what it missed", async () => {
    const [a, b] = await pair();
    const id = runId();
    a.channels.publish(id, "e0", {});
    const source = b.bus.attach(id);
    expect((await source.next()).value).toEqual([{ event: "e0", data: {} }]);
    const attached = drain(source);
    await kind.dropListener(b.transport);
    await until(() => !kind.listening(b.transport), 2_000).catch(() => {}); // may already be back
    a.channels.publish(id, "e1", {}); // likely lost while B is not listening
    await until(() => kind.listening(b.transport));
    a.channels.publish(id, "e2", {});
    await sleep(400); // an alive tells B where A is; B asks for what it missed
    a.channels.endSegment(id);
    expect(await attached).toMatchObject({ outcome: "done" });
    expect(names((await attached).events)).toEqual(["e1", "e2", "done"]);
    expect(b.bus.activity.resumes).toBeGreaterThanOrEqual(1); // e1 was lost on the way and asked for again
    // And new traffic flows on the new connection.
    const heard: string[] = [];
    b.bus.onCommand((command) => heard.push(command.runId));
    await a.bus.sendCommand({ type: "cancel", runId: "after-reconnect" });
    await until(() => heard.length === 1);
  });

  it.skipIf(!kind.up)("carries a cancel command to the instance running the run, and not back to its sender", async () => {
    const [a, b] = await pair();
    const heard: unknown[] = [];
    const heardBySender: unknown[] = [];
    a.bus.onCommand((command) => heard.push(command));
    b.bus.onCommand((command) => heardBySender.push(command));
    await b.bus.sendCommand({ type: "cancel", runId: "run_x" });
    await until(() => heard.length === 1);
    await sleep(200);
    expect(heard).toEqual([{ type: "cancel", runId: "run_x" }]);
    expect(heardBySender).toEqual([{ type: "cancel", runId: "run_x" }]); // run at once, not again when its own broadcast comes back
  });

  it.skipIf(!kind.up)("answers no_owner within about a second when no instance runs it", async () => {
    const [, b] = await pair({ ...TIMINGS, noOwnerMs: 1_000 });
    const startedAt = Date.now();
    expect(await drain(b.bus.attach(runId()))).toEqual({ events: [], outcome: "no_owner" });
    expect(Date.now() - startedAt).toBeLessThan(1_500);
  });

  it.skipIf(!kind.up)("answers owner_lost when the owner stops, told or silent", async () => {
    const [a, b] = await pair();
    const id = runId();
    a.channels.publish(id, "e0", {});
    const told = b.bus.attach(id);
    expect((await told.next()).value).toEqual([{ event: "e0", data: {} }]);
    const stoppedAt = Date.now();
    await a.bus.stop();
    expect(await drain(told)).toEqual({ events: [], outcome: "owner_lost" });
    expect(Date.now() - stoppedAt).toBeLessThan(1_000);

    const [c, d] = await pair();
    c.channels.publish(id, "e0", {});
    const silent = drain(d.bus.attach(id));
    await until(() => c.bus.activity.forwards === 1);
    await sleep(100);
    const cutAt = Date.now();
    await c.transport.stop(); // its process died: nothing said
    expect((await silent).outcome).toBe("owner_lost");
    expect(Date.now() - cutAt).toBeGreaterThanOrEqual(TIMINGS.ownerLostMs! - 200);
  });
});

describe("run bus transports without a server", () => {
  it("start, log and keep retrying instead of throwing", async () => {
    const pool = new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:1/postgres" });
    const transport = new PostgresTransport({ connectionString: "postgres://postgres@127.0.0.1:1/postgres", instanceId: "nobody", pool, backoff: { initialMs: 10, maxMs: 20 } });
    await transport.start();
    expect(transport.listening).toBe(false);
    await sleep(100); // several attempts, none of them fatal
    await transport.stop();
    await pool.end();

    const redis = new RedisTransport({ url: "redis://127.0.0.1:1", instanceId: "nobody", maxBackoffMs: 20 });
    await redis.start();
    expect(redis.listening).toBe(false);
    await expect(redis.broadcast("x")).rejects.toThrow();
    await redis.stop();
  });
});
