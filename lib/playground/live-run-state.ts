import type { MessageObject } from "@/lib/messages/wire";
import type { RawEvent, RunStreamEvent } from "@/lib/playground/run-events";
import type { RunObject, RunStatus, RunStepObject } from "@/lib/runs/wire";

// The playground's one copy of its thread's runs: what their streams said (folded by the openai
// package's AssistantStream, lib/playground/run-events.ts) and what the API said when read, per
// run, step and message; the raw events, status changes, errors and timings this tab saw; and
// which stream is being read. A pure reducer: lib/playground/live-run-store.ts does the I/O and
// dispatches; components read through lib/playground/live-run-view.ts.
//
// THE PRECEDENCE RULE (docs/architecture.md, "The playground's live run"): every run, step and
// message has at most two copies, streamed and server, each stamped with the store's sequence
// number (one counter for every event received and every API read sent). The server copy wins
// when its read was sent after the streamed copy's last event; otherwise the streamed copy
// wins. So streamed state wins while the run is streaming, a read sent after the stream ended
// (done) wins over it, and a cancel's answer loses to the cancellation events that follow it.
// This holds because the server publishes an object's event only after writing it, with one
// exception: message text is written in batches while it streams, so the store never reads the
// messages of a run it is streaming (their `thread.message.completed` event carries the whole text).

export type Connection = { state: "idle" | "streaming" | "reconnecting" | "lost"; attempt: number; error: string | null };

export type Copies<T> = { streamed: T | null; streamedSeq: number; server: T | null; serverSeq: number };

export type RunEntry = {
  id: string;
  run: Copies<RunObject>;
  steps: ReadonlyMap<string, Copies<RunStepObject>>;
  messages: ReadonlyMap<string, Copies<MessageObject>>;
  /** Each status this tab saw the run in (streamed, or read after it was streamed here), with when. */
  statuses: readonly { status: RunStatus; at: number }[];
  /** Every event received, in order (a replayed segment replaces its earlier copy). */
  events: readonly RawEvent[];
  /** Where the segment being streamed starts: a replay (GET …/events) of it starts over from here. */
  segment: { events: number; statuses: number };
  /** The stream's `error` event, if it sent one. */
  error: { message: string; code: string | null } | null;
  /** Tool outputs this tab submitted and the API accepted, by call id: shown before the step that carries them streams in. */
  submitted: ReadonlyMap<string, string>;
  /** The current segment's request (ms), its first and last text delta, text deltas seen, and its `done`. */
  startedAt: number | null;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  deltas: number;
  endedAt: number | null;
  /** The inspector's reads of the run and its steps. */
  read: { pending: boolean; error: string | null; stepsError: string | null; moreSteps: boolean };
};

/** The response being read (or re-attached); `runId` is null until the first event names the run. */
export type Following = { runId: string | null; requestedAt: number; replay: boolean; refusal: string | null };

export type LiveRunState = {
  threadId: string | null;
  /** The thread's newest run as far as this tab knows: its outcome is shown, and it is followed while active. */
  latestRunId: string | null;
  following: Following | null;
  connection: Connection;
  runs: ReadonlyMap<string, RunEntry>;
  seq: number;
};

export type Action =
  | { type: "opened"; threadId: string | null; latestRun: RunObject | null }
  | { type: "latest"; run: RunObject | null; sentSeq: number; replace: boolean }
  | { type: "follow"; runId: string | null; requestedAt: number }
  | { type: "response"; replay: boolean }
  | { type: "event"; event: RunStreamEvent }
  | { type: "unfollow" }
  | { type: "connection"; connection: Connection }
  | { type: "segment"; runId: string; requestedAt: number; outputs: readonly { tool_call_id: string; output: string }[] }
  /** A read of the API is being sent (of a run, or of the thread's newest: `runId` null); its answer carries the `seq` this leaves. */
  | { type: "reading"; runId: string | null }
  | { type: "read"; runId: string; sentSeq: number; at: number; run?: RunObject; steps?: RunStepObject[]; moreSteps?: boolean; error?: string | null; stepsError?: string | null }
  | { type: "forget"; messageIds: readonly string[] };

export const IDLE: Connection = { state: "idle", attempt: 0, error: null };

const noCopies = <T>(): Copies<T> => ({ streamed: null, streamedSeq: -1, server: null, serverSeq: -1 });

