import { apiRequest, seg } from "@/lib/playground/api-client";
import { follow, type FollowContext } from "@/lib/playground/live-run-follow";
import { IDLE, initialState, reduce, type Action, type LiveRunState } from "@/lib/playground/live-run-state";
import { entryOf, isFollowed, runOf, timersDue } from "@/lib/playground/live-run-view";
import { isActiveRun, SETTLED_STATUSES } from "@/lib/runs/statuses";
import type { RunObject, RunStepObject } from "@/lib/runs/wire";
import type { ListObject } from "@/lib/wire";

// The playground's live-run store: one per playground, outside React (components subscribe with
// useSyncExternalStore). It owns the open thread's runs as this tab knows them, the reducer in
// lib/playground/live-run-state.ts holding the state and its precedence rule, and does the I/O:
// streams (start a run, submit tool outputs or approvals, re-attach through GET …/events), reads of a run and
// its steps for the inspector, the expiry check of a run waiting for outputs.
//
// The engine runs independently of any response (docs/architecture.md): a stream that breaks is
// re-attached (lib/playground/live-run-follow.ts), and a thread opened while its newest run goes
// on follows it. Stream events reach listeners at most once per animation frame: a fast stream
// must not re-render the chat per token.

export const RECONNECT_DELAYS_MS = [500, 1_000, 2_000, 4_000, 8_000];
export const STEPS_LIMIT = 100;
/** A watched run this tab is not streaming (another tab's, or its stream lost) is read again this often while it works. */
const POLL_MS = 2_000;
/** After a waiting run's expires_at, it is read this often (this machine's clock may run ahead of the server's). */
const EXPIRY_POLL_MS = 5_000;

export type LiveRunStoreOptions = {
  /** A request to /api/v1 (lib/playground/api-client.ts's by default): throws ApiClientError on a refusal. */
  request?: (path: string, init?: { method?: string; body?: unknown; signal?: AbortSignal }) => Promise<Response>;
  now?: () => number;
  /** Runs `publish` before the next paint, never synchronously; returns a cancel. */
  frame?: (publish: () => void) => () => void;
  /** The waits before each re-attach of a broken stream; after the last, the connection is lost. */
  reconnectDelaysMs?: readonly number[];
  /** A run's stream ended, or a run was found settled: the thread's stored messages may have changed. */
  onSettled?: (threadId: string) => void;
};

const defaultFrame = (publish: () => void) => {
  const id = requestAnimationFrame(publish);
  return () => cancelAnimationFrame(id);
};

