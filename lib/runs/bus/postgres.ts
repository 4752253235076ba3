import { randomBytes } from "node:crypto";
import pg from "pg";
import { log } from "@/lib/log";
import { encodeFrames, MAX_NOTIFY_BYTES, packBatch, Reassembler, senderOf, unpackBatch } from "@/lib/runs/bus/frames";
import type { MessageHandler, Transport } from "@/lib/runs/bus/transport";

// The bus over Postgres LISTEN/NOTIFY, the default with a database of your own: nothing more to run.
//
// Listening takes one connection of its own for the process's lifetime (a pooled connection would
// be handed to other queries, and a LISTEN lives as long as its session). It listens on two
// channels: the bus's, which every instance hears (interest in a run, commands), and one named
// after this instance, so events forwarded to it wake nobody else. Sending goes through the app's
// pool: NOTIFY is an ordinary statement. Messages to one channel are batched (see `notify`).
//
// A dropped listening connection (server restart, failover, pg_terminate_backend, a network cut
// found by the periodic ping) is reopened with backoff and LISTENs again. What was sent meanwhile
// is lost: Postgres keeps notifications only for sessions listening when they were committed.
// The protocol notices the gaps that matter (lib/runs/bus/fanout.ts) and asks again.

export type PostgresTransportOptions = {
  /** The database to listen on: NOTIFY reaches the sessions of the same database only. */
  connectionString: string;
  instanceId: string;
  /** Where NOTIFY is sent from: the app's pool (lib/db.ts getPool). */
  pool: Pick<pg.Pool, "query">;
  /** Channel name prefix (tests use their own). Lowercase letters, digits and `_`. */
  channel?: string;
  maxFrameBytes?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** How often the listening connection is checked with a `SELECT 1` (a silent network cut emits nothing). */
  pingMs?: number;
};