/** The copy that stands, by the precedence rule above. */
export function current<T>(copies: Copies<T> | undefined): T | null {
  if (!copies) return null;
  if (copies.server !== null && (copies.streamed === null || copies.serverSeq > copies.streamedSeq)) return copies.server;
  return copies.streamed;
}

export function emptyEntry(id: string, startedAt: number | null = null): RunEntry {
  return {
    id,
    run: noCopies(),
    steps: new Map(),
    messages: new Map(),
    statuses: [],
    events: [],
    segment: { events: 0, statuses: 0 },
    error: null,
    submitted: new Map(),
    startedAt,
    firstTokenAt: null,
    lastTokenAt: null,
    deltas: 0,
    endedAt: null,
    read: { pending: false, error: null, stepsError: null, moreSteps: false },
  };
}

export function initialState(threadId: string | null = null, latestRun: RunObject | null = null): LiveRunState {
  const state: LiveRunState = { threadId, latestRunId: latestRun?.id ?? null, following: null, connection: IDLE, runs: new Map(), seq: 0 };
  return latestRun ? withEntry(state, { ...emptyEntry(latestRun.id), run: { ...noCopies<RunObject>(), server: latestRun, serverSeq: 0 } }) : state;
}

function withEntry(state: LiveRunState, entry: RunEntry): LiveRunState {
  const runs = new Map(state.runs);
  runs.set(entry.id, entry);
  return { ...state, runs };
}

function withCopy<T>(map: ReadonlyMap<string, Copies<T>>, id: string, update: (copies: Copies<T>) => Copies<T>): Map<string, Copies<T>> {
  const next = new Map(map);
  next.set(id, update(map.get(id) ?? noCopies()));
  return next;
}

function withStatus(entry: RunEntry, status: RunStatus, at: number): RunEntry["statuses"] {
  return entry.statuses.at(-1)?.status === status ? entry.statuses : [...entry.statuses, { status, at }];
}

function errorOf(data: string): { message: string; code: string | null } {
  try {
    const parsed = JSON.parse(data) as { message?: string; code?: string | null; error?: { message?: string; code?: string | null } };
    const body = parsed.error ?? parsed;
    return { message: body.message ?? "The run stream failed.", code: body.code ?? null };
  } catch {
    return { message: data || "The run stream failed.", code: null };
  }
}

/** One event of the followed stream folded into its run's entry (the object is AssistantStream's). */
function foldEvent(entry: RunEntry, { event, data, at, object }: RunStreamEvent, seq: number): RunEntry {
  const next: RunEntry = { ...entry, events: [...entry.events, { event, data, at }] };
  if (event === "error") return { ...next, error: errorOf(data) };
  if (event === "done") return { ...next, endedAt: at };
  if (!object) return next;
  if (event.startsWith("thread.run.step.")) {
    const step = object as RunStepObject;
    return { ...next, steps: withCopy(entry.steps, step.id, (copies) => ({ ...copies, streamed: step, streamedSeq: seq })) };
  }
  if (event.startsWith("thread.run.")) {
    const run = object as RunObject;
    return { ...next, run: { ...entry.run, streamed: run, streamedSeq: seq }, statuses: withStatus(entry, run.status, at) };
  }
  if (event.startsWith("thread.message.")) {
    const message = object as MessageObject;
    const messages = withCopy(entry.messages, message.id, (copies) => ({ ...copies, streamed: message, streamedSeq: seq }));
    if (event !== "thread.message.delta") return { ...next, messages };
    return { ...next, messages, deltas: entry.deltas + 1, firstTokenAt: entry.firstTokenAt ?? at, lastTokenAt: at };
  }
  return next;
}

