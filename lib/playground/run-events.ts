import { _iterSSEMessages } from "openai/core/streaming";
import { AssistantStream } from "openai/lib/AssistantStream";
import type { MessageObject } from "@/lib/messages/wire";
import type { RunObject, RunStepObject } from "@/lib/runs/wire";

// One response body of run events (POST …/runs, POST …/submit_tool_outputs, GET …/events), read
// with the `openai` package: its SSE decoder (what the SDK's own streams use) and its
// AssistantStream, which folds message text and tool-call arguments from deltas into snapshots.
// Each event comes out in wire order with the object it leaves: a run as sent, a step or message
// as accumulated so far (a copy: AssistantStream keeps mutating its own).
//
// Two things about AssistantStream decide the shape of this adapter (measured in
// run-events.test.ts): `AssistantStream.fromReadableStream()` reads newline-delimited JSON events
// (what its `toReadableStream()` writes), not SSE, so each decoded event is handed to it as one
// JSON line; and it treats an in-band `error` event as a bug (it throws, dropping the
// `thread.run.failed` that follows), so only `thread.*` events go through it. `error`, `done`
// and anything else are passed on by this adapter, in their place in the order.

/** An event as received: its name, its data as sent (JSON text, or `[DONE]`), when it arrived (ms). */
export type RawEvent = { event: string; data: string; at: number };

export type StreamObject = RunObject | RunStepObject | MessageObject;

/** A received event and the object it leaves behind (null for `error`, `done` and other events). */
export type RunStreamEvent = RawEvent & { object: StreamObject | null };

export type ReadResult = {
  /** The body ended after `done`: the segment is over (requires_action or a final status). */
  done: boolean;
  /** AssistantStream could not fold an event (a delta before its object, bad JSON): the rest came out unfolded. */
  failure: Error | null;
};

// Shallow copies down to what AssistantStream mutates (text parts, tool calls and their outputs,
// which it folds in place): strings are shared.
function copyMessage(message: MessageObject): MessageObject {
  return { ...message, content: message.content.map((part) => (part.type === "text" ? { ...part, text: { ...part.text } } : part)) };
}

type LooseCall = Record<string, unknown> & { index?: number; id?: string; code_interpreter?: Record<string, unknown> };

function copyCall(call: LooseCall): LooseCall {
  const copy: LooseCall = { ...call };
  for (const key of ["function", "file_search", "server_tool"] as const) if (isObject(call[key])) copy[key] = { ...call[key] };
  const code = call.code_interpreter;
  if (call.type === "code_interpreter" || isObject(code)) {
    copy.code_interpreter = {
      ...code,
      outputs: (Array.isArray(code?.outputs) ? code.outputs : []).map((output: unknown) => (isObject(output) ? { ...output } : output)),
      ...(Array.isArray(code?.files) && { files: code.files.map((file: unknown) => (isObject(file) ? { ...file } : file)) }),
    };
  }
  return copy;
}

