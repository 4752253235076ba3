import { log } from "@/lib/log";
import type { Channel, RunChannels } from "@/lib/runs/channels";
import type { BusMessage } from "@/lib/runs/bus/protocol";

// The owner's side of the run bus (lib/runs/bus/fanout.ts): forwards a run's open segment from
// this process's channels to an instance that asked for it, listening to the channel like any
// local subscriber. One message in flight per forward: order holds (each NOTIFY may go out on
// another pooled connection), and what a busy run publishes meanwhile goes out in the next one.

// A replay of a long segment goes out in several messages (Postgres splits each into ≤ 8 KB chunks).
const MAX_EVENTS_PER_MESSAGE = 500;

type Forward = {
  id: string;
  runId: string;
  to: string;
  channel: Channel;
  control: AbortController;
  /** Where this forward began in the channel, and where its next event is. */
  base: number;
  next: number;
  sentAt: number;
  keptAt: number;
  /** The message on its way: an `end` goes after it (it would overtake it on another pooled connection). */
  inflight: Promise<void>;
};

type Send = (to: string, message: BusMessage) => Promise<void>;

export class Forwarder {
  private readonly forwards = new Map<string, Forward>();

  constructor(
    private readonly channels: RunChannels,
    private readonly send: Send,
    private readonly timings: { aliveMs: number; forwardIdleMs: number },
  ) {}

  get count(): number {
    return this.forwards.size;
  }

  /** An interest from `to`: forward if the run's open segment is here (or, resuming, from `from`). */
  answer(id: string, runId: string, from: number | null, to: string): void {
    const channel = this.channels.peek(runId);
    if (!channel) return;
    // A first ask wants the open segment: a channel whose segment ended here is not the run's
    // current one (it goes on elsewhere after tool outputs, or is over), so it stays silent.
    const start = from ?? this.channels.openSegmentStartOf(runId);
    if (start === null || start > channel.events.length) return;
    const existing = this.forwards.get(id);
    if (existing) {
      if (existing.to !== to || from === null) return; // a repeated first ask: already forwarding
      this.stop(existing);
    }
    const now = Date.now();
    const forward: Forward = { id, runId, to, channel, control: new AbortController(), base: start, next: start, sentAt: now, keptAt: now, inflight: Promise.resolve() };
    this.forwards.set(id, forward);
    void this.pump(forward);
  }

  keep(id: string, from: string): void {
    const forward = this.forwards.get(id);
    if (forward?.to === from) forward.keptAt = Date.now();
  }

  release(id: string, from: string): void {
    const forward = this.forwards.get(id);
    if (forward?.to === from) this.stop(forward);
  }

  /** Alive messages for quiet runs; forwards whose subscriber or channel is gone stop. */
  tick(now: number): void {
    for (const forward of [...this.forwards.values()]) {
      if (now - forward.keptAt > this.timings.forwardIdleMs) this.stop(forward);
      else if (this.channels.peek(forward.runId) !== forward.channel) {
        // The run's channel was dropped (the run never came to exist): nothing more will come.
        void this.end(forward);
      } else if (now - forward.sentAt >= this.timings.aliveMs) {
        forward.sentAt = now;
        void this.send(forward.to, { t: "alive", id: forward.id, base: forward.base, next: forward.next });
      }
    }
  }

  /** Shutting down: every subscriber is told, after what is already on its way to it. */
  async endAll(): Promise<void> {
    await Promise.allSettled([...this.forwards.values()].map((forward) => this.end(forward)));
  }

  private async pump(forward: Forward): Promise<void> {
    const { id, to, control } = forward;
    try {
      // A run with nothing to send yet answers with a hello, so it still has an owner within noOwnerMs.
      if (forward.next >= forward.channel.events.length) await (forward.inflight = this.send(to, { t: "alive", id, base: forward.base, next: forward.next }));
      for await (const batch of this.channels.subscribe(forward.runId, forward.next, control.signal)) {
        for (let i = 0; i < batch.length && !control.signal.aborted; i += MAX_EVENTS_PER_MESSAGE) {
          const events = batch.slice(i, i + MAX_EVENTS_PER_MESSAGE);
          // Sent or not, `next` moves on: a lost message is a gap the subscriber sees and asks again for.
          await (forward.inflight = this.send(to, { t: "events", id, base: forward.base, start: forward.next, events }));
          forward.next += events.length;
          forward.sentAt = Date.now();
        }
        if (control.signal.aborted) break;
      }
    } catch (error) {
      log.error("run bus: forwarding a run failed", { runId: forward.runId, error });
      this.stop(forward);
    }
    // At `done` the forward stays until the subscriber says it has it all (release), still saying
    // `alive` with its position: that is how a lost last message is noticed and asked for again.
  }

  private stop(forward: Forward): void {
    forward.control.abort();
    if (this.forwards.get(forward.id) === forward) this.forwards.delete(forward.id);
  }

  private async end(forward: Forward): Promise<void> {
    this.stop(forward);
    await forward.inflight;
    await this.send(forward.to, { t: "end", id: forward.id });
  }
}
