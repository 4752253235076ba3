import type { LanguageModelV3Message } from "@ai-sdk/provider";
import type { Message, Run, RunStep } from "@/lib/generated/prisma/client";
import { toMessageObject } from "@/lib/messages/wire";
import { callOutcome, foldPart, initialFold, type CallOutcome, type FoldEffect, type FoldState, type Interruption } from "@/lib/runs/fold";
import type { ModelCall } from "@/lib/runs/model-calls";
import type { OfferedServerTools, SegmentIO } from "@/lib/runs/segment-io";
import { watchModelCall } from "@/lib/runs/watchdog";
import { executorFor } from "@/lib/runs/tools/executor";
import { messageDelta, toolCallsDelta, toRunStepObject, type StepCodeInterpreterCall, type StepFileSearchCall, type StepFunctionCall } from "@/lib/runs/wire";
import { parseCode, partialCode } from "@/lib/runs/tools/code-interpreter-spec";

// One model call of a run, streamed: the fold (lib/runs/fold.ts) says what each part means, and
// this turns it into events at once and rows soon. Text goes out as it comes, paced to one delta
// per `deltaMs` at most (ATELIER_STREAM_DELTA_MS: each event costs the same whatever it carries);
// it is saved every `flushMs` (a crash loses at most that much), not per token. The watchdog ends a call that hangs or stalls.

export type OpenText = { message: Message; step: RunStep; written: Promise<void> };
export type OpenTools = { step: RunStep; written: Promise<void> };

export type TurnResult = {
  outcome: CallOutcome;
  fold: FoldState;
  text: OpenText | null;
  tools: OpenTools | null;
  modelCall: ModelCall;
  skippedTools: string[];
};

export type TurnInput = {
  run: Run;
  prompt: { system?: string; messages: LanguageModelV3Message[] };
  maxOutputTokens: number | undefined;
  /** The time of the thread's newest message: this call's message goes after it. */
  after: number;
  deadline: number;
  /** Aborted to cancel (plain) or stop (with a RunStop reason) the run. */
  signal: AbortSignal;
  /** A cancel noticed in the database (another instance's request): the run's controller aborts. */
  onCancelling: () => void;
  /** The run's plugin and MCP tools for this stretch, when it has any. */
  serverTools?: OfferedServerTools;
};