function copyStep(step: RunStepObject): RunStepObject {
  const details = step.step_details;
  if (details.type !== "tool_calls") return { ...step };
  return { ...step, step_details: { ...details, tool_calls: (details.tool_calls as unknown as LooseCall[]).map(copyCall) as unknown as typeof details.tool_calls } };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

// AssistantStream folds a step delta into its snapshot by appending strings and adding numbers, as
// OpenAI's deltas mean for code and logs. A few fields are not deltas but values a delta sets: a
// call's `id` (Atelier names the call again when its result arrives, which would double it) and
// the code interpreter's `sandbox`, `duration_ms` and `files` (Atelier's extensions: "bwrap" twice
// is not "bwrapbwrap", two timings are not their sum), and a plugin or MCP call's `server_tool`
// (issue 24: its status, HTTP status and timing are values, merged by key: "approved" then
// "completed" is not "approvedcompleted"). Those are taken out of the delta before AssistantStream
// sees it and set on its snapshot right after it folded the rest.
const SET_FIELDS = ["sandbox", "duration_ms"] as const;

type CallPatch = { index: number; id?: unknown; code?: Partial<Record<(typeof SET_FIELDS)[number], unknown>>; files?: unknown[]; server?: Record<string, unknown> };

/** The step delta's set-not-appended fields, removed from `event` (its parsed data) and returned. */
function takeSetFields(event: unknown): CallPatch[] {
  const calls = isObject(event) && isObject(event.delta) && isObject(event.delta.step_details) ? event.delta.step_details.tool_calls : undefined;
  if (!Array.isArray(calls)) return [];
  const patches: CallPatch[] = [];
  for (const call of calls as unknown[]) {
    if (!isObject(call) || typeof call.index !== "number") continue;
    const patch: CallPatch = { index: call.index };
    if ("id" in call) {
      patch.id = call.id;
      delete call.id;
    }
    if (isObject(call.server_tool)) {
      patch.server = call.server_tool;
      delete call.server_tool;
    }
    const code = call.code_interpreter;
    if (isObject(code)) {
      for (const key of SET_FIELDS) {
        if (!(key in code)) continue;
        (patch.code ??= {})[key] = code[key];
        delete code[key];
      }
      if (Array.isArray(code.files)) {
        patch.files = code.files;
        delete code.files;
      }
    }
    if ("id" in patch || patch.code || patch.files || patch.server) patches.push(patch);
  }
  return patches;
}

/**
 * Sets what `takeSetFields` took on AssistantStream's own snapshot (so later deltas fold over it).
 * Files are placed by their `index` when they carry one (deltas of arrays do), else by their place,
 * replacing what was there: the same list sent twice is the same list.
 */
function applySetFields(snapshot: RunStepObject, patches: readonly CallPatch[]): void {
  const details = snapshot.step_details;
  if (details.type !== "tool_calls") return;
  const calls = details.tool_calls as unknown as LooseCall[];
  for (const patch of patches) {
    const call = calls[patch.index]?.index === patch.index || calls[patch.index]?.index === undefined ? calls[patch.index] : calls.find((candidate) => candidate.index === patch.index);
    if (!call) continue;
    if ("id" in patch) call.id = patch.id as string;
    // A new object, not the old one changed: copies handed out earlier keep what they said.
    if (patch.server) call.server_tool = { ...(isObject(call.server_tool) ? call.server_tool : {}), ...patch.server };
    if (!patch.code && !patch.files) continue;
    const code = (call.code_interpreter = isObject(call.code_interpreter) ? call.code_interpreter : {});
    Object.assign(code, patch.code);
    if (patch.files) {
      const files = Array.isArray(code.files) ? [...code.files] : [];
      patch.files.forEach((file, at) => {
        const index = isObject(file) && typeof file.index === "number" ? file.index : at;
        if (isObject(file)) {
          const { index: _index, ...rest } = file;
          void _index;
          files[index] = rest;
        }
      });
      // Holes stay (a file placed by a later index first): readers skip them.
      code.files = files;
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null; // fed as it came: AssistantStream reports it
  }
}

const isDelta = (event: string) => event === "thread.message.delta" || event === "thread.run.step.delta";

/**
 * Reads `response`'s body to its end, calling `onEvent` per event in wire order. Resolves when
 * the body ends; rejects when reading it fails (a dropped connection, an abort).
 */
export async function readRunEvents(response: Response, onEvent: (event: RunStreamEvent) => void, now: () => number = Date.now): Promise<ReadResult> {
  let input!: ReadableStreamDefaultController<string>;
  const lines = new ReadableStream<string>({ start: (controller) => void (input = controller) });
  const stream = AssistantStream.fromReadableStream(lines);
  // Marks the end as handled here: AssistantStream otherwise raises an unhandled rejection.
  const finished = stream.done().then(
    () => null,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );

  // Events in wire order; `fed` ones wait for AssistantStream to fold them, the others only for
  // the fed ones ahead of them.
  const queue: { raw: RawEvent; fed: boolean; patches?: CallPatch[] }[] = [];
  let delta: { raw: RawEvent; patches: CallPatch[] } | null = null;
  let done = false;
  const passUnfed = () => {
    while (queue.length && !queue[0]!.fed) onEvent({ ...queue.shift()!.raw, object: null });
  };
  const emit = (raw: RawEvent, object: StreamObject | null) => {
    onEvent({ ...raw, object });
    passUnfed();
  };

  // `event` is emitted before AssistantStream folds the event, the delta listeners right after,
  // in the same call: a delta waits for its snapshot, any other event carries its own object.
  stream.on("event", (parsed) => {
    passUnfed();
    const { raw, patches } = queue.shift()!;
    if (isDelta(raw.event)) {
      delta = { raw, patches: patches ?? [] };
      return;
    }
    const data = parsed.data as unknown as StreamObject;
    if (raw.event === "thread.message.in_progress") {
      // Its content is the created one's: the text folded so far is what stands.
      const current = stream.currentMessageSnapshot() as unknown as MessageObject | undefined;
      emit(raw, copyMessage(current?.id === data.id ? current : (data as MessageObject)));
    } else if (raw.event.startsWith("thread.message.")) emit(raw, copyMessage(data as MessageObject));
    else if (raw.event.startsWith("thread.run.step.")) emit(raw, copyStep(data as RunStepObject));
    else if (raw.event.startsWith("thread.run.")) emit(raw, data);
    else emit(raw, null);
  });
  const emitDelta = (object: (patches: CallPatch[]) => StreamObject) => {
    const { raw, patches } = delta!;
    delta = null;
    emit(raw, object(patches));
  };
  stream.on("messageDelta", (_delta, snapshot) => emitDelta(() => copyMessage(snapshot as unknown as MessageObject)));
  stream.on("runStepDelta", (_delta, snapshot) =>
    emitDelta((patches) => {
      applySetFields(snapshot as unknown as RunStepObject, patches);
      return copyStep(snapshot as unknown as RunStepObject);
    }),
  );

  try {
    for await (const message of _iterSSEMessages(response, new AbortController())) {
      const raw: RawEvent = { event: message.event ?? "message", data: message.data, at: now() };
      if (raw.event === "done") done = true;
      const fed = raw.event.startsWith("thread.");
      let data = message.data;
      let patches: CallPatch[] | undefined;
      if (raw.event === "thread.run.step.delta") {
        const parsed = parseJson(data);
        patches = takeSetFields(parsed);
        if (patches.length) data = JSON.stringify(parsed);
      }
      queue.push({ raw, fed, patches });
      if (fed) input.enqueue(`{"event":${JSON.stringify(raw.event)},"data":${data}}\n`);
      else if (queue.length === 1) passUnfed();
    }
    input.close();
  } catch (error) {
    input.error(error);
    await finished;
    throw error;
  }
  const ended = await finished;
  // Every event folded: AssistantStream's own complaint at the end (no final run: a cut stream,
  // a refusal before the run existed) is not a failure here; the caller goes by `done`.
  const failure = queue.some((entry) => entry.fed) || delta !== null ? (ended ?? new Error("The run events stopped being read.")) : null;
  // What AssistantStream did not get to still goes out, unfolded.
  // (Assigned in the listeners, which TypeScript does not follow.)
  const unfolded = delta as { raw: RawEvent } | null;
  if (unfolded) emit(unfolded.raw, null);
  for (const { raw } of queue.splice(0)) onEvent({ ...raw, object: null });
  return { done, failure };
}