/** A person's decision on one call awaiting approval (POST …/submit_tool_approvals). */
export type ToolApproval = { tool_call_id: string; approve: boolean; reason?: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class LiveRunStore {
  #state: LiveRunState;
  #published: LiveRunState;
  #listeners = new Set<() => void>();
  #cancelFrame: (() => void) | null = null;
  #stream: AbortController | null = null;
  #watched = new Map<string, { threadId: string; count: number; poll: ReturnType<typeof setInterval> | null }>();
  #read = new Set<string>();
  #expiry: { key: string; timer: ReturnType<typeof setTimeout> } | null = null;
  readonly #request: NonNullable<LiveRunStoreOptions["request"]>;
  readonly #now: () => number;
  readonly #frame: NonNullable<LiveRunStoreOptions["frame"]>;
  readonly #onSettled: (threadId: string) => void;
  readonly #delays: readonly number[];

  constructor(threadId: string | null = null, latestRun: RunObject | null = null, options: LiveRunStoreOptions = {}) {
    this.#state = this.#published = initialState(threadId, latestRun);
    this.#request = options.request ?? apiRequest;
    this.#now = options.now ?? Date.now;
    this.#frame = options.frame ?? defaultFrame;
    this.#onSettled = options.onSettled ?? (() => {});
    this.#delays = options.reconnectDelaysMs ?? RECONNECT_DELAYS_MS;
  }

  subscribe = (listener: () => void) => {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  };

  getSnapshot = () => this.#published;

  /** Whether `threadId` is the thread the store holds (a send can outlive a switch). */
  isShowing = (threadId: string | null) => this.#state.threadId === threadId;

  #dispatch(action: Action, urgent = true): void {
    this.#state = reduce(this.#state, action);
    if (!urgent) {
      this.#cancelFrame ??= this.#frame(() => this.#publish());
      return;
    }
    this.#publish();
  }

  #publish(): void {
    this.#cancelFrame?.();
    this.#cancelFrame = null;
    if (this.#published === this.#state) return;
    this.#published = this.#state;
    this.#syncTimers();
    for (const listener of this.#listeners) listener();
  }

  #path(threadId: string, runId?: string, tail = "") {
    return `/threads/${seg(threadId)}/runs${runId ? `/${seg(runId)}` : ""}${tail}`;
  }

  async #json<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
    return (await (await this.#request(path, init)).json()) as T;
  }

  /** Shows `threadId` (null: none yet): a new thread stops reading the old one's stream (its run goes on without us). */
  open(threadId: string | null): void {
    if (threadId !== this.#state.threadId) {
      this.#stream?.abort();
      this.#stream = null;
      this.#read.clear();
      this.#dispatch({ type: "opened", threadId, latestRun: null });
      if (threadId) void this.#readLatest(threadId);
    }
    this.#resume();
    for (const [runId, watch] of this.#watched) if (watch.threadId === threadId) void this.#readOnce(runId);
  }

  /** Stops everything this store started (the page is leaving). */
  dispose(): void {
    // At once, not when the aborted stream's loop unwinds: a remount (React's StrictMode) re-attaches.
    if (this.#stream) {
      this.#stream.abort();
      this.#stream = null;
      this.#dispatch({ type: "unfollow" });
      this.#dispatch({ type: "connection", connection: IDLE });
    }
    this.#cancelFrame?.();
    for (const watch of this.#watched.values()) if (watch.poll) clearInterval(watch.poll);
    this.#watched.clear();
    if (this.#expiry) clearTimeout(this.#expiry.timer);
    this.#expiry = null;
  }

  /** `replace`: after a start that may or may not have happened, the newest run is whatever the API says. */
  async #readLatest(threadId: string, replace = false): Promise<void> {
    this.#dispatch({ type: "reading", runId: null });
    const sentSeq = this.#state.seq;
    try {
      const list = await this.#json<ListObject<RunObject>>(`${this.#path(threadId)}?limit=1`);
      if (!this.isShowing(threadId)) return;
      this.#dispatch({ type: "latest", run: list.data[0] ?? null, sentSeq, replace });
      this.#resume();
    } catch {
      // The chat still works; the next send or reload tells.
    }
  }

  /** Opened (or reloaded) while its newest run is still going, or waits for tool outputs: follow that run. */
  #resume(): void {
    const state = this.#state;
    const run = runOf(state, state.latestRunId);
    if (state.threadId && run && isActiveRun(run.status) && !state.following && state.connection.state === "idle") void this.attach(state.threadId, run.id);
  }

  /** Follows `open()`'s stream (lib/playground/live-run-follow.ts), then acts on how it ended. */
  async #follow(threadId: string, open: (signal: AbortSignal) => Promise<Response>, runId: string | null, replay: boolean, settle: ((error: string | null) => void) | null = null): Promise<void> {
    // Called from a closure of a thread that is no longer shown (a send that outlived a switch).
    if (!this.isShowing(threadId)) return settle?.("The thread changed before the request was sent.");
    this.#stream?.abort();
    const abort = new AbortController();
    this.#stream = abort;
    // Timings count from the request, not from the first event that names the run.
    this.#dispatch({ type: "follow", runId, requestedAt: this.#now() });
    const context: FollowContext = {
      dispatch: (action, urgent) => this.#dispatch(action, urgent),
      flush: () => this.#publish(),
      state: () => this.#state,
      now: this.#now,
      delays: this.#delays,
      events: (id, signal) => this.#request(this.#path(threadId, id, "/events"), { signal }),
      signal: abort.signal,
    };
    const end = await follow(context, open, replay, settle);
    if (end === "aborted") return;
    const named = this.#state.following?.runId ?? null;
    this.#stream = null;
    this.#dispatch({ type: "unfollow" });
    if (end === "done") this.#dispatch({ type: "connection", connection: IDLE });
    if (end === "done" || end === "no-run" || end === "unreachable") this.#onSettled(threadId);
    // The run may have started after all: the thread's newest run is read again, and followed if it goes on.
    if (end === "unreachable") void this.#readLatest(threadId, true);
    if (end === "done" && named && this.#watched.has(named)) void this.#readRun(threadId, named);
  }

  /** Starts a run on the thread (`stream: true` is added) and follows it. */
  start(threadId: string, body: Record<string, unknown>): Promise<void> {
    return this.#follow(threadId, (signal) => this.#request(this.#path(threadId), { method: "POST", body: { ...body, stream: true }, signal }), null, false);
  }

  /** Follows a run already going: its current segment replayed, then live. */
  attach(threadId: string, runId: string): Promise<void> {
    return this.#follow(threadId, (signal) => this.#request(this.#path(threadId, runId, "/events"), { signal }), runId, true);
  }

  /** Sends every output in one request; the run's stream goes on. Resolves once accepted (null) or refused (its error). */
  submitToolOutputs(threadId: string, runId: string, outputs: { tool_call_id: string; output: string }[]): Promise<string | null> {
    return this.#submit(threadId, runId, "/submit_tool_outputs", { tool_outputs: outputs }, outputs);
  }

  /**
   * Sends a person's decision on every plugin or MCP call the run waits to have approved, in one
   * request (the run resumes only once each has one); the run's stream goes on as after outputs:
   * the step with the decisions, then the approved calls' results. Resolves as submitToolOutputs.
   */
  submitToolApprovals(threadId: string, runId: string, approvals: ToolApproval[]): Promise<string | null> {
    return this.#submit(threadId, runId, "/submit_tool_approvals", { approvals }, []);
  }

  #submit(threadId: string, runId: string, tail: string, body: Record<string, unknown>, outputs: { tool_call_id: string; output: string }[]): Promise<string | null> {
    return new Promise((resolve) => {
      const requestedAt = this.#now();
      const open = (signal: AbortSignal) => this.#request(this.#path(threadId, runId, tail), { method: "POST", body: { ...body, stream: true }, signal });
      void this.#follow(threadId, open, runId, false, (error) => {
        // Accepted: a new segment, timed from this request. Not accepted (or not known to be): the run is read again.
        if (error === null) this.#dispatch({ type: "segment", runId, requestedAt, outputs });
        else void this.refresh(threadId, runId);
        resolve(error);
      });
    });
  }

  /** Cancels the run; resolves to an error message, or null once the API answered. */
  async cancel(threadId: string, runId: string): Promise<string | null> {
    const sentSeq = this.#reading(runId);
    try {
      this.#applyRun(threadId, await this.#json<RunObject>(this.#path(threadId, runId, "/cancel"), { method: "POST" }), sentSeq);
      return null;
    } catch (error) {
      return messageOf(error);
    }
  }

  /** Reads the run again (its tool outputs expired while nobody streamed it, say). */
  async refresh(threadId: string, runId: string): Promise<void> {
    const sentSeq = this.#reading(runId);
    try {
      this.#applyRun(threadId, await this.#json<RunObject>(this.#path(threadId, runId)), sentSeq);
    } catch {
      // The next poll or reload tells; nothing here to show.
    }
  }

  #reading(runId: string | null): number {
    this.#dispatch({ type: "reading", runId });
    return this.#state.seq;
  }

  /** A run object read outside its stream: kept as the server copy; what it says is acted on when it stands. */
  #applyRun(threadId: string, run: RunObject, sentSeq: number): void {
    if (!this.isShowing(threadId)) return;
    this.#dispatch({ type: "read", runId: run.id, sentSeq, at: this.#now(), run });
    if (isFollowed(this.#state, run.id)) return;
    const standing = runOf(this.#state, run.id);
    if (standing?.status === "cancelling") void this.attach(threadId, run.id);
    else if (standing && SETTLED_STATUSES.has(standing.status) && standing.status !== "requires_action") this.#onSettled(threadId);
  }

  /** The run and its steps from the API, as server copies (the inspector's; polled while it works unstreamed). */
  async #readRun(threadId: string, runId: string): Promise<void> {
    this.#read.add(runId);
    const path = this.#path(threadId, runId);
    const runSeq = this.#reading(runId);
    let run: RunObject | undefined;
    let error: string | null = null;
    try {
      run = await this.#json<RunObject>(path);
    } catch (failure) {
      error = messageOf(failure);
    }
    if (!this.isShowing(threadId)) return;
    this.#dispatch({ type: "read", runId, sentSeq: runSeq, at: this.#now(), run, error });
    // After the run: a run read settled has its last step written by then.
    const stepsSeq = this.#reading(runId);
    try {
      const steps = await this.#json<ListObject<RunStepObject>>(`${path}/steps?order=asc&limit=${STEPS_LIMIT}`);
      if (this.isShowing(threadId)) this.#dispatch({ type: "read", runId, sentSeq: stepsSeq, at: this.#now(), steps: steps.data, moreSteps: steps.has_more, error });
    } catch (failure) {
      if (this.isShowing(threadId)) this.#dispatch({ type: "read", runId, sentSeq: stepsSeq, at: this.#now(), error, stepsError: messageOf(failure) });
    }
  }

  #readOnce(runId: string): Promise<void> | void {
    const threadId = this.#state.threadId;
    // A run this tab streamed from its creation is read when its stream ends, not before.
    const streamedWhole = entryOf(this.#state, runId)?.events[0]?.event === "thread.run.created";
    if (threadId && !streamedWhole && !this.#read.has(runId)) return this.#readRun(threadId, runId);
  }

  /** The inspector shows `runId` of `threadId`: read it (once, again at each segment's end, and while it works unstreamed). */
  watch(threadId: string, runId: string): () => void {
    const watch = this.#watched.get(runId) ?? { threadId, count: 0, poll: null };
    watch.count += 1;
    this.#watched.set(runId, watch);
    if (this.isShowing(threadId)) void this.#readOnce(runId);
    this.#syncTimers();
    return () => {
      watch.count -= 1;
      if (watch.count > 0) return;
      if (watch.poll) clearInterval(watch.poll);
      this.#watched.delete(runId);
    };
  }

  /** Messages deleted here (an edit, a regenerate): no copy of them is shown any more. */
  forget(messageIds: readonly string[]): void {
    this.#dispatch({ type: "forget", messageIds });
  }

  /** Keeps the timers `timersDue` asks for: polls of watched runs, the expiry check of a waiting run. */
  #syncTimers(): void {
    const state = this.#state;
    const due = timersDue(state, [...this.#watched].flatMap(([runId, watch]) => (watch.threadId === state.threadId ? [runId] : [])));
    for (const [runId, watch] of this.#watched) {
      if (due.polls.has(runId)) watch.poll ??= setInterval(() => void this.#readRun(watch.threadId, runId), POLL_MS);
      else if (watch.poll) watch.poll = (clearInterval(watch.poll), null);
    }
    const expiry = due.expiry;
    if ((expiry?.key ?? null) === (this.#expiry?.key ?? null)) return;
    if (this.#expiry) clearTimeout(this.#expiry.timer);
    this.#expiry = null;
    if (!expiry) return;
    const threadId = state.threadId!;
    const check = () => {
      void this.refresh(threadId, expiry.runId);
      // Then every few seconds, in case this machine's clock runs ahead of the server's.
      if (this.#expiry?.key === expiry.key) this.#expiry.timer = setTimeout(check, EXPIRY_POLL_MS);
    };
    this.#expiry = { key: expiry.key, timer: setTimeout(check, Math.max(0, expiry.at - this.#now()) + 1_000) };
  }
}
