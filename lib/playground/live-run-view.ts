import type { MessageObject } from "@/lib/messages/wire";
import { codeCallView, type CodeCallView, type WireCodeInterpreter } from "@/lib/playground/code-calls";
import { current, type LiveRunState, type RunEntry } from "@/lib/playground/live-run-state";
import { isActiveRun, SETTLED_STATUSES } from "@/lib/runs/statuses";
import type { RunObject, RunStepObject, ServerToolCall } from "@/lib/runs/wire";

// What the playground's components read from the live-run store (lib/playground/live-run-state.ts):
// each object's standing copy by the store's precedence rule, the calls a run made, its timings.
// Pure selectors, so the chat, the tool-call cards and the run inspector agree by construction.

export type StreamedToolCall = {
  id: string;
  name: string;
  arguments: string;
  output: string | null;
  /** A call Atelier ran itself (file_search, code_interpreter), not a function the client answers. */
  kind?: "file_search" | "code_interpreter";
  /** A code_interpreter call's code, outputs, files, sandbox and timing (lib/playground/code-calls.ts). */
  code?: CodeCallView;
  /** A plugin operation or MCP tool Atelier runs (issue 24): what it calls, where it stands, its timing. Never answered by the client. */
  server?: ServerToolCall;
};

type PartialCall = {
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string; output?: string | null };
  file_search?: { results?: { file_name: string; score: number }[] };
  code_interpreter?: WireCodeInterpreter;
  server_tool?: ServerToolCall;
};

// A file_search call has no arguments or output of its own on the wire: its results stand for the output.
const searchSummary = (results: { file_name: string; score: number }[] | undefined) =>
  results === undefined ? null : results.length ? results.map((result) => `${result.file_name} (${result.score.toFixed(2)})`).join("\n") : "No results.";

// A code interpreter call's output is its logs, once it has run (null: still running).
function codeCall(call: PartialCall): StreamedToolCall {
  const code = codeCallView(call.code_interpreter);
  return { id: call.id ?? "", name: "code_interpreter", arguments: code.input, output: code.logs, kind: "code_interpreter", code };
}

/** A tool_calls step's calls, outputs included once submitted; a step still streaming has partial ones. */
export function callsOfStep(step: RunStepObject): StreamedToolCall[] {
  if (step.step_details.type !== "tool_calls") return [];
  return (step.step_details.tool_calls as PartialCall[]).map((call) =>
    call.type === "file_search"
      ? { id: call.id ?? "", name: "file_search", arguments: "", output: searchSummary(call.file_search?.results), kind: "file_search" as const }
      : call.type === "code_interpreter"
        ? codeCall(call)
        : {
            id: call.id ?? "",
            name: call.function?.name ?? "",
            arguments: call.function?.arguments ?? "",
            output: call.function?.output ?? null,
            ...(call.server_tool && { server: call.server_tool }),
          },
  );
}

/** The calls a run in requires_action waits on (none otherwise). */
export function requiredCalls(run: RunObject | null): StreamedToolCall[] {
  const action = run?.required_action;
  if (action?.type !== "submit_tool_outputs") return [];
  return action.submit_tool_outputs.tool_calls.map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments, output: null }));
}

/** The plugin and MCP calls a run in requires_action waits to have approved (none otherwise). */
export function approvalCalls(run: RunObject | null): StreamedToolCall[] {
  const action = run?.required_action;
  if (action?.type !== "submit_tool_approvals") return [];
  return action.submit_tool_approvals.tool_calls.map((call) => ({
    id: call.id,
    name: call.function.name,
    arguments: call.function.arguments,
    output: null,
    server: { ...call.server_tool, status: "awaiting_approval" },
  }));
}

/** What a run in requires_action waits for: the client's outputs, or a person's approvals (null: nothing). */
export function awaitedAction(run: RunObject | null): "outputs" | "approvals" | null {
  if (run?.status !== "requires_action") return null;
  const type = run.required_action?.type;
  return type === "submit_tool_outputs" ? "outputs" : type === "submit_tool_approvals" ? "approvals" : null;
}

/** A run is being started: until it names itself, no run is the live one (nor may Stop reach the old one). */
export const isStarting = (state: LiveRunState) => state.following !== null && state.following.runId === null;

/** The run the chat's outcome line and tool cards are about: the one followed, else the thread's newest. */
export const liveRunIdOf = (state: LiveRunState): string | null => (isStarting(state) ? null : (state.following?.runId ?? state.latestRunId));

export const entryOf = (state: LiveRunState, runId: string | null): RunEntry | null => (runId ? (state.runs.get(runId) ?? null) : null);

