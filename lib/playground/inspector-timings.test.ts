import { describe, expect, it } from "vitest";
import { runFixture } from "@/lib/playground/run-fixture";
import { foldRunTimings, inspectorTimings, timedRunTimeline } from "@/lib/playground/inspector-timings";

// The run inspector's timings, folded from the run's stored model calls.

const run = runFixture;

describe("run timings", () => {
  const T = 1_700_000_000_000;
  // A tool run as the engine records it: a model call that asks for a tool (4 tokens in 200 ms), a
  // 2.5 s wait for the output, then the answer (40 tokens in 2 s).
  const toolRun = {
    created_at: T,
    ended_at: T + 4_760,
    model_calls: [
      { started_at: T + 5, first_token_at: T + 105, ended_at: T + 205, completion_tokens: 4 },
      { started_at: T + 2_705, first_token_at: T + 2_755, ended_at: T + 4_705, completion_tokens: 40 },
    ],
  };

  it("takes time to first token from the run's creation and total time as wall time", () => {
    const fold = foldRunTimings(toolRun);
    expect(fold.timeToFirstTokenMs).toBe(105);
    expect(fold.totalMs).toBe(4_760);
    expect(fold.source).toBe("run");
  });

  it("counts only the model calls as generation time: the wait for tool outputs is not", () => {
    const fold = foldRunTimings(toolRun);
    expect(fold.generationMs).toBe(200 + 2_000);
    expect(fold.waitingMs).toBe(2_500);
    // 44 completion tokens over 2.2 s of model time, not over the 4.76 s total nor the last 2 s alone.
    expect(fold.tokensPerSecond).toBe(20);
    expect(fold.calls).toEqual([
      { timeToFirstTokenMs: 100, durationMs: 200, completionTokens: 4, tokensPerSecond: 20 },
      { timeToFirstTokenMs: 50, durationMs: 2_000, completionTokens: 40, tokensPerSecond: 20 },
    ]);
  });

  it("has no total while the run goes on (waiting for outputs), but the finished calls' numbers", () => {
    const fold = foldRunTimings({ created_at: T, ended_at: null, model_calls: toolRun.model_calls.slice(0, 1) });
    expect(fold).toMatchObject({ timeToFirstTokenMs: 105, totalMs: null, generationMs: 200, waitingMs: null, tokensPerSecond: 20 });
  });

  it("says nothing it cannot know: no first token, no tokens, nothing recorded", () => {
    const failed = foldRunTimings({ created_at: T, ended_at: T + 300, model_calls: [{ started_at: T + 2, first_token_at: null, ended_at: T + 290, completion_tokens: 0 }] });
    expect(failed).toMatchObject({ timeToFirstTokenMs: null, totalMs: 300, generationMs: 288, tokensPerSecond: null });
    // A run from before model calls were recorded: its wall time only.
    expect(foldRunTimings({ created_at: T, ended_at: T + 1_234, model_calls: [] })).toMatchObject({ timeToFirstTokenMs: null, totalMs: 1_234, generationMs: null, tokensPerSecond: null });
    expect(foldRunTimings(undefined)).toMatchObject({ totalMs: null, source: "none", calls: [] });
  });

  it("builds the status timeline to the millisecond from the stored model calls", () => {
    expect(timedRunTimeline(run({ timings: toolRun }))).toEqual([
      { status: "queued", offsetMs: 0 },
      { status: "in_progress", offsetMs: 5 },
      { status: "requires_action", offsetMs: 205 },
      { status: "in_progress", offsetMs: 2_705 },
      { status: "completed", offsetMs: 4_760 },
    ]);
    const waiting = run({ status: "requires_action", completed_at: null, timings: { created_at: T, ended_at: null, model_calls: toolRun.model_calls.slice(0, 1) } });
    expect(timedRunTimeline(waiting)!.map((entry) => entry.status)).toEqual(["queued", "in_progress", "requires_action"]);
    // Answering after tool outputs: the second call is not stored until it ends.
    const answering = run({ status: "in_progress", completed_at: null, timings: { created_at: T, ended_at: null, model_calls: toolRun.model_calls.slice(0, 1) } });
    expect(timedRunTimeline(answering)!.slice(-2)).toEqual([
      { status: "requires_action", offsetMs: 205 },
      { status: "in_progress", offsetMs: null },
    ]);
    // Nothing recorded: the API's whole seconds instead.
    expect(timedRunTimeline(run())).toBeNull();
  });

  it("uses this tab's stream only while the first model call streams, and the stored numbers once any call ended", () => {
    const streamed = { timeToFirstTokenMs: 30, totalMs: null, tokensPerSecond: 6_000 };
    const live = inspectorTimings({ created_at: T, ended_at: null, model_calls: [] }, streamed);
    expect(live).toMatchObject({ timeToFirstTokenMs: 30, totalMs: null, tokensPerSecond: 6_000, source: "stream" });
    // After tool outputs the stream times only its own segment; the stored calls cover the whole run.
    expect(inspectorTimings(toolRun, streamed)).toEqual(foldRunTimings(toolRun));
    expect(inspectorTimings(toolRun, null)).toEqual(foldRunTimings(toolRun));
  });
});
