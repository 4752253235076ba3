import "server-only";
import { APICallError } from "ai";
import { getDb } from "@/lib/db";
import type { Message, Prisma, Run, RunStep } from "@/lib/generated/prisma/client";
import type { MessageContentPart } from "@/lib/messages/schema";
import { toMessageObject } from "@/lib/messages/wire";
import { callModel } from "@/lib/runs/model-call";
import { loadTurns, MAX_HISTORY } from "@/lib/runs/history";
import { insertMessageWithStep, selectHistory, setRunInProgress } from "@/lib/runs/queries";
import { buildPrompt, contextWindowOf, type HistoryMessage } from "@/lib/runs/prompt";
import { publish } from "@/lib/runs/events";
import { modelCallsOf, type ModelCall } from "@/lib/runs/model-calls";
import { addUsage, createStep, requiresActionTtlMs, saveRun, saveStep } from "@/lib/runs/store";
import { messageDelta, toolCallsDelta, toRunObject, toRunStepObject, type LastError, type StepToolCall, type Usage } from "@/lib/runs/wire";
import type { TruncationStrategy } from "@/lib/runs/schema";
import { toWellFormed } from "@/lib/unicode";

// One stretch of a run: from `queued` to `requires_action` or a terminal status. Streams the
// model, turns text into a message and tool calls into a step, publishes every event as it goes,
// and writes the text to the database in batches (every FLUSH_DELTAS deltas or FLUSH_MS), not per
// token. Returns how the stretch ended; engine.ts does the bookkeeping around it.

const FLUSH_DELTAS = 500;
const FLUSH_MS = 10_000;

export type Outcome = "requires_action" | "completed" | "incomplete" | "failed" | "cancelled";

/** `written`: the insert of the message and its step, awaited before any later write to them. */
type TextState = { message: Message; step: RunStep; written: Promise<void>; text: string; pending: number; flushedAt: number };

// A model's text is stored well-formed: a lone surrogate from a provider's JSON would break every
// jsonb read of the thread (lib/unicode.ts). A pair split between two writes is whole in the next one.
const textPart = (value: string): MessageContentPart[] => [{ type: "text", text: { value: toWellFormed(value), annotations: [] } }];

export function lastErrorOf(error: unknown): LastError {
  if (APICallError.isInstance(error) && error.statusCode === 429) return { code: "rate_limit_exceeded", message: `The model provider is rate limiting requests: ${error.message}` };
  const detail = error instanceof Error ? error.message : String(error);
  const status = APICallError.isInstance(error) && error.statusCode ? ` (HTTP ${error.statusCode})` : "";
  return { code: "server_error", message: `The model provider failed${status}: ${detail}` };
}

/**
 * `prepared`: a new run with its history (see engine.ts PreparedStart), whose row may still be on
 * its way into the database: the model is called at once, and nothing is published or written
 * before `prepared.ready`. "not_started" when the row could not be inserted.
 */
