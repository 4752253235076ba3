import "server-only";

// Each run's events, in order, for whoever listens: the SSE response that started the run, a client
// that attaches later (GET …/runs/{id}/events) and gets the events so far, then live ones. The run
// engine publishes here and never waits on a listener, so a slow or vanished client cannot stall
// a run. In-process by design for one instance; DESIGN.md "Growing past one machine" says where
// it goes next (Postgres LISTEN/NOTIFY or Redis), behind these same three functions.

export type RunEvent = { event: string; data: unknown };

/** Ends one segment of a run: `requires_action` or a terminal status. SSE responses stop there. */
export const DONE_EVENT: RunEvent = { event: "done", data: "[DONE]" };

type Channel = { events: RunEvent[]; segmentStart: number; listeners: Set<() => void>; expiry?: NodeJS.Timeout };

// How long a finished run's events stay for late subscribers (a playground reloading at the end).
const KEEP_AFTER_DONE_MS = 5 * 60_000;

const globalForRuns = globalThis as unknown as { atelierRunChannels?: Map<string, Channel> };
const channels = (globalForRuns.atelierRunChannels ??= new Map<string, Channel>());

function channelOf(runId: string): Channel {
  let channel = channels.get(runId);
  if (!channel) {
    channel = { events: [], segmentStart: 0, listeners: new Set() };
    channels.set(runId, channel);
  }
  return channel;
}

/** Where the run's next event will be: subscribe from here to get everything after this moment. */
export function cursorOf(runId: string): number {
  return channelOf(runId).events.length;
}

/** The start of the current segment: what a late subscriber replays. */
export function segmentStartOf(runId: string): number | null {
  return channels.get(runId)?.segmentStart ?? null;
}

export function publish(runId: string, event: string, data: unknown): void {
  const channel = channelOf(runId);
  if (channel.expiry) {
    // A new segment (outputs submitted): the channel lives on.
    clearTimeout(channel.expiry);
    channel.expiry = undefined;
    channel.segmentStart = channel.events.length;
  }
  channel.events.push({ event, data });
  for (const wake of channel.listeners) wake();
}

/** Ends the current segment; the channel is dropped a while later unless the run goes on. */
export function endSegment(runId: string): void {
  const channel = channelOf(runId);
  channel.events.push(DONE_EVENT);
  for (const wake of channel.listeners) wake();
  channel.expiry = setTimeout(() => channels.delete(runId), KEEP_AFTER_DONE_MS);
  channel.expiry.unref?.();
}

/** Forgets a run that never came to exist (its insert failed after the engine had begun). */
export function dropChannel(runId: string): void {
  const channel = channels.get(runId);
  if (channel) clearTimeout(channel.expiry);
  channels.delete(runId);
}

/**
 * The events from `from` on, ending after the first `done`; stops early when `signal` aborts.
 * Yields what has been published at each wake-up as one batch: a run's start publishes several
 * events in one turn (created … the first delta), which then reach the socket in one write.
 */
export async function* subscribe(runId: string, from: number, signal?: AbortSignal): AsyncGenerator<RunEvent[]> {
  const channel = channelOf(runId);
  let next = from;
  let wake: (() => void) | null = null;
  const listener = () => wake?.();
  channel.listeners.add(listener);
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    for (;;) {
      if (next < channel.events.length) {
        const done = channel.events.indexOf(DONE_EVENT, next);
        const end = done >= 0 ? done + 1 : channel.events.length;
        const batch = channel.events.slice(next, end);
        next = end;
        yield batch;
        if (done >= 0) return;
        continue;
      }
      if (signal?.aborted) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    channel.listeners.delete(listener);
    signal?.removeEventListener("abort", onAbort);
  }
}