export async function streamModelTurn(io: SegmentIO, input: TurnInput): Promise<TurnResult> {
  const { run, signal } = input;
  const watchdog = watchModelCall(signal, { firstByteMs: io.limits.firstByteMs, idleMs: io.limits.idleMs, deadline: input.deadline });
  const startedAt = Date.now();
  let fold = initialFold();
  let text: OpenText | null = null;
  let tools: OpenTools | null = null;
  let caught: Interruption = null;
  let skippedTools: string[] = [];
  // Step metadata: tools the run has that were not sent to the model, and why.
  let notes: Record<string, string> = {};
  // Calls of built-in tools (file_search) stream as their own type, without the model's arguments, as OpenAI's do.
  const builtinCalls = new Set<number>();
  // Code calls' input streams as the model writes it (OpenAI's `code_interpreter.input` deltas): what each has sent so far.
  const codeSent = new Map<number, string>();
  const sendCode = (index: number, code: string | null) => {
    const sent = codeSent.get(index) ?? "";
    if (code === null || code.length <= sent.length || !code.startsWith(sent) || !tools) return;
    codeSent.set(index, code);
    io.publish("thread.run.step.delta", toolCallsDelta(tools.step.id, [{ index, type: "code_interpreter", code_interpreter: { input: code.slice(sent.length) } as StepCodeInterpreterCall["code_interpreter"] }]));
  };

  // Text not yet sent, and when it will be: at once for the first delta, then at most one delta per
  // `deltaMs` (what arrives meanwhile goes together), and never later than the end of the turn of
  // the event loop it arrived in when `deltaMs` has already passed.
  let unsent = "";
  let lastSentAt = 0;
  let pending: { timer: NodeJS.Timeout } | { immediate: NodeJS.Immediate } | null = null;
  const sendDelta = () => {
    if (pending && "timer" in pending) clearTimeout(pending.timer);
    else if (pending) clearImmediate(pending.immediate);
    pending = null;
    if (!unsent || !text) return;
    io.publish("thread.message.delta", messageDelta(text.message.id, unsent));
    unsent = "";
    lastSentAt = performance.now();
  };
  const scheduleDelta = () => {
    if (pending) return;
    const wait = lastSentAt + io.limits.deltaMs - performance.now();
    pending = wait > 0 ? { timer: setTimeout(sendDelta, wait) } : { immediate: setImmediate(sendDelta) };
  };

  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    flushTimer = undefined;
    const open = text;
    if (!open) return;
    const snapshot = fold.text;
    flushing = flushing
      .then(() => open.written)
      .then(() => io.store.saveText(run.id, open.message.id, snapshot))
      .then((status) => {
        if (status === "cancelling") input.onCancelling();
      })
      .catch((error: Error) => io.log("could not save a run's text; it is saved when the run ends", { runId: run.id, error: error.message }));
  };

  const apply = (effect: FoldEffect) => {
    if (effect.type === "text") {
      if (effect.open) {
        const { message, step } = io.store.openMessage(run, input.after, notes);
        text = { message: message.row, step, written: message.written };
        io.publish("thread.run.step.created", toRunStepObject(step));
        io.publish("thread.run.step.in_progress", toRunStepObject(step));
        io.publish("thread.message.created", toMessageObject(message.row));
        io.publish("thread.message.in_progress", toMessageObject(message.row));
      }
      unsent += effect.delta;
      if (effect.open) sendDelta();
      else scheduleDelta();
      // A save is due when the oldest unsaved text is flushMs old: each character is saved within
      // flushMs of arriving (what a crash may lose), and the saves drift with the text instead of
      // keeping to a fixed grid, so a reply that ends just past a grid line costs no extra save.
      if (!flushTimer) flushTimer = setTimeout(flush, io.limits.flushMs);
    } else if (effect.type === "call") {
      sendDelta(); // text before a tool call is streamed before the call's events
      if (effect.open) {
        const step = io.store.openToolStep(run, notes);
        tools = { step: step.row, written: step.written };
        io.publish("thread.run.step.created", toRunStepObject(step.row));
        io.publish("thread.run.step.in_progress", toRunStepObject(step.row));
      }
      const { index, id, name, arguments: args } = effect.call;
      const builtin = executorFor(io.executors, { id, name, arguments: args }, run)?.stepType;
      if (builtin === "file_search") {
        builtinCalls.add(index);
        io.publish("thread.run.step.delta", toolCallsDelta(tools!.step.id, [{ index, id, type: "file_search", file_search: {} as StepFileSearchCall["file_search"] }]));
      } else if (builtin === "code_interpreter") {
        // The code follows as it is written (deltas append), its outputs once it has run.
        builtinCalls.add(index);
        codeSent.set(index, "");
        io.publish("thread.run.step.delta", toolCallsDelta(tools!.step.id, [{ index, id, type: "code_interpreter", code_interpreter: { input: "", outputs: [] } }]));
        sendCode(index, partialCode(args));
      } else {
        io.publish("thread.run.step.delta", toolCallsDelta(tools!.step.id, [{ index, id, type: "function", function: { name, arguments: args, output: null } }]));
      }
    } else if (effect.type === "call_arguments" && codeSent.has(effect.index)) {
      sendCode(effect.index, partialCode(fold.calls[effect.index]?.arguments ?? ""));
    } else if (effect.type === "call_arguments" && tools && !builtinCalls.has(effect.index)) {
      io.publish("thread.run.step.delta", toolCallsDelta(tools.step.id, [{ index: effect.index, type: "function", function: { arguments: effect.delta } as StepFunctionCall["function"] }]));
    }
  };

  try {
    const call = await io.callModel(run, input.prompt, { maxOutputTokens: input.maxOutputTokens, abortSignal: watchdog.signal, ...(input.serverTools && { serverTools: input.serverTools }) });
    skippedTools = call.skippedTools;
    if (skippedTools.length) notes = { skipped_tools: `Not sent to the model: ${skippedTools.join("; ")}` };
    // A provider that ignores its abort signal still stops being read (the batches end on abort).
    read: for await (const batch of call.parts) {
      if (watchdog.signal.aborted) break;
      for (const part of batch) {
        if (part.type !== "stream-start") watchdog.touch();
        const [next, effects] = foldPart(fold, part, Date.now());
        fold = next;
        for (const effect of effects) apply(effect);
        if (fold.failure !== null) break read;
      }
    }
  } catch (error) {
    caught = { kind: "failed", error };
  }
  watchdog.stop();
  sendDelta();
  // The rest of each code call's input, from its whole arguments (a model that sent bare code streamed none of it).
  for (const index of codeSent.keys()) {
    try {
      sendCode(index, parseCode(fold.calls[index]?.arguments ?? ""));
    } catch {
      // No code: the executor records the call as it came.
    }
  }
  clearTimeout(flushTimer);
  await flushing;
  // The watchdog's reason first: an aborted request also throws, as an AbortError.
  const outcome = callOutcome(fold, watchdog.interruption() ?? caught);
  const modelCall: ModelCall = { started_at: startedAt, first_token_at: fold.firstTokenAt, ended_at: Date.now(), completion_tokens: fold.usage.completion_tokens };
  return { outcome, fold, text, tools, modelCall, skippedTools };
}
