import { describe, expect, it } from "vitest";
import { fixtureText, sseResponse, withEventBefore, type Fixture } from "@/lib/playground/fixture-bodies";
import { current, IDLE, initialState, reduce, type Action, type LiveRunState } from "@/lib/playground/live-run-state";
import { callsOf, entryOf, isBusy, isStarting, liveRunIdOf, messagesOf, runOf, stepsOf, stoppableRunId, streamTimings } from "@/lib/playground/live-run-view";
import { readRunEvents, type RunStreamEvent } from "@/lib/playground/run-events";
import { runFixture } from "@/lib/playground/run-fixture";
import { messageText } from "@/lib/messages/wire";

// The live-run store's state, fed the recorded streams of real runs (lib/playground/fixtures, read
// through the openai package as the browser reads them) and the API reads the store makes.

let clock = 1_000;
/** A recorded body as the events the store dispatches, 10 ms apart. */
async function recorded(body: Fixture | string): Promise<RunStreamEvent[]> {
  const events: RunStreamEvent[] = [];
  const text = body.startsWith("event:") ? body : fixtureText(body as Fixture);
  await readRunEvents(sseResponse(text), (event) => events.push(event), () => (clock += 10));
  return events;
}

const fold = (state: LiveRunState, actions: Action[]) => actions.reduce(reduce, state);
const stream = (events: RunStreamEvent[]): Action[] => events.map((event) => ({ type: "event", event }));
/** A response read to its end: the actions the store dispatches for it. */
const response = (events: RunStreamEvent[], replay = false): Action[] => [{ type: "response", replay }, ...stream(events)];
/** The stream ended with `done`: what the store dispatches then. */
const ended: Action[] = [{ type: "unfollow" }, { type: "connection", connection: IDLE }];
const started = (at = 1_000): LiveRunState => reduce(initialState("thread_1"), { type: "follow", runId: null, requestedAt: at });

const textOf = (state: LiveRunState) => messagesOf(entryOf(state, liveRunIdOf(state))).map((message) => messageText(message));
const statusesOf = (state: LiveRunState) => entryOf(state, liveRunIdOf(state))!.statuses.map((entry) => entry.status);

