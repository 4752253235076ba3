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

// Shallow copies down to what AssistantStream mutates (text parts, tool calls): strings are shared.
function copyMessage(message: MessageObject): MessageObject {
  return { ...message, content: message.content.map((part) => (part.type === "text" ? { ...part, text: { ...part.text } } : part)) };
}

function copyStep(step: RunStepObject): RunStepObject {
  const details = step.step_details;
  if (details.type !== "tool_calls") return { ...step };
  return { ...step, step_details: { ...details, tool_calls: details.tool_calls.map((call) =>
        call.type === "function" ? { ...call, function: { ...call.function } } : call.type === "file_search" ? { ...call, file_search: { ...call.file_search } } : { ...call, code_interpreter: { ...call.code_interpreter, outputs: [...(call.code_interpreter?.outputs ?? [])] } },
      ) } };
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
  const queue: { raw: RawEvent; fed: boolean }[] = [];
  let delta: RawEvent | null = null;
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
    const { raw } = queue.shift()!;
    if (isDelta(raw.event)) {
      delta = raw;
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
  const emitDelta = (object: StreamObject) => {
    const raw = delta!;
    delta = null;
    emit(raw, object);
  };
  stream.on("messageDelta", (_delta, snapshot) => emitDelta(copyMessage(snapshot as unknown as MessageObject)));
  stream.on("runStepDelta", (_delta, snapshot) => emitDelta(copyStep(snapshot as unknown as RunStepObject)));

  try {
    for await (const message of _iterSSEMessages(response, new AbortController())) {
      const raw: RawEvent = { event: message.event ?? "message", data: message.data, at: now() };
      if (raw.event === "done") done = true;
      const fed = raw.event.startsWith("thread.");
      queue.push({ raw, fed });
      if (fed) input.enqueue(`{"event":${JSON.stringify(raw.event)},"data":${message.data}}\n`);
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
  if (delta) emit(delta, null);
  for (const { raw } of queue.splice(0)) onEvent({ ...raw, object: null });
  return { done, failure };
}
