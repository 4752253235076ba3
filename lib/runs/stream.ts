import "server-only";
import type { Run } from "@/lib/generated/prisma/client";
import { segmentStartOf, subscribe, DONE_EVENT, type RunEvent } from "@/lib/runs/events";
import { toRunObject } from "@/lib/runs/wire";
import { sseResponse } from "@/lib/sse";

// The SSE responses of the run endpoints: a new run's or a resumed run's events from the cursor the
// service returned, or, for a client attaching later, the current stretch replayed and then live.

export function runStreamResponse(runId: string, cursor: number): Response {
  return sseResponse((signal) => subscribe(runId, cursor, signal));
}

/** GET …/runs/{id}/events: replay then live; a run no longer in memory answers with its state now. */
export function attachResponse(run: Run): Response {
  const start = segmentStartOf(run.id);
  if (start !== null) return runStreamResponse(run.id, start);
  const object = toRunObject(run);
  const events: RunEvent[] = [{ event: `thread.run.${object.status}`, data: object }, DONE_EVENT];
  return sseResponse(async function* () {
    yield events;
  });
}
