import "server-only";
import { RunChannels, type Channel, type RunEvent } from "@/lib/runs/channels";

// Each run's events, in order, for whoever listens: the SSE response that started the run, a client
// that attaches later (GET …/runs/{id}/events) and gets the events so far, then live ones. The run
// engine publishes here and never waits on a listener, so a slow or vanished client cannot stall
// a run. Events stay in the process that runs the run: `publish` is a push and a wake-up, with no
// network cost. Another instance that is asked for the run gets them forwarded by the bus
// (lib/runs/bus), which listens here like any subscriber, and only while someone over there listens.

export { DONE_EVENT, type RunEvent } from "@/lib/runs/channels";

const globalForRuns = globalThis as unknown as { atelierRunChannels?: Map<string, Channel> };
const channels = new RunChannels((globalForRuns.atelierRunChannels ??= new Map<string, Channel>()));

/** This process's store, for the bus that forwards from it (lib/runs/bus). */
export function localChannels(): RunChannels {
  return channels;
}

/** Where the run's next event will be: subscribe from here to get everything after this moment. */
export function cursorOf(runId: string): number {
  return channels.cursorOf(runId);
}

/** The start of the current segment: what a late subscriber replays. */
export function segmentStartOf(runId: string): number | null {
  return channels.segmentStartOf(runId);
}

/** The start of the current segment if it has not ended here, else null (not held, or only its end). */
export function openSegmentStartOf(runId: string): number | null {
  return channels.openSegmentStartOf(runId);
}

/** Told of every run status event published here (`thread.run.completed`, …): the webhooks (lib/webhooks/runs.ts) listen. */
type StatusListener = (event: string, runObject: unknown) => void;
// On globalThis like the channels: Next bundles this module into the instrumentation hook (which
// registers the listener) and into the routes (which publish) as separate copies.
const shared = globalThis as unknown as { atelierRunStatusListener?: StatusListener | null };

export function onRunStatusEvent(listener: StatusListener | null): void {
  shared.atelierRunStatusListener = listener;
}

export function publish(runId: string, event: string, data: unknown): void {
  channels.publish(runId, event, data);
  // Step events are `thread.run.step.*`: only the run's own statuses go to the listener.
  const listener = shared.atelierRunStatusListener;
  if (listener && event.startsWith("thread.run.") && !event.startsWith("thread.run.step.")) listener(event, data);
}

/** Ends the current segment; the channel is dropped a while later unless the run goes on. */
export function endSegment(runId: string): void {
  channels.endSegment(runId);
}

/** Forgets a run that never came to exist (its insert failed after the engine had begun). */
export function dropChannel(runId: string): void {
  channels.dropChannel(runId);
}

/**
 * The events from `from` on, ending after the first `done`; stops early when `signal` aborts.
 * Yields what has been published at each wake-up as one batch (see RunChannels.subscribe).
 */
export function subscribe(runId: string, from: number, signal?: AbortSignal): AsyncGenerator<RunEvent[]> {
  return channels.subscribe(runId, from, signal);
}
