import type { TimelineEntry } from "@/lib/playground/inspector";
import type { StreamTimings } from "@/lib/playground/live-run-view";
import type { RunTimings } from "@/lib/runs/model-calls";
import type { RunObject } from "@/lib/runs/wire";

// The run inspector's timings, from what the run stored (its `timings`: its start, end and each
// model call, to the millisecond), so a reload shows what the streaming tab showed: time to first
// token, wall time, the model's own time (a wait for tool outputs is not generation) and tokens/s
// over it, each model call, and the status timeline.

/** One model call of a run: the one before tool outputs, or one after. */
export type CallTiming = { timeToFirstTokenMs: number | null; durationMs: number; completionTokens: number; tokensPerSecond: number | null };

/** What the inspector's "Timing & usage" shows; null where there is nothing (yet) to measure. */
export type TimingFold = {
  /** From the run's creation to its first token (text or a tool call). */
  timeToFirstTokenMs: number | null;
  /** Wall time from creation to the end, waits for tool outputs included; null while the run goes on. */
  totalMs: number | null;
  /** The model calls' own time, request to end of stream, summed: what tokens/s divides by. */
  generationMs: number | null;
  /** Between a model call's end and the next one's start: the tool outputs being awaited. */
  waitingMs: number | null;
  /** Completion tokens over generation time: a wait in requires_action is not generation. */
  tokensPerSecond: number | null;
  calls: CallTiming[];
  /** Where the numbers come from: the run's stored timings, or this tab's stream while the first call streams. */
  source: "run" | "stream" | "none";
};

const rate = (tokens: number, ms: number) => (tokens > 0 && ms > 0 ? (tokens / ms) * 1000 : null);

/** The run's stored timings (the `timings` extension) folded into what the inspector shows. */
export function foldRunTimings(timings: RunTimings | null | undefined): TimingFold {
  if (!timings) return { timeToFirstTokenMs: null, totalMs: null, generationMs: null, waitingMs: null, tokensPerSecond: null, calls: [], source: "none" };
  const calls = timings.model_calls.map(
    (call): CallTiming => ({
      timeToFirstTokenMs: call.first_token_at === null ? null : call.first_token_at - call.started_at,
      durationMs: Math.max(0, call.ended_at - call.started_at),
      completionTokens: call.completion_tokens,
      tokensPerSecond: rate(call.completion_tokens, call.ended_at - call.started_at),
    }),
  );
  const first = timings.model_calls[0];
  const generationMs = calls.length ? calls.reduce((sum, call) => sum + call.durationMs, 0) : null;
  const tokens = calls.reduce((sum, call) => sum + call.completionTokens, 0);
  let waitingMs: number | null = null;
  for (let index = 1; index < timings.model_calls.length; index++) {
    waitingMs = (waitingMs ?? 0) + Math.max(0, timings.model_calls[index]!.started_at - timings.model_calls[index - 1]!.ended_at);
  }
  return {
    timeToFirstTokenMs: first?.first_token_at != null ? first.first_token_at - timings.created_at : null,
    totalMs: timings.ended_at === null ? null : Math.max(0, timings.ended_at - timings.created_at),
    generationMs,
    waitingMs,
    tokensPerSecond: generationMs === null ? null : rate(tokens, generationMs),
    calls,
    source: calls.length || timings.ended_at !== null ? "run" : "none",
  };
}

/**
 * The run's stored timings, or, while its first model call streams in this tab (nothing stored
 * yet), what the stream measured so far. Once a call ends its stored numbers replace the stream's,
 * so a reload shows the same values.
 */
export function inspectorTimings(timings: RunTimings | null | undefined, streamed: StreamTimings | null): TimingFold {
  const stored = foldRunTimings(timings);
  if (stored.calls.length || !streamed || stored.totalMs !== null) return stored;
  return { ...stored, timeToFirstTokenMs: streamed.timeToFirstTokenMs, tokensPerSecond: streamed.tokensPerSecond, source: "stream" };
}

/**
 * A run's timeline to the millisecond from its stored timings, when it has model calls: queued at
 * creation, in_progress as each model call started, requires_action as each call that did not end the
 * run ended (it asked for tool outputs), then how it ended. Null without model calls
 * (runs from before they were recorded): runTimeline's whole seconds then.
 */
export function timedRunTimeline(run: RunObject): TimelineEntry[] | null {
  const timings = run.timings;
  if (!timings?.model_calls.length) return null;
  const at = (time: number) => Math.max(0, time - timings.created_at);
  const entries: TimelineEntry[] = [{ status: "queued", offsetMs: 0 }];
  timings.model_calls.forEach((call, index) => {
    entries.push({ status: "in_progress", offsetMs: at(call.started_at) });
    // A call that ended without ending the run (another followed, or the run still waits or goes on) asked for tool outputs.
    const last = index === timings.model_calls.length - 1;
    if (!last || timings.ended_at === null || run.status === "expired") entries.push({ status: "requires_action", offsetMs: at(call.ended_at) });
  });
  if (timings.ended_at !== null) entries.push({ status: run.status, offsetMs: at(timings.ended_at) });
  else if (entries.at(-1)!.status !== run.status) entries.push({ status: run.status, offsetMs: null });
  return entries;
}
