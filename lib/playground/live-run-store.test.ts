import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiClientError } from "@/lib/playground/api-client";
import { FORECAST, resumedBody, waitingBody } from "@/lib/playground/approval-fixture";
import { fixtureText, sseResponse } from "@/lib/playground/fixture-bodies";
import type { Connection } from "@/lib/playground/live-run-state";
import { LiveRunStore } from "@/lib/playground/live-run-store";
import { callsOf, entryOf, liveRunIdOf, messagesOf, runOf } from "@/lib/playground/live-run-view";
import { messageText } from "@/lib/messages/wire";
import type { RunObject } from "@/lib/runs/wire";

// The store's I/O around the reducer: which requests it makes (a body is never sent twice), how it
// re-attaches, what it reads after a stream, against a scripted /api/v1 serving recorded streams.

type Handler = (init: { method?: string; body?: unknown; signal?: AbortSignal }) => Response | Promise<Response>;

/** A scripted API: each route answers in turn (the last answer repeats); every request is logged. */
function fakeApi(routes: [string, RegExp, ...Handler[]][]) {
  const log: string[] = [];
  const used = new Map<number, number>();
  const request = async (path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}) => {
    const method = init.method ?? "GET";
    log.push(`${method} ${path}`);
    const index = routes.findIndex(([m, pattern]) => m === method && pattern.test(path));
    if (index < 0) throw new ApiClientError(`No route for ${method} ${path}`, 404, "not_found");
    const handlers = routes[index]!.slice(2) as Handler[];
    const turn = used.get(index) ?? 0;
    used.set(index, turn + 1);
    return handlers[Math.min(turn, handlers.length - 1)]!(init);
  };
  return { request, log };
}

/** A stream body the test writes into, as a server sends events over time. */
function liveBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const response = new Response(new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) }));
  return { response, push: (text: string) => controller.enqueue(new TextEncoder().encode(text)), close: () => controller.close() };
}

const json = (value: unknown) => new Response(JSON.stringify(value), { headers: { "content-type": "application/json" } });
const list = (data: unknown[]) => json({ object: "list", data, first_id: null, last_id: null, has_more: false });
const microtaskFrame = (publish: () => void) => {
  let live = true;
  queueMicrotask(() => live && publish());
  return () => void (live = false);
};
/** Events of a recorded body, split at the first `event: <name>` line. */
const splitAt = (text: string, name: string) => [text.slice(0, text.indexOf(`event: ${name}\n`)), text.slice(text.indexOf(`event: ${name}\n`))];
const lastRun = (text: string, status: string) => {
  const line = text.split("\n").find((row, index, rows) => rows[index - 1] === `event: thread.run.${status}`)!;
  return JSON.parse(line.slice("data: ".length)) as RunObject;
};

function makeStore(request: ReturnType<typeof fakeApi>["request"], extra: Partial<ConstructorParameters<typeof LiveRunStore>[2]> = {}) {
  const settled: string[] = [];
  const store = new LiveRunStore("thread_1", null, { request, frame: microtaskFrame, reconnectDelaysMs: [1, 1], onSettled: (id) => settled.push(id), ...extra });
  const connections: Connection["state"][] = [store.getSnapshot().connection.state];
  store.subscribe(() => {
    const state = store.getSnapshot().connection.state;
    if (connections.at(-1) !== state) connections.push(state);
  });
  return { store, settled, connections };
}

const text = (store: LiveRunStore) => messagesOf(entryOf(store.getSnapshot(), liveRunIdOf(store.getSnapshot()))).map((message) => messageText(message));

afterEach(() => {
  vi.useRealTimers();
});

