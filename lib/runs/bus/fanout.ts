import { randomBytes } from "node:crypto";
import { log } from "@/lib/log";
import { DONE_EVENT, type RunChannels, type RunEvent } from "@/lib/runs/channels";
import { decodeMessage, encodeMessage, type BusMessage, type Command } from "@/lib/runs/bus/protocol";
import { Forwarder } from "@/lib/runs/bus/forwarder";
import type { Transport } from "@/lib/runs/bus/transport";

// Runs' events and commands between instances, on top of a transport (lib/runs/bus/transport.ts).
//
// Nothing crosses the network until someone asks: `publish` stays a push into the local channel.
// An instance asked for a run it does not hold broadcasts an *interest*; the instance whose
// channel holds the run's open segment answers by forwarding it (from the segment's start, then
// live, batched as lib/runs/channels.ts batches for local listeners, at most one message in
// flight per forward so order holds and a busy run sends fewer, bigger messages) to that instance
// alone, until `done`. Each side checks the other is there: the forwarder sends `alive` when the
// run is quiet, the subscriber sends `keep`. Events carry their index, so a lost message (a
// dropped connection) shows as a gap, and the subscriber asks again from where it is.
// Several clients of one instance attached to one run share one forward (a feed).

export type AttachOutcome = "done" | "no_owner" | "owner_lost" | "aborted";

export type FanoutTimings = {
  /** No answer to an interest within this: nobody runs it. */
  noOwnerMs: number;
  /** Nothing from the forwarder (events or alive) within this: it is gone. */
  ownerLostMs: number;
  /** A forwarder with nothing to send says `alive` this often. */
  aliveMs: number;
  /** A subscriber says `keep` this often. */
  keepMs: number;
  /** A forwarder that hears no `keep` within this stops. */
  forwardIdleMs: number;
  /** After a gap, ask again at most this often. */
  resumeMs: number;
};

export const DEFAULT_TIMINGS: FanoutTimings = { noOwnerMs: 1_000, ownerLostMs: 15_000, aliveMs: 3_000, keepMs: 5_000, forwardIdleMs: 20_000, resumeMs: 1_000 };

type Feed = {
  id: string;
  runId: string;
  events: RunEvent[];
  wakes: Set<() => void>;
  outcome: AttachOutcome | null;
  forwarder: string | null;
  /** The index, in the forwarder's channel, of the next event expected. */
  next: number;
  heardAt: number;
  keptAt: number;
  resumedAt: number;
  consumers: number;
  noOwner?: NodeJS.Timeout;
};

export type FanoutOptions = {
  transport: Transport;
  channels: RunChannels;
  timings?: Partial<FanoutTimings>;
  /** Who hears commands here; shared with the process-wide registry (lib/runs/bus/index.ts). */
  commandHandlers?: Set<(command: Command) => void>;
};

export class Fanout {
  readonly transport: Transport;
  private readonly channels: RunChannels;
  private readonly timings: FanoutTimings;
  private readonly handlers: Set<(command: Command) => void>;
  private readonly forwarder: Forwarder;
  private readonly feeds = new Map<string, Feed>();
  private readonly feedsByRun = new Map<string, Feed>();
  private ticker?: NodeJS.Timeout;
  private resumes = 0;

  constructor(options: FanoutOptions) {
    this.transport = options.transport;
    this.channels = options.channels;
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.handlers = options.commandHandlers ?? new Set();
    this.forwarder = new Forwarder(this.channels, (to, message) => this.send(to, message), this.timings);
    this.transport.onMessage((text, from) => this.receive(text, from));
  }

  async start(): Promise<void> {
    await this.transport.start();
    const tickMs = Math.max(50, Math.min(this.timings.aliveMs, this.timings.keepMs) / 3);
    this.ticker = setInterval(() => this.tick(), tickMs);
    this.ticker.unref?.();
  }

  /** Tells the subscribers of forwarded runs (they end at once rather than wait), then stops listening. */
  async stop(): Promise<void> {
    clearInterval(this.ticker);
    await this.forwarder.endAll();
    for (const feed of [...this.feeds.values()]) this.finish(feed, "owner_lost");
    await this.transport.stop();
  }

  /** Runs forwarded from here and feeds from elsewhere right now, and the gaps asked for again so far (tests, the benchmark). */
  get activity(): { forwards: number; feeds: number; resumes: number } {
    return { forwards: this.forwarder.count, feeds: this.feeds.size, resumes: this.resumes };
  }