function onEvent(state: LiveRunState, event: RunStreamEvent): LiveRunState {
  const following = state.following;
  if (!following) return state;
  let runId = following.runId;
  let named = state;
  if (!runId) {
    // The first run event names the run (thread.run.created, or its state on attach).
    if (event.event.startsWith("thread.run.") && !event.event.startsWith("thread.run.step.") && event.object) {
      runId = event.object.id;
      named = { ...state, latestRunId: runId, following: { ...following, runId } };
      if (!state.runs.has(runId)) named = withEntry(named, emptyEntry(runId, following.requestedAt));
    } else {
      // A stream refused before any run existed: its error event says why.
      return event.event === "error" ? { ...state, following: { ...following, refusal: errorOf(event.data).message } } : state;
    }
  }
  let entry = named.runs.get(runId) ?? emptyEntry(runId, following.requestedAt);
  if (following.replay) {
    // A replay covers the current segment from its start: what this tab had of it is replaced,
    // swapped with its first event so the screen never shows the gap.
    entry = { ...entry, events: entry.events.slice(0, entry.segment.events), statuses: entry.statuses.slice(0, entry.segment.statuses), error: null, endedAt: null, deltas: 0 };
    named = { ...named, following: { ...named.following!, replay: false } };
  }
  const seq = named.seq + 1;
  return { ...withEntry(named, foldEvent(entry, event, seq)), seq };
}

function onRead(state: LiveRunState, action: Extract<Action, { type: "read" }>): LiveRunState {
  const entry = state.runs.get(action.runId) ?? emptyEntry(action.runId);
  let next: RunEntry = {
    ...entry,
    read: { pending: false, error: action.error ?? null, stepsError: action.stepsError ?? null, moreSteps: action.moreSteps ?? entry.read.moreSteps },
  };
  if (action.run) {
    const run = { ...entry.run, server: action.run, serverSeq: action.sentSeq };
    next = { ...next, run };
    // A status first learnt from a read (expired, cancelled while nobody streamed) joins the ones this tab saw.
    if (entry.statuses.length && current(run) === action.run) next = { ...next, statuses: withStatus(entry, action.run.status, action.at) };
  }
  for (const step of action.steps ?? []) next = { ...next, steps: withCopy(next.steps, step.id, (copies) => ({ ...copies, server: step, serverSeq: action.sentSeq })) };
  return withEntry(state, next);
}

export function reduce(state: LiveRunState, action: Action): LiveRunState {
  switch (action.type) {
    case "opened":
      return { ...initialState(action.threadId, action.latestRun), seq: state.seq };
    case "latest": {
      // A run started here meanwhile is newer than what the thread's list said.
      if (!action.run || state.following?.runId || (state.latestRunId && !action.replace)) return state;
      return onRead({ ...state, latestRunId: action.run.id }, { type: "read", runId: action.run.id, sentSeq: action.sentSeq, at: 0, run: action.run });
    }
    case "follow": {
      const following: Following = { runId: action.runId, requestedAt: action.requestedAt, replay: false, refusal: null };
      const next: LiveRunState = { ...state, following, connection: { state: "streaming", attempt: 0, error: null } };
      return action.runId && !state.runs.has(action.runId) ? withEntry(next, emptyEntry(action.runId, action.requestedAt)) : next;
    }
    case "response":
      return state.following ? { ...state, following: { ...state.following, replay: action.replay } } : state;
    case "event":
      return onEvent(state, action.event);
    case "unfollow":
      return { ...state, following: null };
    case "connection":
      return { ...state, connection: action.connection };
    case "segment": {
      const entry = state.runs.get(action.runId);
      if (!entry) return state;
      // Outputs accepted: the run goes on in a new segment, timed from this request.
      const segment = { events: entry.events.length, statuses: entry.statuses.length };
      const submitted = new Map([...entry.submitted, ...action.outputs.map((output): [string, string] => [output.tool_call_id, output.output])]);
      return withEntry(state, { ...entry, segment, submitted, startedAt: action.requestedAt, firstTokenAt: null, lastTokenAt: null, deltas: 0, endedAt: null, error: null });
    }
    case "reading": {
      if (!action.runId) return { ...state, seq: state.seq + 1 };
      const entry = state.runs.get(action.runId) ?? emptyEntry(action.runId);
      return { ...withEntry(state, { ...entry, read: { ...entry.read, pending: true } }), seq: state.seq + 1 };
    }
    case "read":
      return onRead(state, action);
    case "forget": {
      const gone = new Set(action.messageIds);
      const runs = new Map(state.runs);
      for (const [id, entry] of state.runs) {
        if (![...entry.messages.keys()].some((messageId) => gone.has(messageId))) continue;
        runs.set(id, { ...entry, messages: new Map([...entry.messages].filter(([messageId]) => !gone.has(messageId))) });
      }
      return { ...state, runs };
    }
  }
}
