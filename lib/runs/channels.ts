// The store behind lib/runs/events.ts: each run's events, in order, in this process. A class over a
// Map so that the process keeps one Map (on globalThis, shared by every bundle Next builds: the
// instrumentation hook and the route handlers do not share module instances) while tests build
// two independent stores to play two instances in one process (lib/runs/bus).

export type RunEvent = { event: string; data: unknown };

/** Ends one segment of a run: `requires_action` or a terminal status. SSE responses stop there. */
export const DONE_EVENT: RunEvent = { event: "done", data: "[DONE]" };

export type Channel = { events: RunEvent[]; segmentStart: number; listeners: Set<() => void>; expiry?: NodeJS.Timeout };

// How long a finished run's events stay for late subscribers (a playground reloading at the end).
const KEEP_AFTER_DONE_MS = 5 * 60_000;

// By name, not by identity: an event may have been pushed by another bundle's copy of DONE_EVENT.
const isDone = (event: RunEvent) => event.event === DONE_EVENT.event;

export class RunChannels {
  constructor(private readonly channels: Map<string, Channel> = new Map()) {}

  private channelOf(runId: string): Channel {
    let channel = this.channels.get(runId);
    if (!channel) {
      channel = { events: [], segmentStart: 0, listeners: new Set() };
      this.channels.set(runId, channel);
    }
    return channel;
  }

  /** The channel as it is, without creating one (the bus asks about runs it may not hold). */
  peek(runId: string): Channel | undefined {
    return this.channels.get(runId);
  }

  cursorOf(runId: string): number {
    return this.channelOf(runId).events.length;
  }

  segmentStartOf(runId: string): number | null {
    return this.channels.get(runId)?.segmentStart ?? null;
  }

  /** The start of the current segment while it has not ended (this process is running it), else null. */
  openSegmentStartOf(runId: string): number | null {
    const channel = this.channels.get(runId);
    return channel && !channel.expiry ? channel.segmentStart : null;
  }

  publish(runId: string, event: string, data: unknown): void {
    const channel = this.channelOf(runId);
    if (channel.expiry) {
      // A new segment (outputs submitted): the channel lives on.
      clearTimeout(channel.expiry);
      channel.expiry = undefined;
      channel.segmentStart = channel.events.length;
    }
    channel.events.push({ event, data });
    for (const wake of channel.listeners) wake();
  }

  endSegment(runId: string): void {
    const channel = this.channelOf(runId);
    channel.events.push(DONE_EVENT);
    for (const wake of channel.listeners) wake();
    clearTimeout(channel.expiry);
    channel.expiry = setTimeout(() => this.channels.get(runId) === channel && this.channels.delete(runId), KEEP_AFTER_DONE_MS);
    channel.expiry.unref?.();
  }

  dropChannel(runId: string): void {
    const channel = this.channels.get(runId);
    if (channel) clearTimeout(channel.expiry);
    this.channels.delete(runId);
  }

  /**
   * The events from `from` on, ending after the first `done`; stops early when `signal` aborts.
   * Yields what has been published at each wake-up as one batch: a run's start publishes several
   * events in one turn (created … the first delta), which then reach the socket in one write.
   */
  async *subscribe(runId: string, from: number, signal?: AbortSignal): AsyncGenerator<RunEvent[]> {
    const channel = this.channelOf(runId);
    let next = from;
    let wake: (() => void) | null = null;
    const listener = () => wake?.();
    channel.listeners.add(listener);
    signal?.addEventListener("abort", listener);
    try {
      for (;;) {
        if (next < channel.events.length) {
          let end = channel.events.length;
          for (let i = next; i < end; i++) if (isDone(channel.events[i]!)) end = i + 1;
          const batch = channel.events.slice(next, end);
          const done = isDone(batch[batch.length - 1]!);
          next = end;
          yield batch;
          if (done) return;
          continue;
        }
        if (signal?.aborted) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    } finally {
      channel.listeners.delete(listener);
      signal?.removeEventListener("abort", listener);
    }
  }
}