export async function executeSegment(run: Run, signal: AbortSignal, prepared?: { history: HistoryMessage[]; lastAt: number; ready: Promise<boolean> }): Promise<Outcome | "not_started"> {
  // Only a queued run can be cancelled before this: a prepared one's id is not out yet.
  if (signal.aborted) return finish(run, "cancelled", {});
  const fresh = prepared !== undefined || run.startedAt === null;
  // Independent reads and writes on the way to the first token go together.
  const [started, { history, lastAt }] = prepared ? [run, prepared] : await Promise.all([setRunInProgress(run), selectHistory(run, MAX_HISTORY)]);
  run = started;

  const usedCompletion = (run.usage as Usage | null)?.completion_tokens ?? 0;
  const remaining = run.maxCompletionTokens === null ? undefined : run.maxCompletionTokens - usedCompletion;
  const exhausted = remaining !== undefined && remaining <= 0;
  const prompt = exhausted
    ? null
    : buildPrompt({
        instructions: run.instructions,
        history,
        // A run that has not started yet has done nothing to replay.
        turns: fresh ? [] : await loadTurns(run),
        truncation: run.truncationStrategy as TruncationStrategy,
        maxPromptTokens: run.maxPromptTokens,
        contextWindow: contextWindowOf(run.model),
      });
  // The run's budget (max_completion_tokens, over all its model calls) and Model Studio's cap on each response (max_tokens).
  const maxOutputTokens = run.maxTokens === null ? remaining : Math.min(run.maxTokens, remaining ?? run.maxTokens);
  // Timed from here: the model's share of the run (tokens/s) is from each request to its stream's end.
  const modelStartedAt = Date.now();
  const calling = prompt?.fits ? callModel(run, prompt, { maxOutputTokens, abortSignal: signal }) : null;
  calling?.catch(() => {}); // awaited below, after `ready`; this only keeps a rejection meanwhile from being "unhandled"
  if (prepared && !(await prepared.ready)) return "not_started";

  publish(run.id, "thread.run.in_progress", toRunObject(run));
  if (!prompt) return finish(run, "incomplete", { incompleteDetails: { reason: "max_completion_tokens" } });
  if (!calling) return finish(run, "incomplete", { incompleteDetails: { reason: "max_prompt_tokens" } });

  let call: Awaited<ReturnType<typeof callModel>>;
  try {
    call = await calling;
  } catch (error) {
    return finish(run, "failed", { lastError: lastErrorOf(error), modelCall: { started_at: modelStartedAt, first_token_at: null, ended_at: Date.now(), completion_tokens: 0 } });
  }
  const notes: Record<string, string> = call.skippedTools.length ? { skipped_tools: `Not sent to the model (not executable here yet): ${call.skippedTools.join(", ")}` } : {};

  let text: TextState | null = null;
  let toolStep: RunStep | null = null;
  const calls = new Map<string, StepToolCall & { index: number }>();
  let usage: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  let finishReason: string | undefined;
  let failure: unknown = null;
  let firstTokenAt: number | null = null;

  let unsent = "";
  let scheduled = false;
  const sendDelta = () => {
    scheduled = false;
    if (!unsent || !text) return;
    publish(run.id, "thread.message.delta", messageDelta(text.message.id, unsent));
    unsent = "";
  };

  const flush = async (state: TextState) => {
    state.pending = 0;
    state.flushedAt = Date.now();
    await state.written;
    await getDb().message.update({ where: { id: state.message.id }, data: { content: textPart(state.text) as Prisma.InputJsonValue } });
  };
  // Synchronous on purpose: the first token is streamed while its message is being written.
  const openText = (): TextState => {
    const { message, step, written } = insertMessageWithStep(run, lastAt, notes);
    publish(run.id, "thread.run.step.created", toRunStepObject(step));
    publish(run.id, "thread.run.step.in_progress", toRunStepObject(step));
    publish(run.id, "thread.message.created", toMessageObject(message));
    publish(run.id, "thread.message.in_progress", toMessageObject(message));
    return { message, step, written, text: "", pending: 0, flushedAt: Date.now() };
  };
  const openTools = async (): Promise<RunStep> => {
    const step = await createStep(run, "tool_calls", { type: "tool_calls", tool_calls: [] }, notes);
    publish(run.id, "thread.run.step.created", toRunStepObject(step));
    publish(run.id, "thread.run.step.in_progress", toRunStepObject(step));
    return step;
  };

  try {
    for await (const part of call.stream) {
      if (firstTokenAt === null && ((part.type === "text-delta" && part.delta) || part.type === "tool-input-start" || part.type === "tool-call")) firstTokenAt = Date.now();
      if (part.type === "text-delta" && part.delta) {
        const first = text === null;
        text ??= openText();
        text.text += part.delta;
        text.pending++;
        unsent += part.delta;
        // The first text goes out at once; later text that arrives within one turn of the event
        // loop goes out as one delta (no added wait when the server keeps up, fewer events when busy).
        if (first) sendDelta();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(sendDelta);
        }
        if (text.pending >= FLUSH_DELTAS || Date.now() - text.flushedAt >= FLUSH_MS) await flush(text);
      } else if (part.type === "tool-input-start") {
        sendDelta(); // text before a tool call is streamed before the call's events
        toolStep ??= await openTools();
        const entry = { index: calls.size, id: part.id, type: "function" as const, function: { name: part.toolName, arguments: "", output: null } };
        calls.set(part.id, entry);
        // A copy: `entry` goes on collecting arguments, and events are serialized when sent, so
        // the shared object would repeat in this delta what later deltas also carry.
        publish(run.id, "thread.run.step.delta", toolCallsDelta(toolStep.id, [{ ...entry, function: { ...entry.function } }]));
      } else if (part.type === "tool-input-delta") {
        const entry = calls.get(part.id);
        if (!entry || !toolStep) continue;
        entry.function.arguments += part.delta;
        publish(run.id, "thread.run.step.delta", toolCallsDelta(toolStep.id, [{ index: entry.index, type: "function", function: { arguments: part.delta } as StepToolCall["function"] }]));
      } else if (part.type === "tool-call") {
        // Providers that do not stream arguments send the whole call at once.
        if (!calls.has(part.toolCallId)) {
          toolStep ??= await openTools();
          const entry = { index: calls.size, id: part.toolCallId, type: "function" as const, function: { name: part.toolName, arguments: part.input || "{}", output: null } };
          calls.set(part.toolCallId, entry);
          publish(run.id, "thread.run.step.delta", toolCallsDelta(toolStep.id, [entry]));
        }
      } else if (part.type === "finish") {
        finishReason = part.finishReason.unified;
        const input = part.usage.inputTokens.total ?? 0;
        const output = part.usage.outputTokens.total ?? 0;
        usage = { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
      } else if (part.type === "error") {
        failure = part.error;
        break;
      }
    }
  } catch (error) {
    failure = error;
  }

  sendDelta();
  const cancelled = signal.aborted;
  const outcome: Outcome = cancelled ? "cancelled" : failure ? "failed" : calls.size ? "requires_action" : finishReason === "length" ? "incomplete" : "completed";
  const at = new Date();
  // Recorded with the run's next write (its status), not on its own.
  const modelCall: ModelCall = { started_at: modelStartedAt, first_token_at: firstTokenAt, ended_at: at.getTime(), completion_tokens: usage.completion_tokens };
  // The message keeps whatever text arrived, marked incomplete unless the stretch completed.
  if (text) {
    await text.written;
    const reason = { cancelled: "run_cancelled", failed: "run_failed", incomplete: "max_tokens" }[outcome as string];
    const message = await getDb().message.update({
      where: { id: text.message.id },
      data: { content: textPart(text.text) as Prisma.InputJsonValue, status: reason ? "incomplete" : "completed", ...(reason ? { incompleteAt: at, incompleteDetails: { reason } } : { completedAt: at }) },
    });
    publish(run.id, reason ? "thread.message.incomplete" : "thread.message.completed", toMessageObject(message));
    const stepStatus = outcome === "cancelled" ? "cancelled" : outcome === "failed" ? "failed" : "completed";
    const step = await saveStep(text.step.id, {
      status: stepStatus,
      ...(stepStatus === "completed" ? { completedAt: at } : stepStatus === "failed" ? { failedAt: at, lastError: lastErrorOf(failure) } : { cancelledAt: at }),
      ...(toolStep ? {} : { usage }),
    });
    publish(run.id, `thread.run.step.${stepStatus}`, toRunStepObject(step));
  }
  const totalUsage = addUsage(run.usage as Usage | null, usage);
  if (outcome === "requires_action" && toolStep) {
    const toolCalls = [...calls.values()].map(({ index: _index, ...entry }) => entry);
    await saveStep(toolStep.id, { stepDetails: { type: "tool_calls", tool_calls: toolCalls }, usage });
    const requiredAction = { type: "submit_tool_outputs", submit_tool_outputs: { tool_calls: toolCalls.map(({ id, function: fn }) => ({ id, type: "function", function: { name: fn.name, arguments: fn.arguments } })) } };
    run = await saveRun(run.id, { status: "requires_action", requiredAction, expiresAt: new Date(Date.now() + requiresActionTtlMs()), usage: totalUsage, modelCalls: [...modelCallsOf(run), modelCall] });
    publish(run.id, "thread.run.requires_action", toRunObject(run));
    return "requires_action";
  }
  if (toolStep) {
    const status = outcome === "cancelled" ? "cancelled" : "failed";
    publish(run.id, `thread.run.step.${status}`, toRunStepObject(await saveStep(toolStep.id, { status, ...(status === "cancelled" ? { cancelledAt: at } : { failedAt: at, lastError: lastErrorOf(failure) }) })));
  }
  if (outcome === "failed") return finish(run, "failed", { lastError: lastErrorOf(failure), usage: totalUsage, modelCall });
  if (outcome === "incomplete") return finish(run, "incomplete", { incompleteDetails: { reason: "max_completion_tokens" }, usage: totalUsage, modelCall });
  return finish(run, outcome === "requires_action" ? "completed" : outcome, { usage: totalUsage, modelCall });
}

type FinishExtra = { lastError?: LastError; incompleteDetails?: { reason: string }; usage?: Usage; modelCall?: ModelCall };

async function finish(run: Run, status: Exclude<Outcome, "requires_action">, extra: FinishExtra): Promise<Outcome> {
  const at = new Date();
  const stamp = { completed: { completedAt: at }, failed: { failedAt: at }, cancelled: { cancelledAt: at }, incomplete: {} }[status];
  const saved = await saveRun(run.id, {
    status,
    ...stamp,
    ...(extra.lastError && { lastError: extra.lastError }),
    ...(extra.incompleteDetails && { incompleteDetails: extra.incompleteDetails }),
    ...(extra.usage && { usage: extra.usage }),
    ...(extra.modelCall && { modelCalls: [...modelCallsOf(run), extra.modelCall] }),
  });
  publish(run.id, `thread.run.${status}`, toRunObject(saved));
  return status;
}
