import "server-only";
import type { Run } from "@/lib/generated/prisma/client";
import { attachRemote } from "@/lib/runs/bus";
import { isRunHeld } from "@/lib/runs/lease";
import { localChannels, openSegmentStartOf, segmentStartOf, subscribe, DONE_EVENT, type RunEvent } from "@/lib/runs/events";
import { loadRun } from "@/lib/runs/data/runs";
import { toRunObject } from "@/lib/runs/wire";
import { sseResponse } from "@/lib/sse";
import type { RunStart } from "@/lib/runs/service";

// The SSE responses of the run endpoints: a new run's or a resumed run's events from the cursor the
// service returned, or, for a client attaching later, the current stretch replayed and then live,
// from this instance or, through the run bus (lib/runs/bus), from the instance executing the run.

// Statuses in which some instance is executing the run (requires_action waits for a request).
const EXECUTING: ReadonlySet<string> = new Set(["queued", "in_progress", "cancelling"]);

export function runStreamResponse(runId: string, cursor: number): Response {
  return sseResponse((signal) => subscribe(runId, cursor, signal));
}

/**
 * The response to a request that started a run (create, create-and-run, tool outputs): its events
 * from here, or, when another instance took it from the queue, its first events and then that
 * instance's, through the run bus.
 */
export function runStartResponse(start: RunStart, reload: (runId: string) => Promise<Run | null> = loadRun): Response {
  if (!start.preface) return runStreamResponse(start.run.id, start.cursor);
  const preface = start.preface;
  return sseResponse(async function* (signal) {
    yield preface;
    yield* follow(start.run, signal, reload);
  });
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/** A run executing elsewhere, or waiting in the queue for an instance with room: followed to its end. */
async function* follow(run: Run, signal: AbortSignal, reload: (runId: string) => Promise<Run | null>): AsyncGenerator<RunEvent[]> {
  for (let quiet = 0; !signal.aborted; ) {
    // This instance may have taken it from the queue meanwhile.
    const open = openSegmentStartOf(run.id);
    if (open !== null) return yield* subscribe(run.id, open, signal);
    const outcome = yield* attachRemote(run.id, signal);
    if (outcome === "done" || outcome === "aborted") return;
    const now = await reload(run.id).catch(() => null);
    if (signal.aborted) return;
    // Still queued (no instance had room yet), or executing with a live lease (its instance is
    // starting or its bus reconnecting; if it died, the lease lapses and the run ends): ask again
    // shortly, up to 30 times. Executing with no lease at all: nobody will send more.
    const waiting = now && EXECUTING.has(now.status) && (quiet += 1) < 30 && (await isRunHeld(run.id).catch(() => false));
    if (!waiting) return yield stateEvents(now ?? run);
    await pause(1_000, signal);
  }
}

const stateEvents = (run: Run): RunEvent[] => {
  const object = toRunObject(run);
  return [{ event: `thread.run.${object.status}`, data: object }, DONE_EVENT];
};

/**
 * GET …/runs/{id}/events: replay then live.
 * - The run's open segment is here: from this process.
 * - The run is executing but not here (or only an earlier, ended segment is): from the instance
 *   executing it; if none answers, or it falls silent, the run as it is then, read again (`reload`).
 * - Otherwise: the ended segment replayed if it is the run's last (a reload right after the end), or
 *   the run's state now.
 */
export function attachResponse(run: Run, reload: (runId: string) => Promise<Run | null> = loadRun): Response {
  const open = openSegmentStartOf(run.id);
  if (open !== null) return runStreamResponse(run.id, open);
  if (EXECUTING.has(run.status)) return sseResponse((signal) => follow(run, signal, reload));
  const start = segmentStartOf(run.id);
  if (start !== null && lastStatusHere(run.id) === run.status) return runStreamResponse(run.id, start);
  return sseResponse(async function* () {
    yield stateEvents(run);
  });
}

/** The status of the last run event this process published for the run (its ended segment's outcome). */
function lastStatusHere(runId: string): string | null {
  const events = localChannels().peek(runId)?.events ?? [];
  for (let i = events.length - 1; i >= 0; i--) {
    const name = events[i]!.event;
    if (name.startsWith("thread.run.") && !name.startsWith("thread.run.step.")) return name.slice("thread.run.".length);
  }
  return null;
}