describe("live run state", () => {
  it("names the run from its first event; until then no run is live", async () => {
    const events = await recorded("completed");
    const asking = started();
    expect(isStarting(asking)).toBe(true);
    expect(liveRunIdOf(asking)).toBeNull();
    expect(isBusy(asking)).toBe(true);
    const state = fold(asking, response(events));
    expect(liveRunIdOf(state)).toBe(events[0]!.object!.id);
    expect(state.latestRunId).toBe(liveRunIdOf(state));
    expect(textOf(state)).toEqual(["tok1 tok2 tok3 tok4 tok5 tok6"]);
    expect(entryOf(state, liveRunIdOf(state))!.events).toHaveLength(events.length);
  });

  it("a run that fails mid-stream keeps its partial reply, marked incomplete, and its last_error", async () => {
    const events = await recorded("fails-mid-stream");
    const state = fold(started(), [...response(events), ...ended]);
    const run = runOf(state, liveRunIdOf(state))!;
    expect(run.status).toBe("failed");
    expect(run.last_error).toMatchObject({ code: "server_error" });
    const [reply] = messagesOf(entryOf(state, run.id));
    expect(reply!.status).toBe("incomplete");
    expect(messageText(reply!)).toMatch(/^tok1 tok2/);
    expect(stepsOf(entryOf(state, run.id)).map((step) => step.status)).toEqual(["failed"]);
    expect(statusesOf(state)).toEqual(["queued", "in_progress", "failed"]);
    expect(entryOf(state, run.id)!.endedAt).not.toBeNull();
    expect(isBusy(state)).toBe(false);
  });

  it("keeps the stream's error event beside the failed run (Atelier failing inside the engine)", async () => {
    const text = withEventBefore(fixtureText("fails-mid-stream"), "thread.run.failed", "error", { code: "server_error", message: "Atelier failed while running: boom", param: null, type: "server_error" });
    const state = fold(started(), response(await recorded(text)));
    expect(entryOf(state, liveRunIdOf(state))!.error).toEqual({ code: "server_error", message: "Atelier failed while running: boom" });
    expect(runOf(state, liveRunIdOf(state))!.status).toBe("failed");
  });

  it("a run that requires action waits with its calls, then continues in a new segment after the outputs", async () => {
    const first = await recorded("requires-action");
    let state = fold(started(), [...response(first), ...ended]);
    const runId = liveRunIdOf(state)!;
    expect(runOf(state, runId)!.status).toBe("requires_action");
    expect(callsOf(state, runId)).toEqual([{ id: expect.stringMatching(/^call_/), name: "get_weather", arguments: '{"city": "Oslo"}', output: null }]);
    // Waiting holds the thread, and Stop (cancel) reaches it.
    expect(isBusy(state)).toBe(true);
    expect(stoppableRunId(state)).toBe(runId);

    const second = await recorded("tool-outputs");
    const [call] = callsOf(state, runId);
    state = fold(state, [{ type: "follow", runId, requestedAt: 5_000 }, { type: "segment", runId, requestedAt: 5_000, outputs: [{ tool_call_id: call!.id, output: "-3 C" }] }]);
    // Accepted: the output shows at once, before the step that carries it streams in.
    expect(callsOf(state, runId)).toEqual([{ ...call, output: "-3 C" }]);
    state = fold(state, [...response(second), ...ended]);
    const entry = entryOf(state, runId)!;
    expect(runOf(state, runId)!.status).toBe("completed");
    expect(callsOf(state, runId)).toEqual([expect.objectContaining({ name: "get_weather", output: "-3 C" })]);
    expect(textOf(state)).toEqual(["cold and clear"]);
    expect(statusesOf(state)).toEqual(["queued", "in_progress", "requires_action", "queued", "in_progress", "completed"]);
    // Both segments' events, the second one's marked where it began; timings from the submit.
    expect(entry.events).toHaveLength(first.length + second.length);
    expect(entry.segment.events).toBe(first.length);
    expect(entry.startedAt).toBe(5_000);
    expect(streamTimings(entry).timeToFirstTokenMs).toBe(entry.firstTokenAt! - 5_000);
    expect(isBusy(state)).toBe(false);
  });

  it("a run cancelled before its first token: no reply, no first token, and the cancel's answer loses to the events after it", async () => {
    const events = await recorded("cancelled-before-first-token");
    const inProgress = events.findIndex((event) => event.event === "thread.run.in_progress");
    let state = fold(started(), response(events.slice(0, inProgress + 1)));
    const runId = liveRunIdOf(state)!;
    // Stop: the cancel request is sent here; the stream then tells cancelling, cancelled.
    state = reduce(state, { type: "reading", runId });
    const sentSeq = state.seq;
    state = fold(state, stream(events.slice(inProgress + 1)));
    state = reduce(state, { type: "read", runId, sentSeq, at: 9_000, run: { ...runOf(state, runId)!, status: "cancelling" } });
    expect(runOf(state, runId)!.status).toBe("cancelled");
    expect(messagesOf(entryOf(state, runId))).toEqual([]);
    expect(streamTimings(entryOf(state, runId)!).timeToFirstTokenMs).toBeNull();
    expect(statusesOf(state)).toEqual(["queued", "in_progress", "cancelling", "cancelled"]);
  });

  it("a reconnect replays the segment: nothing doubled, the first token's time kept", async () => {
    const cut = await recorded("replay-cut");
    const replayed = await recorded("replay-attach");
    let state = fold(started(), response(cut));
    const runId = liveRunIdOf(state)!;
    const firstTokenAt = entryOf(state, runId)!.firstTokenAt;
    expect(textOf(state)[0]).toMatch(/^tok1 tok2 tok3/);
    state = fold(state, [{ type: "connection", connection: { state: "reconnecting", attempt: 1, error: null } }, ...response(replayed, true)]);
    const entry = entryOf(state, runId)!;
    expect(textOf(state)).toEqual([Array.from({ length: 12 }, (_, index) => `tok${index + 1}`).join(" ")]);
    expect(entry.events).toHaveLength(replayed.length);
    expect(entry.events.filter((event) => event.event === "thread.run.created")).toHaveLength(1);
    expect(entry.statuses.map((status) => status.status)).toEqual(["queued", "in_progress", "completed"]);
    expect(entry.deltas).toBe(replayed.filter((event) => event.event === "thread.message.delta").length);
    expect(entry.firstTokenAt).toBe(firstTokenAt);
  });

  it("a replay during the second segment keeps the first segment's events", async () => {
    const first = await recorded("requires-action");
    const second = await recorded("tool-outputs");
    let state = fold(started(), response(first));
    const runId = liveRunIdOf(state)!;
    state = fold(state, [{ type: "follow", runId, requestedAt: 5_000 }, { type: "segment", runId, requestedAt: 5_000, outputs: [] }, ...response(second.slice(0, 6))]);
    state = fold(state, response(second, true));
    expect(entryOf(state, runId)!.events.map((event) => event.event)).toEqual([...first, ...second].map((event) => event.event));
  });

  it("a server read sent after the stream's last event wins; one sent before it loses", async () => {
    const events = await recorded("completed");
    let state = started();
    state = reduce(state, { type: "reading", runId: null });
    const early = state.seq;
    state = fold(state, response(events));
    const runId = liveRunIdOf(state)!;
    const streamed = runOf(state, runId)!;
    const stale = { ...streamed, status: "in_progress" as const };
    state = reduce(state, { type: "read", runId, sentSeq: early, at: 2, run: stale });
    expect(runOf(state, runId)).toBe(streamed);

    state = reduce(state, { type: "reading", runId });
    const late = state.seq;
    const stored = { ...streamed, usage: { prompt_tokens: 9, completion_tokens: 6, total_tokens: 15 } };
    const step = { ...stepsOf(entryOf(state, runId))[0]!, usage: stored.usage };
    state = reduce(state, { type: "read", runId, sentSeq: late, at: 3, run: stored, steps: [step] });
    expect(runOf(state, runId)).toBe(stored);
    expect(stepsOf(entryOf(state, runId))[0]).toBe(step);
    expect(current(entryOf(state, runId)!.run)).toBe(stored);
  });

  it("a run the tab did not stream shows what the API said, and gains statuses only once streamed", () => {
    let state = initialState("thread_1", runFixture({ status: "requires_action" }));
    expect(runOf(state, "run_1")!.status).toBe("requires_action");
    state = reduce(state, { type: "reading", runId: "run_1" });
    state = reduce(state, { type: "read", runId: "run_1", sentSeq: state.seq, at: 5, run: runFixture({ status: "expired" }) });
    expect(runOf(state, "run_1")!.status).toBe("expired");
    expect(entryOf(state, "run_1")!.statuses).toEqual([]);
  });

  it("a start refused in its stream before any run existed says why", () => {
    const state = reduce(started(), { type: "event", event: { event: "error", data: '{"message":"No model answers to that name.","code":"model_not_found"}', at: 1, object: null } });
    expect(state.following!.refusal).toBe("No model answers to that name.");
    expect(state.runs.size).toBe(0);
  });

  it("the thread's newest run, read on opening it, does not replace a run started meanwhile unless asked to", async () => {
    const events = await recorded("completed");
    const state = fold(started(), response(events));
    const older = runFixture({ id: "run_0" });
    expect(reduce(state, { type: "latest", run: older, sentSeq: 0, replace: false }).latestRunId).toBe(liveRunIdOf(state));
    const idle = reduce(state, { type: "unfollow" });
    expect(reduce(idle, { type: "latest", run: older, sentSeq: 0, replace: true }).latestRunId).toBe("run_0");
  });

  it("forgets deleted messages, and events from a stream no longer followed are dropped", async () => {
    const events = await recorded("completed");
    let state = fold(started(), response(events));
    const runId = liveRunIdOf(state)!;
    state = reduce(state, { type: "forget", messageIds: messagesOf(entryOf(state, runId)).map((message) => message.id) });
    expect(messagesOf(entryOf(state, runId))).toEqual([]);
    const unfollowed = reduce(state, { type: "unfollow" });
    expect(reduce(unfollowed, { type: "event", event: events[3]! })).toBe(unfollowed);
  });
});