  onCommand(handler: (command: Command) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Runs the command's handlers here, and sends it to every other instance. */
  async sendCommand(command: Command): Promise<void> {
    this.dispatch(command);
    await this.transport.broadcast(encodeMessage({ t: "command", command }));
  }

  /** A run's open segment from the instance that holds it: replayed from its start, then live, to `done`. */
  async *attach(runId: string, signal?: AbortSignal): AsyncGenerator<RunEvent[], AttachOutcome> {
    if (this.transport.kind === "memory") return "no_owner";
    if (signal?.aborted) return "aborted";
    let feed = this.feedsByRun.get(runId);
    if (!feed) feed = this.openFeed(runId);
    feed.consumers++;
    let index = 0;
    let wake: (() => void) | null = null;
    const listener = () => wake?.();
    feed.wakes.add(listener);
    signal?.addEventListener("abort", listener);
    try {
      for (;;) {
        if (index < feed.events.length) {
          const batch = feed.events.slice(index);
          index = feed.events.length;
          yield batch;
          continue;
        }
        if (feed.outcome) return feed.outcome;
        if (signal?.aborted) return "aborted";
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    } finally {
      feed.wakes.delete(listener);
      signal?.removeEventListener("abort", listener);
      if (--feed.consumers === 0 && !feed.outcome) this.finish(feed, "aborted");
    }
  }

  private openFeed(runId: string): Feed {
    const now = Date.now();
    const feed: Feed = { id: randomBytes(9).toString("base64url"), runId, events: [], wakes: new Set(), outcome: null, forwarder: null, next: 0, heardAt: now, keptAt: now, resumedAt: 0, consumers: 0 };
    this.feeds.set(feed.id, feed);
    this.feedsByRun.set(runId, feed);
    // The wait for an answer starts once the question is out: under load the send itself may queue for a pooled connection.
    this.transport.broadcast(encodeMessage({ t: "interest", id: feed.id, run: runId, from: null })).then(
      () => {
        if (!feed.outcome && !feed.forwarder) feed.noOwner = setTimeout(() => !feed.forwarder && this.finish(feed, "no_owner"), this.timings.noOwnerMs);
      },
      (error: Error) => {
        log.warn("run bus: could not ask for a run's events", { runId, error: error.message });
        this.finish(feed, "no_owner");
      },
    );
    return feed;
  }

  private finish(feed: Feed, outcome: AttachOutcome): void {
    if (feed.outcome) return;
    feed.outcome = outcome;
    clearTimeout(feed.noOwner);
    this.feeds.delete(feed.id);
    if (this.feedsByRun.get(feed.runId) === feed) this.feedsByRun.delete(feed.runId);
    if ((outcome === "aborted" || outcome === "done") && feed.forwarder) void this.send(feed.forwarder, { t: "release", id: feed.id });
    for (const wake of feed.wakes) wake();
  }

  private receive(text: string, from: string): void {
    const message = decodeMessage(text);
    if (!message) return;
    switch (message.t) {
      case "interest":
        return this.forwarder.answer(message.id, message.run, message.from, from);
      case "events":
      case "alive":
        return this.heard(message, from);
      case "end": {
        const feed = this.feeds.get(message.id);
        if (feed?.forwarder === from) this.finish(feed, "owner_lost");
        return;
      }
      case "keep":
        return this.forwarder.keep(message.id, from);
      case "release":
        return this.forwarder.release(message.id, from);
      case "command":
        return this.dispatch(message.command);
    }
  }

  private dispatch(command: Command): void {
    for (const handler of this.handlers) {
      try {
        handler(command);
      } catch (error) {
        log.error("run bus: a command handler threw", { command, error });
      }
    }
  }

  // The subscriber's side: events or a sign of life from a forwarder.
  private heard(message: Extract<BusMessage, { t: "events" | "alive" }>, from: string): void {
    const feed = this.feeds.get(message.id);
    if (!feed) {
      // Answered too late, or a client that has gone: the forwarder can stop.
      void this.send(from, { t: "release", id: message.id });
      return;
    }
    if (!feed.forwarder) {
      feed.forwarder = from;
      feed.next = message.base; // what came before this message and was lost is asked for below
      clearTimeout(feed.noOwner);
    } else if (feed.forwarder !== from) {
      void this.send(from, { t: "release", id: message.id }); // a second answer: one forwarder is enough
      return;
    }
    feed.heardAt = Date.now();
    if (message.t === "alive") {
      if (message.next > feed.next) this.resume(feed);
      return;
    }
    if (message.start > feed.next) return this.resume(feed);
    const fresh = message.events.slice(feed.next - message.start);
    if (fresh.length === 0) return;
    feed.next += fresh.length;
    const done = fresh.findIndex((event) => event.event === DONE_EVENT.event);
    if (done >= 0) fresh.splice(done, fresh.length - done, DONE_EVENT);
    feed.events.push(...fresh);
    if (done >= 0) this.finish(feed, "done");
    else for (const wake of feed.wakes) wake();
  }

  /** Events went missing on the way: ask the forwarder again from the first one missing. */
  private resume(feed: Feed): void {
    const now = Date.now();
    if (!feed.forwarder || now - feed.resumedAt < this.timings.resumeMs) return;
    feed.resumedAt = now;
    this.resumes++;
    log.debug("run bus: events lost on the way; asking again", { runId: feed.runId, from: feed.next });
    void this.send(feed.forwarder, { t: "interest", id: feed.id, run: feed.runId, from: feed.next });
  }

  private tick(): void {
    const now = Date.now();
    this.forwarder.tick(now);
    for (const feed of [...this.feeds.values()]) {
      if (!feed.forwarder) continue;
      if (now - feed.heardAt > this.timings.ownerLostMs) this.finish(feed, "owner_lost");
      else if (now - feed.keptAt >= this.timings.keepMs) {
        feed.keptAt = now;
        void this.send(feed.forwarder, { t: "keep", id: feed.id });
      }
    }
  }

  /** To one instance; a failure is logged and otherwise left to the protocol (gaps, silence). */
  private async send(to: string, message: BusMessage): Promise<void> {
    try {
      await this.transport.send(to, encodeMessage(message));
    } catch (error) {
      log.debug("run bus: a message was not sent", { to, type: message.t, error: (error as Error).message });
    }
  }
}
