import { ApiClientError } from "@/lib/playground/api-client";
import type { Action, Connection, LiveRunState } from "@/lib/playground/live-run-state";
import { readRunEvents } from "@/lib/playground/run-events";

// One followed stream of the live-run store (lib/playground/live-run-store.ts): open it, read its
// events into the store, and re-attach with backoff while it breaks before its `done` (GET …/events
// replays the current segment, which the reducer swaps in). A request with a body (start a run,
// submit tool outputs) is never sent twice: when it may not have arrived, the caller hears so and
// the run's own events, re-attached, show what really happened. The store acts on how it ended.

export type FollowContext = {
  dispatch: (action: Action, urgent?: boolean) => void;
  /** Hands what the stream changed to listeners now (events otherwise wait for the next frame). */
  flush: () => void;
  state: () => LiveRunState;
  now: () => number;
  delays: readonly number[];
  /** The re-attach request for `runId`. */
  events: (runId: string, signal: AbortSignal) => Promise<Response>;
  signal: AbortSignal;
};

/** How a follow ended: its segment's `done`, a refusal, lost before or after the run had a name, or aborted (a newer stream, another thread). */
export type FollowEnd = "done" | "refused" | "no-run" | "unreachable" | "lost" | "aborted";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Streams `open()`'s response. `settle` hears exactly once whether the request was accepted (null)
 * or not (why); a caller that gives one shows its refusal itself, so the connection does not.
 */
export async function follow(context: FollowContext, open: (signal: AbortSignal) => Promise<Response>, replayFirst: boolean, settle: ((error: string | null) => void) | null): Promise<FollowEnd> {
  const { dispatch, signal } = context;
  let report = settle;
  const answer = (error: string | null) => {
    report?.(error);
    report = null;
  };
  const connection = (value: Connection) => dispatch({ type: "connection", connection: value });
  const named = () => context.state().following?.runId ?? null;
  let attempt = 0;
  let opener = open;
  let replay = replayFirst;
  try {
    for (;;) {
      try {
        const response = await opener(signal);
        if (signal.aborted) return "aborted";
        answer(null);
        attempt = 0;
        connection({ state: "streaming", attempt: 0, error: null });
        dispatch({ type: "response", replay });
        const { done, failure } = await readRunEvents(response, (event) => !signal.aborted && dispatch({ type: "event", event }, false), context.now);
        if (signal.aborted) return "aborted";
        context.flush();
        if (!named()) {
          // A stream refused before any run existed says why in its error event.
          connection({ state: "idle", attempt: 0, error: context.state().following?.refusal ?? "The stream ended before the run started." });
          return "no-run";
        }
        if (done && !failure) return "done";
      } catch (error) {
        if (signal.aborted) return "aborted";
        const message = messageOf(error);
        if (error instanceof ApiClientError) {
          // Refused (a busy thread, a bad option, outputs no longer awaited): a caller that awaits the answer shows it.
          const mine = report !== null;
          answer(message);
          connection({ state: "idle", attempt: 0, error: mine ? null : message });
          return "refused";
        }
        if (!named()) {
          // Never resent: the run may have started (the store reads the thread's newest run again).
          connection({ state: "idle", attempt: 0, error: `Could not reach Atelier to start the run (${message}). If it started, it shows here in a moment.` });
          return "unreachable";
        }
        answer(`Could not reach Atelier (${message}). The request may not have arrived; the run's state below is current.`);
      }
      if (attempt >= context.delays.length) {
        connection({ state: "lost", attempt, error: "The connection to the run was lost. The run itself may still finish." });
        return "lost";
      }
      const delay = context.delays[attempt]!;
      attempt += 1;
      connection({ state: "reconnecting", attempt, error: null });
      await sleep(delay, signal);
      if (signal.aborted) return "aborted";
      const runId = named()!;
      replay = true;
      opener = (abort) => context.events(runId, abort);
    }
  } finally {
    answer("The playground stopped following the run before the request was answered.");
  }
}
