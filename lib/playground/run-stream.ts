import { messageText, type MessageObject } from "@/lib/messages/wire";
import type { RunObject, RunStatus, RunStepObject } from "@/lib/runs/wire";

// What the playground knows about one run from its event stream: the run object, its status
// timeline, its steps, the messages it writes (text assembled from deltas), its tool calls as
// they stream in, the raw events, and timings (time to first token, total, tokens/s). A pure
// reducer: the chat renders `messages`, the run inspector the rest. Attaching to a running run
// (GET …/events, after a reload) replays the current segment from its start: the caller starts
// from `emptyRunStream()` again, so replayed deltas cannot double the text.

export type StreamedToolCall = { id: string; name: string; arguments: string; output: string | null };
export type StreamedMessage = { id: string; role: "user" | "assistant"; text: string; status: MessageObject["status"]; object: MessageObject };
export type RawEvent = { event: string; data: unknown; at: number };

export type RunStream = {
  run: RunObject | null;
  /** Each status the run went through, with when the playground saw it (ms since epoch). */
  timeline: { status: RunStatus; at: number }[];
  steps: Map<string, RunStepObject>;
  /** Tool calls by step, in the order the model made them. */
  toolCalls: Map<string, StreamedToolCall[]>;
  messages: Map<string, StreamedMessage>;
  events: RawEvent[];
  error: { message: string; code: string | null } | null;
  done: boolean;
  startedAt: number | null;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  /** Text deltas seen, a stand-in for output tokens until the run reports its usage. */
  deltas: number;
};

export function emptyRunStream(startedAt: number | null = null): RunStream {
  return { run: null, timeline: [], steps: new Map(), toolCalls: new Map(), messages: new Map(), events: [], error: null, done: false, startedAt, firstTokenAt: null, lastTokenAt: null, deltas: 0 };
}

type MessageDelta = { id: string; delta: { content?: { index: number; type: string; text?: { value?: string } }[] } };
type StepDelta = { id: string; delta: { step_details?: { type: string; tool_calls?: { index: number; id?: string; function?: { name?: string; arguments?: string; output?: string | null } }[] } } };

/** A tool_calls step's calls, outputs included once submitted (other steps have none). */
export function callsOfStep(step: RunStepObject): StreamedToolCall[] {
  if (step.step_details.type !== "tool_calls") return [];
  return step.step_details.tool_calls.map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments, output: call.function.output }));
}

/** The calls a run in requires_action waits on (none otherwise). */
export function requiredCalls(run: RunObject | null): StreamedToolCall[] {
  return (run?.required_action?.submit_tool_outputs.tool_calls ?? []).map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments, output: null }));
}

function withMessage(state: RunStream, message: MessageObject, text?: string): Map<string, StreamedMessage> {
  const messages = new Map(state.messages);
  const known = messages.get(message.id);
  // The completed object carries the whole text; before that, what the deltas assembled is newer.
  const assembled = text ?? (message.status === "in_progress" ? (known?.text ?? messageText(message)) : messageText(message));
  messages.set(message.id, { id: message.id, role: message.role, text: assembled, status: message.status, object: message });
  return messages;
}

function withToolCalls(state: RunStream, stepId: string, update: (calls: StreamedToolCall[]) => StreamedToolCall[]): Map<string, StreamedToolCall[]> {
  const toolCalls = new Map(state.toolCalls);
  toolCalls.set(stepId, update(toolCalls.get(stepId) ?? []));
  return toolCalls;
}

/** The state after one event; `at` is when it arrived. Unknown events are kept in `events` only. */
export function applyRunEvent(state: RunStream, event: string, data: unknown, at: number): RunStream {
  const next: RunStream = { ...state, events: [...state.events, { event, data, at }] };
  if (event === "done") return { ...next, done: true };
  if (event === "error") {
    const error = data as { message?: string; code?: string | null };
    return { ...next, error: { message: error.message ?? "The run stream failed.", code: error.code ?? null } };
  }
  if (event.startsWith("thread.run.step.")) {
    if (event === "thread.run.step.delta") {
      const delta = data as StepDelta;
      const calls = delta.delta.step_details?.tool_calls;
      if (!calls?.length) return next;
      return {
        ...next,
        toolCalls: withToolCalls(state, delta.id, (known) => {
          const merged = [...known];
          for (const call of calls) {
            const current = merged[call.index] ?? { id: "", name: "", arguments: "", output: null };
            merged[call.index] = {
              id: call.id ?? current.id,
              name: call.function?.name ?? current.name,
              arguments: current.arguments + (call.function?.arguments ?? ""),
              output: call.function?.output ?? current.output,
            };
          }
          return merged;
        }),
      };
    }
    const step = data as RunStepObject;
    const steps = new Map(state.steps);
    steps.set(step.id, step);
    // A step object carries its calls whole (with outputs once submitted): it wins over the deltas.
    const calls = callsOfStep(step);
    if (!calls.length) return { ...next, steps };
    return { ...next, steps, toolCalls: withToolCalls(state, step.id, () => calls) };
  }
  if (event.startsWith("thread.run.")) {
    const run = data as RunObject;
    const last = state.timeline.at(-1);
    const timeline = last?.status === run.status ? state.timeline : [...state.timeline, { status: run.status, at }];
    return { ...next, run, timeline };
  }
  if (event === "thread.message.delta") {
    const delta = data as MessageDelta;
    const known = state.messages.get(delta.id);
    const added = (delta.delta.content ?? []).map((part) => part.text?.value ?? "").join("");
    if (!known || !added) return next;
    const messages = new Map(state.messages);
    messages.set(delta.id, { ...known, text: known.text + added });
    return { ...next, messages, deltas: state.deltas + 1, firstTokenAt: state.firstTokenAt ?? at, lastTokenAt: at };
  }
  if (event.startsWith("thread.message.")) return { ...next, messages: withMessage(state, data as MessageObject) };
  return next;
}

export type RunTimings = { timeToFirstTokenMs: number | null; totalMs: number | null; tokensPerSecond: number | null };

/** Time to first token and total from when the request was sent; tokens/s from the run's usage when it has one. */
export function runTimings(state: RunStream): RunTimings {
  const start = state.startedAt ?? state.events[0]?.at ?? null;
  const end = state.done ? (state.events.at(-1)?.at ?? null) : null;
  const tokens = state.run?.usage?.completion_tokens ?? state.deltas;
  const streaming = state.firstTokenAt !== null && state.lastTokenAt !== null ? state.lastTokenAt - state.firstTokenAt : 0;
  return {
    timeToFirstTokenMs: start !== null && state.firstTokenAt !== null ? state.firstTokenAt - start : null,
    totalMs: start !== null && end !== null ? end - start : null,
    tokensPerSecond: streaming > 0 && tokens > 1 ? ((tokens - 1) / streaming) * 1000 : null,
  };
}