const PING_TIMEOUT_MS = 10_000;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export class PostgresTransport implements Transport {
  readonly kind = "postgres";
  readonly instanceId: string;
  private readonly broadcastChannel: string;
  private readonly handlers: MessageHandler[] = [];
  private readonly reassembler = new Reassembler();
  private readonly dead = new WeakSet<pg.Client>();
  private readonly messagePrefix = randomBytes(3).toString("hex");
  private readonly outbox = new Map<string, { messages: string[]; waiters: { resolve: () => void; reject: (error: Error) => void }[] }>();
  private readonly flushing = new Set<string>();
  private client: pg.Client | null = null;
  private pid: number | null = null;
  private stopped = true;
  private failures = 0;
  private sequence = 0;
  private retryTimer?: NodeJS.Timeout;
  private pingTimer?: NodeJS.Timeout;

  constructor(private readonly options: PostgresTransportOptions) {
    this.instanceId = options.instanceId;
    this.broadcastChannel = options.channel ?? "atelier_bus";
    if (!/^[a-z0-9_]{1,20}$/.test(this.broadcastChannel)) throw new Error(`bad bus channel name: ${this.broadcastChannel}`);
  }

  private directChannel(instanceId: string): string {
    return `${this.broadcastChannel}.${instanceId}`;
  }

  /** True while the listening connection is open and LISTENing (tests wait on it). */
  get listening(): boolean {
    return this.client !== null;
  }

  /** The listening connection's backend pid, to find it in pg_stat_activity. */
  get listenerPid(): number | null {
    return this.pid;
  }

  /** NOTIFY statements sent and the messages they carried (the benchmark reports them). */
  readonly sent = { notifies: 0, messages: 0 };

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.connect();
    this.pingTimer = setInterval(() => void this.ping(), this.options.pingMs ?? 30_000);
    this.pingTimer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    this.reassembler.clear();
    const client = this.client;
    this.client = null;
    this.pid = null;
    if (client) {
      this.dead.add(client);
      await client.end().catch(() => {});
    }
  }

  broadcast(message: string): Promise<void> {
    return this.notify(this.broadcastChannel, message);
  }

  send(to: string, message: string): Promise<void> {
    return this.notify(this.directChannel(to), message);
  }

  onMessage(handler: MessageHandler): void {
    this.handlers.push(handler);
  }

  // Messages to one channel queue while a NOTIFY to it is on its way and go out together in the
  // next: NOTIFYs commit one at a time across the whole server (a cluster-wide lock), so under
  // load they get bigger, not more numerous. One at a time per channel also keeps them in order.
  private notify(channel: string, message: string): Promise<void> {
    if (this.stopped) return Promise.reject(new Error("the run bus is stopped"));
    return new Promise<void>((resolve, reject) => {
      let box = this.outbox.get(channel);
      if (!box) this.outbox.set(channel, (box = { messages: [], waiters: [] }));
      box.messages.push(message);
      box.waiters.push({ resolve, reject });
      // The first waits for the end of this event-loop turn, so what the turn sends goes in one.
      if (!this.flushing.has(channel)) {
        this.flushing.add(channel);
        setImmediate(() => void this.flush(channel));
      }
    });
  }

  private async flush(channel: string): Promise<void> {
    try {
      for (let box = this.outbox.get(channel); box; box = this.outbox.get(channel)) {
        this.outbox.delete(channel);
        try {
          this.sent.notifies++;
          this.sent.messages += box.messages.length;
          await this.notifyNow(channel, packBatch(box.messages));
          for (const { resolve } of box.waiters) resolve();
        } catch (error) {
          for (const { reject } of box.waiters) reject(error as Error);
        }
      }
    } finally {
      this.flushing.delete(channel);
    }
  }

  private async notifyNow(channel: string, payload: string): Promise<void> {
    const id = `${this.messagePrefix}${(this.sequence++).toString(36)}`;
    const frames = encodeFrames(this.instanceId, id, payload, this.options.maxFrameBytes ?? MAX_NOTIFY_BYTES);
    // One statement for all of a payload's chunks: one transaction, delivered together or not at all.
    if (frames.length === 1) {
      await this.options.pool.query({ name: "atelier_bus_notify", text: "SELECT pg_notify($1, $2)", values: [channel, frames[0]] });
    } else {
      await this.options.pool.query({ name: "atelier_bus_notify_chunks", text: "SELECT pg_notify($1, frame) FROM unnest($2::text[]) AS frame", values: [channel, frames] });
    }
  }

  private receive(payload: string | undefined): void {
    // Our own broadcasts come back to us: drop them before reassembling anything.
    if (!payload || senderOf(payload) === this.instanceId) return;
    const complete = this.reassembler.accept(payload);
    const messages = complete && unpackBatch(complete.message);
    if (!complete || !messages) return;
    for (const message of messages) {
      for (const handler of this.handlers) {
        try {
          handler(message, complete.from);
        } catch (error) {
          log.error("run bus: a message handler threw", { error });
        }
      }
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
      application_name: `atelier-bus ${this.instanceId}`.slice(0, 63),
    });
    client.on("notification", (notification) => this.receive(notification.payload));
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client, new Error("connection ended")));
    try {
      await client.connect();
      const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      await client.query(`LISTEN ${quoteIdent(this.broadcastChannel)}; LISTEN ${quoteIdent(this.directChannel(this.instanceId))}`);
      if (this.dead.has(client)) return;
      if (this.stopped) {
        this.dead.add(client);
        await client.end().catch(() => {});
        return;
      }
      this.client = client;
      this.pid = rows[0]?.pid ?? null;
      if (this.failures > 0) log.info("run bus: listening on Postgres again", { attempts: this.failures });
      this.failures = 0;
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  /** The listening connection is gone (or never came): close what is left, try again later. */
  private lost(client: pg.Client, error: Error): void {
    if (this.dead.has(client)) return;
    this.dead.add(client);
    if (this.client === client) {
      this.client = null;
      this.pid = null;
    }
    client.end().catch(() => {});
    if (this.stopped) return;
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 200, maxMs: 10_000 };
    const delay = Math.round(Math.min(maxMs, initialMs * 2 ** this.failures) * (0.5 + Math.random() / 2));
    this.failures++;
    log.warn("run bus: the Postgres listening connection failed; retrying", { error: error.message, attempt: this.failures, retryInMs: delay });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref?.();
  }

  private async ping(): Promise<void> {
    const client = this.client;
    if (!client) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.query("SELECT 1"),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer to a ping in ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS))),
      ]);
    } catch (error) {
      this.lost(client, error as Error);
    } finally {
      clearTimeout(timer);
    }
  }
}