export const runOf = (state: LiveRunState, runId: string | null): RunObject | null => current(entryOf(state, runId)?.run);

/** Whether this tab is reading the run's events now (or re-attaching to them). */
export const isFollowed = (state: LiveRunState, runId: string | null) => runId !== null && state.following?.runId === runId;

// Ids are time-ordered (lib/ids.ts): with created_at in whole seconds, the id breaks the tie.
const byCreation = (a: { created_at: number; id: string }, b: { created_at: number; id: string }) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function stepsOf(entry: RunEntry | null): RunStepObject[] {
  if (!entry) return [];
  return [...entry.steps.values()].flatMap((copies) => current(copies) ?? []).sort(byCreation);
}

export function messagesOf(entry: RunEntry | null): MessageObject[] {
  if (!entry) return [];
  return [...entry.messages.values()].flatMap((copies) => current(copies) ?? []).sort(byCreation);
}

/**
 * The calls the store knows a run made (its tool_calls steps, else what it waits on), with the
 * outputs this tab submitted until a step carries them; empty when it knows none.
 */
export function callsOf(state: LiveRunState, runId: string): StreamedToolCall[] {
  const entry = entryOf(state, runId);
  const run = current(entry?.run);
  const approvals = approvalCalls(run);
  // The waiting step streamed its calls as deltas without the approval's record (the engine keeps
  // an open step unpublished): the run's required_action says which calls wait, and what they call.
  const stepCalls = withApprovals(stepsOf(entry).flatMap(callsOfStep), approvals);
  const calls = stepCalls.length ? stepCalls : [...requiredCalls(run), ...approvals];
  if (!entry?.submitted.size) return calls;
  return calls.map((call) => (call.output === null && entry.submitted.has(call.id) ? { ...call, output: entry.submitted.get(call.id)! } : call));
}

function withApprovals(calls: StreamedToolCall[], approvals: StreamedToolCall[]): StreamedToolCall[] {
  if (!approvals.length) return calls;
  const waiting = new Map(approvals.map((call) => [call.id, call.server!]));
  return calls.map((call) => (waiting.has(call.id) && (!call.server || call.server.status === "in_progress") ? { ...call, server: waiting.get(call.id)! } : call));
}

/** Busy from a request until its run settles, requires_action included (the API refuses a second run). */
export function isBusy(state: LiveRunState): boolean {
  const run = runOf(state, liveRunIdOf(state));
  return state.connection.state !== "idle" || (run !== null && isActiveRun(run.status));
}

/** The run Stop cancels: the live one while it holds the thread (not before a new run has a name). */
export function stoppableRunId(state: LiveRunState): string | null {
  const run = runOf(state, liveRunIdOf(state));
  return run && isActiveRun(run.status) && run.status !== "cancelling" ? run.id : null;
}

export type StreamTimings = { timeToFirstTokenMs: number | null; totalMs: number | null; tokensPerSecond: number | null };

/** Time to first token and total from when the segment was requested; tokens/s from the run's usage when it has one. */
export function streamTimings(entry: RunEntry): StreamTimings {
  const start = entry.startedAt ?? entry.events[0]?.at ?? null;
  const tokens = current(entry.run)?.usage?.completion_tokens ?? entry.deltas;
  const streaming = entry.firstTokenAt !== null && entry.lastTokenAt !== null ? entry.lastTokenAt - entry.firstTokenAt : 0;
  return {
    timeToFirstTokenMs: start !== null && entry.firstTokenAt !== null ? entry.firstTokenAt - start : null,
    totalMs: start !== null && entry.endedAt !== null ? entry.endedAt - start : null,
    tokensPerSecond: streaming > 0 && tokens > 1 ? ((tokens - 1) / streaming) * 1000 : null,
  };
}

/**
 * What the store keeps timers for: watched runs that work with no stream here (another tab's, or a
 * lost connection), read every couple of seconds; and the live run waiting for tool outputs, read
 * once its `expires_at` has passed (it expires on the server with no event to tell).
 */
export function timersDue(state: LiveRunState, watched: Iterable<string>): { polls: Set<string>; expiry: { key: string; runId: string; at: number } | null } {
  const polls = new Set<string>();
  for (const runId of watched) {
    const run = runOf(state, runId);
    if (run && !SETTLED_STATUSES.has(run.status) && !isFollowed(state, runId)) polls.add(runId);
  }
  const live = runOf(state, liveRunIdOf(state));
  const expiresAt = live?.status === "requires_action" ? live.expires_at : null;
  return { polls, expiry: live && expiresAt ? { key: `${state.threadId} ${live.id} ${expiresAt}`, runId: live.id, at: expiresAt * 1000 } : null };
}
