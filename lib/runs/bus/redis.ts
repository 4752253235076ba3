import { Redis } from "ioredis";
import { log } from "@/lib/log";
import { senderOf, wholeFrame } from "@/lib/runs/bus/frames";
import type { MessageHandler, Transport } from "@/lib/runs/bus/transport";

// The bus over Redis pub/sub, when REDIS_URL is set: it takes the bus's traffic off the database.
// Two connections, because a subscribed Redis connection can do nothing but listen: one
// subscribed to the bus's channel and to this instance's own, one that publishes. ioredis
// reconnects both with backoff and subscribes again by itself (autoResubscribe); what was
// published meanwhile is lost, as with Postgres. No size limit worth splitting for (512 MB).
// Pub/sub channels span Redis's numbered databases: deployments sharing one Redis should use
// their own `channel` prefix (they would only waste each other's time: run ids are unique).

export type RedisTransportOptions = {
  url: string;
  instanceId: string;
  /** Channel name prefix (tests use their own). */
  channel?: string;
  /** Longest wait between reconnection attempts. */
  maxBackoffMs?: number;
};

export class RedisTransport implements Transport {
  readonly kind = "redis";
  readonly instanceId: string;
  private readonly broadcastChannel: string;
  private readonly handlers: MessageHandler[] = [];
  private readonly subscriber: Redis;
  private readonly publisher: Redis;
  private failing = false;
  private stopped = true;

  constructor(options: RedisTransportOptions) {
    this.instanceId = options.instanceId;
    this.broadcastChannel = options.channel ?? "atelier:bus";
    const maxBackoffMs = options.maxBackoffMs ?? 5_000;
    const common = {
      lazyConnect: true,
      connectionName: `atelier-bus-${this.instanceId}`,
      retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 10), maxBackoffMs),
    };
    // The subscriber queues its SUBSCRIBE until it is connected; the publisher fails at once while
    // disconnected instead of piling messages up (a forwarder learns of it and the protocol recovers).
    this.subscriber = new Redis(options.url, { ...common, maxRetriesPerRequest: null });
    this.publisher = new Redis(options.url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.subscriber.on("message", (_channel: string, message: string) => this.receive(message));
    for (const [role, client] of [["subscriber", this.subscriber], ["publisher", this.publisher]] as const) {
      client.on("error", (error: Error) => this.failed(role, error));
      client.on("ready", () => this.recovered(role));
    }
  }

  private directChannel(instanceId: string): string {
    return `${this.broadcastChannel}:${instanceId}`;
  }

  /** True while subscribed (tests wait on it). */
  get listening(): boolean {
    return this.subscriber.status === "ready";
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    const connected = this.publisher.connect();
    this.subscriber.connect().catch(() => {});
    const subscribed = this.subscriber.subscribe(this.broadcastChannel, this.directChannel(this.instanceId));
    subscribed.catch((error: Error) => !this.stopped && log.warn("run bus: could not subscribe on Redis", { error: error.message }));
    // Resolve once both are ready, or at the first failure (they keep trying: ioredis reconnects,
    // and the subscriber subscribes when it can).
    const failed = new Promise<void>((resolve) => {
      this.subscriber.once("error", () => resolve());
      this.publisher.once("error", () => resolve());
    });
    await Promise.race([Promise.all([connected, subscribed]), failed]).catch(() => {});
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }

  broadcast(message: string): Promise<void> {
    return this.publish(this.broadcastChannel, message);
  }

  send(to: string, message: string): Promise<void> {
    return this.publish(this.directChannel(to), message);
  }

  onMessage(handler: MessageHandler): void {
    this.handlers.push(handler);
  }

  private async publish(channel: string, message: string): Promise<void> {
    if (this.stopped) throw new Error("the run bus is stopped");
    await this.publisher.publish(channel, wholeFrame(this.instanceId, message));
  }

  private receive(frame: string): void {
    const from = senderOf(frame);
    if (!from || from === this.instanceId) return;
    const message = frame.slice(from.length + 3);
    for (const handler of this.handlers) {
      try {
        handler(message, from);
      } catch (error) {
        log.error("run bus: a message handler threw", { error });
      }
    }
  }

  // One line when a connection goes, one when it is back: not one per reconnection attempt.
  private failed(role: string, error: Error): void {
    if (this.stopped || this.failing) return;
    this.failing = true;
    log.warn("run bus: a Redis connection failed; reconnecting", { role, error: error.message });
  }

  private recovered(role: string): void {
    if (!this.failing) return;
    this.failing = false;
    log.info("run bus: connected to Redis again", { role });
  }
}