describe("LiveRunStore", () => {
  it("streams a run, then reads the watched run and its steps once the stream ended: the read wins", async () => {
    const body = fixtureText("completed");
    const stored = { ...lastRun(body, "completed"), usage: { prompt_tokens: 1, completion_tokens: 6, total_tokens: 7 } };
    const api = fakeApi([
      ["POST", /\/threads\/thread_1\/runs$/, () => sseResponse(body)],
      ["GET", /\/runs\/run_[^/]+$/, () => json(stored)],
      ["GET", /\/runs\/run_[^/]+\/steps\?/, () => list([])],
    ]);
    const { store, settled, connections } = makeStore(api.request);
    store.watch("thread_1", stored.id);
    await store.start("thread_1", { assistant_id: "asst_1" });
    await vi.waitFor(() => expect(runOf(store.getSnapshot(), stored.id)).toEqual(stored));
    expect(text(store)).toEqual(["tok1 tok2 tok3 tok4 tok5 tok6"]);
    expect(connections).toEqual(["idle", "streaming", "idle"]);
    expect(settled).toEqual(["thread_1"]);
    expect(store.getSnapshot().following).toBeNull();
    // One read when watched (while it streamed), one after its end.
    expect(api.log.filter((line) => line.startsWith("GET") && !line.includes("/steps"))).toHaveLength(2);
    expect(api.log.filter((line) => line.startsWith("POST"))).toEqual(["POST /threads/thread_1/runs"]);
  });

  it("a stream cut mid-run re-attaches through GET …/events, says it is reconnecting, and the reply ends whole", async () => {
    const api = fakeApi([
      ["POST", /\/runs$/, () => sseResponse(fixtureText("replay-cut"))],
      ["GET", /\/events$/, () => sseResponse(fixtureText("replay-attach"))],
    ]);
    const { store, connections } = makeStore(api.request);
    await store.start("thread_1", {});
    expect(connections).toEqual(["idle", "streaming", "reconnecting", "streaming", "idle"]);
    expect(api.log).toEqual(["POST /threads/thread_1/runs", expect.stringMatching(/^GET \/threads\/thread_1\/runs\/run_\w+\/events$/)]);
    expect(text(store)).toEqual([Array.from({ length: 12 }, (_, index) => `tok${index + 1}`).join(" ")]);
  });

  it("gives up after the last retry and says the connection is lost (Reconnect is the person's)", async () => {
    const api = fakeApi([
      ["POST", /\/runs$/, () => sseResponse(fixtureText("replay-cut"))],
      ["GET", /\/events$/, () => Promise.reject(new TypeError("Failed to fetch"))],
    ]);
    const { store } = makeStore(api.request);
    await store.start("thread_1", {});
    expect(store.getSnapshot().connection).toMatchObject({ state: "lost", error: expect.stringContaining("lost") });
    expect(store.getSnapshot().following).toBeNull();
    expect(api.log.filter((line) => line.endsWith("/events"))).toHaveLength(2);
  });

  it("a tool-output submit that may not have arrived is never sent again: the caller hears so, and the run's events are read again", async () => {
    const waiting = fixtureText("requires-action");
    const run = lastRun(waiting, "requires_action");
    const api = fakeApi([
      ["POST", /\/runs$/, () => sseResponse(waiting)],
      ["POST", /\/submit_tool_outputs$/, () => Promise.reject(new TypeError("Failed to fetch"))],
      ["GET", /\/events$/, () => sseResponse(waiting)],
      ["GET", /\/runs\/run_[^/]+$/, () => json(run)],
    ]);
    const { store } = makeStore(api.request);
    await store.start("thread_1", {});
    const answer = await store.submitToolOutputs("thread_1", run.id, [{ tool_call_id: "call_1", output: "-3 C" }]);
    expect(answer).toMatch(/may not have arrived/);
    await vi.waitFor(() => expect(store.getSnapshot().connection.state).toBe("idle"));
    expect(api.log.filter((line) => line.endsWith("/submit_tool_outputs"))).toHaveLength(1);
    expect(api.log.some((line) => line.endsWith("/events"))).toBe(true);
    expect(runOf(store.getSnapshot(), run.id)!.status).toBe("requires_action");
  });

  it("a tool-output submit refused by the API is the caller's to show, and the run is read again", async () => {
    const waiting = fixtureText("requires-action");
    const run = lastRun(waiting, "requires_action");
    const api = fakeApi([
      ["POST", /\/runs$/, () => sseResponse(waiting)],
      ["POST", /\/submit_tool_outputs$/, () => Promise.reject(new ApiClientError("Runs in status \"expired\" do not accept tool outputs.", 400, "run_not_awaiting_outputs"))],
      ["GET", /\/runs\/run_[^/]+$/, () => json({ ...run, status: "expired", required_action: null })],
    ]);
    const { store } = makeStore(api.request);
    await store.start("thread_1", {});
    expect(await store.submitToolOutputs("thread_1", run.id, [])).toMatch(/do not accept/);
    await vi.waitFor(() => expect(runOf(store.getSnapshot(), run.id)!.status).toBe("expired"));
    expect(store.getSnapshot().connection).toEqual({ state: "idle", attempt: 0, error: null });
  });

  it("submits every approval in one streamed request, then follows the resumed run: the decisions, the approved call's result", async () => {
    const bodies: unknown[] = [];
    const api = fakeApi([
      ["POST", /\/runs$/, () => sseResponse(waitingBody)],
      ["POST", /\/submit_tool_approvals$/, ({ body }) => (bodies.push(body), sseResponse(resumedBody))],
    ]);
    const { store, settled } = makeStore(api.request);
    await store.start("thread_1", {});
    expect(callsOf(store.getSnapshot(), "run_1").map((call) => call.server?.status)).toEqual(["awaiting_approval", "awaiting_approval"]);
    const approvals = [
      { tool_call_id: "call_plugin", approve: true },
      { tool_call_id: "call_mcp", approve: false, reason: "not now" },
    ];
    expect(await store.submitToolApprovals("thread_1", "run_1", approvals)).toBeNull();
    await vi.waitFor(() => expect(runOf(store.getSnapshot(), "run_1")!.status).toBe("completed"));
    expect(api.log).toEqual(["POST /threads/thread_1/runs", "POST /threads/thread_1/runs/run_1/submit_tool_approvals"]);
    expect(bodies).toEqual([{ approvals, stream: true }]);
    const calls = callsOf(store.getSnapshot(), "run_1");
    expect(calls.map((call) => [call.server?.status, call.output?.slice(0, 24)])).toEqual([
      ["completed", FORECAST.slice(0, 24)],
      ["denied", "The user denied this cal"],
    ]);
    // A new segment, timed from the submit; the thread's messages are read again at its end.
    expect(entryOf(store.getSnapshot(), "run_1")!.segment.events).toBeGreaterThan(0);
    expect(settled.at(-1)).toBe("thread_1");
  });

  it("an approval submit refused by the API is the caller's to show, and the run is read again", async () => {
    const api = fakeApi([
      ["POST", /\/runs$/, () => sseResponse(waitingBody)],
      ["POST", /\/submit_tool_approvals$/, () => Promise.reject(new ApiClientError("Every waiting call needs exactly one decision.", 400, "invalid_request_error"))],
      ["GET", /\/runs\/run_1$/, () => json({ ...lastRun(waitingBody, "requires_action") })],
    ]);
    const { store } = makeStore(api.request);
    await store.start("thread_1", {});
    expect(await store.submitToolApprovals("thread_1", "run_1", [{ tool_call_id: "call_plugin", approve: true }])).toMatch(/exactly one decision/);
    await vi.waitFor(() => expect(api.log.at(-1)).toBe("GET /threads/thread_1/runs/run_1"));
    expect(store.getSnapshot().connection).toEqual({ state: "idle", attempt: 0, error: null });
  });

  it("a start refused by the API is said on the connection, and no run is live", async () => {
    const api = fakeApi([["POST", /\/runs$/, () => Promise.reject(new ApiClientError("Thread already has an active run.", 400, null))]]);
    const { store } = makeStore(api.request);
    await store.start("thread_1", {});
    expect(store.getSnapshot().connection).toEqual({ state: "idle", attempt: 0, error: "Thread already has an active run." });
    expect(liveRunIdOf(store.getSnapshot())).toBeNull();
  });

  it("Stop before the first token: the cancel's answer (cancelling) gives way to the stream's cancelled, and nothing is re-attached", async () => {
    const recorded = fixtureText("cancelled-before-first-token");
    const [head, tail] = splitAt(recorded, "thread.run.cancelling");
    const cancelling = lastRun(recorded, "cancelling");
    const stream = liveBody();
    const api = fakeApi([
      ["POST", /\/runs$/, () => stream.response],
      ["POST", /\/cancel$/, () => json(cancelling)],
    ]);
    const { store } = makeStore(api.request);
    const following = store.start("thread_1", {});
    stream.push(head!);
    await vi.waitFor(() => expect(runOf(store.getSnapshot(), cancelling.id)?.status).toBe("in_progress"));
    expect(await store.cancel("thread_1", cancelling.id)).toBeNull();
    expect(runOf(store.getSnapshot(), cancelling.id)!.status).toBe("cancelling");
    stream.push(tail!);
    stream.close();
    await following;
    expect(runOf(store.getSnapshot(), cancelling.id)!.status).toBe("cancelled");
    expect(messagesOf(entryOf(store.getSnapshot(), cancelling.id))).toEqual([]);
    expect(api.log.some((line) => line.endsWith("/events"))).toBe(false);
  });

  it("opening another thread stops reading this one's stream, and follows the new thread's run that is still going", async () => {
    const first = liveBody();
    const recorded = fixtureText("replay-attach");
    const going = { ...lastRun(recorded, "in_progress"), thread_id: "thread_2" };
    let aborted = false;
    const api = fakeApi([
      ["POST", /thread_1\/runs$/, ({ signal }) => (signal!.addEventListener("abort", () => (aborted = true)), first.response)],
      ["GET", /thread_2\/runs\?limit=1$/, () => list([going])],
      ["GET", /thread_2\/runs\/run_\w+\/events$/, () => sseResponse(recorded)],
    ]);
    const { store } = makeStore(api.request);
    void store.start("thread_1", {});
    first.push(splitAt(fixtureText("completed"), "thread.message.delta")[0]!);
    await vi.waitFor(() => expect(liveRunIdOf(store.getSnapshot())).not.toBeNull());
    store.open("thread_2");
    expect(aborted).toBe(true);
    expect(store.getSnapshot()).toMatchObject({ threadId: "thread_2", latestRunId: null });
    await vi.waitFor(() => expect(runOf(store.getSnapshot(), going.id)?.status).toBe("completed"));
    expect(api.log.at(-1)).toBe(`GET /threads/thread_2/runs/${going.id}/events`);
    // The old thread's stream is not read into the new thread's state.
    first.push(fixtureText("completed"));
    expect(store.getSnapshot().runs.size).toBe(1);
  });

  it("reads a run left waiting for tool outputs once its expires_at has passed", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const waiting = fixtureText("requires-action");
    const run = lastRun(waiting, "requires_action");
    const api = fakeApi([
      ["POST", /\/runs$/, () => sseResponse(waiting)],
      ["GET", /\/runs\/run_[^/]+$/, () => json({ ...run, status: "expired", required_action: null, expires_at: null })],
    ]);
    const { store, settled } = makeStore(api.request, { now: () => run.expires_at! * 1000 - 60_000 });
    await store.start("thread_1", {});
    expect(api.log.filter((line) => line === `GET /threads/thread_1/runs/${run.id}`)).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(61_000);
    await vi.waitFor(() => expect(runOf(store.getSnapshot(), run.id)!.status).toBe("expired"));
    expect(settled.at(-1)).toBe("thread_1");
  });
});
