import { APICallError } from "ai";
import type { Run } from "@/lib/generated/prisma/client";
import { toMessageObject } from "@/lib/messages/wire";
import { addCitationSources, fileCitations, type CitationSources } from "@/lib/runs/citations";
import { addProducedFiles, filePathAnnotations, producedImages, type ProducedFiles } from "@/lib/runs/file-paths";
import type { RunEndFields, StepEnd } from "@/lib/runs/data/segment-end";
import { emptyUsage } from "@/lib/runs/fold";
import { modelCallsOf, type ModelCall } from "@/lib/runs/model-calls";
import { withCost, type Price } from "@/lib/pricing/cost";
import { streamModelTurn, type TurnResult } from "@/lib/runs/model-turn";
import { buildPrompt, contextWindowOf, type HistoryMessage, type RunTurn } from "@/lib/runs/prompt";
import type { TruncationStrategy } from "@/lib/runs/schema";
import type { SegmentIO } from "@/lib/runs/segment-io";
import { awaitingApproval, runApproved, runServerTools, stretchTools, type StretchTools } from "@/lib/runs/server-calls";
import { annotationsDelta, imagesDelta, toRunObject, toRunStepObject, type LastError, type RequiredAction, type StepToolCall, type Usage } from "@/lib/runs/wire";

// One stretch of a run: from its start (or its tool outputs) to `requires_action` or its end. The
// loop every tool plugs into: call the model; when it asks for tools, run those Atelier executes
// (lib/runs/tools/executor.ts), recorded on the step and streamed, and call the model again with
// their outputs; when it asks for the client's functions, wait for them (`requires_action`). Each
// end is written in one transaction (run, message, steps agree) and then published.

export type Outcome = "requires_action" | "completed" | "incomplete" | "failed" | "cancelled" | "not_queued";

/** A new run's history, read by the request that created it (so the engine does not read it again). */
export type SegmentStart = { history: HistoryMessage[]; lastAt: number };

// Server-side tools may loop (the model asks again and again); a stretch stops after this many calls.
const MAX_MODEL_CALLS = 12;

// Sums tokens only: the sum is costed again at the run's price (withCost), a run's model being one.
const addUsage = (a: Usage | null, b: Usage): Usage => ({
  prompt_tokens: (a?.prompt_tokens ?? 0) + b.prompt_tokens,
  completion_tokens: (a?.completion_tokens ?? 0) + b.completion_tokens,
  total_tokens: (a?.total_tokens ?? 0) + b.total_tokens,
});

/** The turn with its usage costed: a step's usage (and so its cost) is its model call's. */
const priced = (turn: TurnResult, price: Price | null): TurnResult => (price ? { ...turn, fold: { ...turn.fold, usage: withCost(turn.fold.usage, price) } } : turn);

/** The provider's failure as the run shows it: what went wrong upstream, never Atelier's internals. */
export function lastErrorOf(error: unknown): LastError {
  if (APICallError.isInstance(error) && error.statusCode === 429) return { code: "rate_limit_exceeded", message: `The model provider is rate limiting requests: ${error.message}` };
  const detail = error instanceof Error ? error.message : String(error);
  const status = APICallError.isInstance(error) && error.statusCode ? ` (HTTP ${error.statusCode})` : "";
  return { code: "server_error", message: `The model provider failed${status}: ${detail}` };
}

/** What a stretch carries from call to call: usage, model calls, and the search results its text may cite. */
/** `files`: what the code interpreter wrote, which the text may link; `images`: its charts, for the next message that ends. */
type Totals = { usage: Usage | null; modelCalls: ModelCall[]; citations: CitationSources; files: ProducedFiles; images: string[] };

export async function runSegment(run: Run, control: AbortController, io: SegmentIO, start?: SegmentStart): Promise<Outcome> {
  const signal = control.signal;
  const deadline = Date.now() + io.limits.maxMs;
  const fresh = start !== undefined || run.startedAt === null;
  if (!start) {
    const started = await io.store.markInProgress(run.id);
    if (!started) return "not_queued"; // cancelled meanwhile, or another instance took it
    run = started;
  }
  const totals: Totals = { usage: (run.usage as Usage | null) ?? null, modelCalls: modelCallsOf(run), citations: new Map(), files: new Map(), images: [] };
  const { history, lastAt } = start ?? (await io.store.history(run));
  // Read once per stretch; a price that cannot be read costs nothing but the cost line.
  const price = await io.priceOf(run).catch((error: unknown) => {
    io.log("model price unreadable; the run's cost is left out", { runId: run.id, error: String(error) });
    return null;
  });
  io.publish("thread.run.in_progress", toRunObject(run));
  if (signal.aborted) return end(io, run, totals, null, "cancelled");
  // A run that has not started yet has done nothing to replay.
  const turns: RunTurn[] = fresh ? [] : await io.store.turns(run);
  for (const turn of turns) {
    if (turn.type !== "tool_calls") continue;
    totals.citations = addCitationSources(totals.citations, turn.calls);
    totals.files = addProducedFiles(totals.files, turn.calls);
  }
  let after = lastAt;
  // Read once per stretch: the registry as it stands when the run starts (or resumes).
  const tools = stretchTools(io, (await io.serverTools?.(run, signal)) ?? null);
  // Only a run with plugin or MCP tools can have waited for approvals: others (resumed after their
  // tool outputs) read nothing more.
  if (!fresh && tools.catalog && io.store.pendingToolStep) {
    // A wait for approvals ended: the approved calls run now, then the client's (if any) are asked for.
    const resumed = await resumeApprovals(io, tools, run, totals, turns, signal);
    if (resumed) return resumed;
  }

  for (let calls = 0; ; calls++) {
    if (calls === MAX_MODEL_CALLS) {
      return end(io, run, totals, null, "failed", { lastError: { code: "server_error", message: `The model asked for Atelier's tools ${MAX_MODEL_CALLS} times in a row without answering, so the run was stopped.` } });
    }
    const usedCompletion = totals.usage?.completion_tokens ?? 0;
    const remaining = run.maxCompletionTokens === null ? undefined : run.maxCompletionTokens - usedCompletion;
    if (remaining !== undefined && remaining <= 0) return end(io, run, totals, null, "incomplete", { incomplete: "max_completion_tokens" });
    const prompt = buildPrompt({
      instructions: run.instructions,
      history,
      turns,
      truncation: run.truncationStrategy as TruncationStrategy,
      maxPromptTokens: run.maxPromptTokens,
      contextWindow: contextWindowOf(run.model),
    });
    if (!prompt.fits) return end(io, run, totals, null, "incomplete", { incomplete: "max_prompt_tokens" });
    // The run's budget (max_completion_tokens, over all its model calls) and Model Studio's cap on each response (max_tokens).
    const maxOutputTokens = run.maxTokens === null ? remaining : Math.min(run.maxTokens, remaining ?? run.maxTokens);
    const serverTools = tools.catalog ? { definitions: tools.catalog.definitions, skipped: tools.catalog.skipped } : undefined;
    const turn = priced(await streamModelTurn(io, { run, prompt, maxOutputTokens, after, deadline, signal, onCancelling: () => control.abort(), serverTools }), price);
    totals.usage = withCost(addUsage(totals.usage, turn.fold.usage), price);
    totals.modelCalls = [...totals.modelCalls, turn.modelCall];
    const { outcome } = turn;
    if (outcome.kind === "cancelled") return end(io, run, totals, turn, "cancelled");
    if (outcome.kind === "failed") return end(io, run, totals, turn, "failed", { lastError: outcome.stopped ? { code: "server_error", message: outcome.stopped } : lastErrorOf(outcome.error) });
    if (outcome.kind === "incomplete") return end(io, run, totals, turn, "incomplete", { incomplete: "max_completion_tokens" });
    if (outcome.kind === "completed") return end(io, run, totals, turn, "completed");

    // Tool calls: Atelier's own run now; the client's wait for outputs.
    const answered = turns.reduce((sum, past) => sum + (past.type === "tool_calls" ? past.calls.length : 0), 0);
    const approvals = awaitingApproval(tools, outcome.calls, run);
    const waiting = new Set(approvals.map((call) => call.id));
    const results = await runServerTools(io, tools, run, turn.tools!.step.id, outcome.calls, waiting, signal, answered);
    if (signal.aborted) return end(io, run, totals, turn, "cancelled");
    const stepCalls: StepToolCall[] = outcome.calls.map(
      (call) =>
        results.get(call.id)?.stepCall ??
        (waiting.has(call.id) ? tools.catalog!.executor.pendingStepCall(call, "awaiting_approval", null) : { id: call.id, type: "function", function: { name: call.name, arguments: call.arguments, output: results.get(call.id)?.output ?? null } }),
    );
    totals.citations = addCitationSources(totals.citations, stepCalls);
    totals.files = addProducedFiles(totals.files, stepCalls);
    // Approvals first; the client's functions of the same turn are asked for once they are settled.
    if (approvals.length) return waitForAction(io, run, totals, turn, stepCalls, approvalAction(stepCalls.filter((call) => waiting.has(call.id))));
    const clientCalls = outcome.calls.filter((call) => !results.has(call.id));
    if (clientCalls.length) return waitForAction(io, run, totals, turn, stepCalls, outputsAction(clientCalls));
    // All answered here: the turn is recorded and the model goes on with the outputs.
    if (!(await endTurn(io, run, totals, turn, stepCalls))) return endInterrupted(io, run, totals, turn);
    // Charts go under the message that follows the code (this turn's own text came before it).
    totals.images.push(...producedImages(stepCalls));
    if (turn.fold.text) turns.push({ type: "text", text: turn.fold.text });
    turns.push({ type: "tool_calls", calls: stepCalls });
    after = Date.now();
  }
}

/** The text step of a turn as it ends, and its message, its citations resolved. */
function textParts(io: SegmentIO, totals: Totals, turn: TurnResult | null, status: StepEnd["status"], reason: "run_cancelled" | "run_failed" | "max_tokens" | null, lastError?: LastError) {
  if (!turn?.text) return { message: undefined, steps: [] as StepEnd[] };
  const annotations = [...fileCitations(turn.fold.text, totals.citations), ...filePathAnnotations(turn.fold.text, totals.files)].sort((a, b) => a.start_index - b.start_index);
  // Streamed as OpenAI does, in a delta of their own once the text is whole; the message's end carries them too.
  if (annotations.length) io.publish("thread.message.delta", annotationsDelta(turn.text.message.id, annotations));
  const images = totals.images.splice(0);
  if (images.length) io.publish("thread.message.delta", imagesDelta(turn.text.message.id, images));
  return {
    message: { id: turn.text.message.id, text: turn.fold.text, reason, ...(annotations.length && { annotations }), ...(images.length && { images }) },
    steps: [{ id: turn.text.step.id, status, ...(lastError && { lastError }), ...(!turn.tools && { usage: turn.fold.usage }) } satisfies StepEnd],
  };
}

async function written(turn: TurnResult | null): Promise<boolean> {
  // A row whose insert failed for good cannot be ended; the run's end closes what exists.
  const results = await Promise.allSettled([turn?.text?.written, turn?.tools?.written]);
  return results.every((result) => result.status === "fulfilled");
}

function publishEnd(io: SegmentIO, result: Awaited<ReturnType<SegmentIO["store"]["endSegment"]>>): void {
  if (!result) return;
  if (result.message) io.publish(result.message.status === "completed" ? "thread.message.completed" : "thread.message.incomplete", toMessageObject(result.message));
  for (const step of result.steps) if (step.status !== "in_progress") io.publish(`thread.run.step.${step.status}`, toRunStepObject(step));
}

type EndExtra = { lastError?: LastError; incomplete?: "max_completion_tokens" | "max_prompt_tokens" };

async function end(io: SegmentIO, run: Run, totals: Totals, turn: TurnResult | null, status: "completed" | "incomplete" | "failed" | "cancelled", extra: EndExtra = {}): Promise<Outcome> {
  const at = new Date();
  const stepStatus = status === "completed" || status === "incomplete" ? "completed" : status;
  const reason = { completed: null, incomplete: "max_tokens", failed: "run_failed", cancelled: "run_cancelled" } as const;
  const complete = await written(turn);
  const text = complete ? textParts(io, totals, turn, stepStatus, reason[status], status === "failed" ? extra.lastError : undefined) : { message: undefined, steps: [] };
  const toolStep: StepEnd[] = complete && turn?.tools ? [{ id: turn.tools.step.id, status: stepStatus === "completed" ? "failed" : stepStatus, usage: turn.fold.usage }] : [];
  const data: RunEndFields = {
    status,
    ...(status === "completed" && { completedAt: at }),
    ...(status === "failed" && { failedAt: at, lastError: extra.lastError ?? { code: "server_error", message: "The run could not be finished." } }),
    ...(status === "cancelled" && { cancelledAt: at }),
    ...(extra.incomplete && { incompleteDetails: { reason: extra.incomplete } }),
    usage: totals.usage ?? emptyUsage(),
    modelCalls: totals.modelCalls,
  };
  const result = await io.store.endSegment({
    run,
    from: ["in_progress", "cancelling"],
    data,
    message: text.message,
    steps: [...text.steps, ...toolStep],
    closeOthers: status === "cancelled" ? "cancelled" : status === "failed" ? "failed" : undefined,
  });
  publishEnd(io, result);
  // Someone else ended it first (a cancel of a run that had not started, the instance that took over): say how it stands.
  const final = result?.run ?? (await io.store.loadRun(run.id));
  if (final) io.publish(`thread.run.${final.status}`, toRunObject(final));
  return (final?.status as Outcome | undefined) ?? status;
}

const outputsAction = (calls: { id: string; name: string; arguments: string }[]): RequiredAction => ({
  type: "submit_tool_outputs",
  submit_tool_outputs: { tool_calls: calls.map(({ id, name, arguments: args }) => ({ id, type: "function", function: { name, arguments: args } })) },
});

/** Atelier's extension (issue 24): the calls of plugin or MCP tools a person must approve or deny, with what each calls. */
const approvalAction = (calls: StepToolCall[]): RequiredAction => ({
  type: "submit_tool_approvals",
  submit_tool_approvals: {
    tool_calls: calls.flatMap((call) => {
      if (call.type !== "function" || !call.server_tool) return [];
      const { status, duration_ms, approval, ...target } = call.server_tool;
      void [status, duration_ms, approval];
      return [{ id: call.id, type: "function", function: { name: call.function.name, arguments: call.function.arguments }, server_tool: target }];
    }),
  },
});

/** The run waits (`requires_action`) for `action`: its text ends, the tool step stays open with its calls as they stand. */
async function waitForAction(io: SegmentIO, run: Run, totals: Totals, turn: TurnResult | null, stepCalls: StepToolCall[], requiredAction: RequiredAction, stepId = turn?.tools?.step.id): Promise<Outcome> {
  if (!(await written(turn)) || !stepId) return end(io, run, totals, turn, "failed", { lastError: { code: "server_error", message: "The run's tool calls could not be saved." } });
  const text = textParts(io, totals, turn, "completed", null);
  const result = await io.store.endSegment({
    run,
    from: ["in_progress"],
    data: { status: "requires_action", requiredAction, expiresAt: new Date(Date.now() + io.limits.actionTtlMs), usage: totals.usage ?? emptyUsage(), modelCalls: totals.modelCalls },
    message: text.message,
    steps: [...text.steps, { id: stepId, status: "in_progress", ...(turn && { usage: turn.fold.usage }), details: { type: "tool_calls", tool_calls: stepCalls } }],
  });
  if (!result) return endInterrupted(io, run, totals, turn);
  publishEnd(io, result);
  // A resumed step's calls changed (approved ones ran): stream clients fold onto it anew.
  if (!turn) for (const step of result.steps) if (step.id === stepId) io.publish("thread.run.step.in_progress", toRunStepObject(step));
  io.publish("thread.run.requires_action", toRunObject(result.run));
  return "requires_action";
}

/**
 * A run resumed after a wait for approvals: its open tool step's approved calls run, then the run
 * waits for the client's outputs of that turn, or the step ends and the loop goes on with it as a
 * turn. Undefined: no such step (the run resumed after outputs), the loop goes on as it was.
 */
async function resumeApprovals(io: SegmentIO, tools: StretchTools, run: Run, totals: Totals, turns: RunTurn[], signal: AbortSignal): Promise<Outcome | undefined> {
  const step = await io.store.pendingToolStep!(run.id);
  if (!step) return undefined;
  const answered = turns.reduce((sum, past) => sum + (past.type === "tool_calls" ? past.calls.length : 0), 0);
  const done = await runApproved(io, tools, run, step, signal, answered);
  if (!done) return end(io, run, totals, null, "cancelled");
  const clientCalls = done.flatMap((call) => (call.type === "function" && !call.server_tool && call.function.output === null ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }] : []));
  if (clientCalls.length) return waitForAction(io, run, totals, null, done, outputsAction(clientCalls), step.id);
  const result = await io.store.endSegment({ run, from: ["in_progress"], data: { usage: totals.usage ?? emptyUsage(), modelCalls: totals.modelCalls }, steps: [{ id: step.id, status: "completed", details: { type: "tool_calls", tool_calls: done } }] });
  if (!result) return endInterrupted(io, run, totals, null);
  publishEnd(io, result);
  // As the loop does after a turn whose tools all ran: what they found, wrote and drew goes on.
  totals.citations = addCitationSources(totals.citations, done);
  totals.files = addProducedFiles(totals.files, done);
  totals.images.push(...producedImages(done));
  turns.push({ type: "tool_calls", calls: done });
  return undefined;
}

/** The run left `in_progress` under the loop: cancelled from elsewhere (it ends as the cancel asked), or ended by someone else (end() says how it stands). */
async function endInterrupted(io: SegmentIO, run: Run, totals: Totals, turn: TurnResult | null): Promise<Outcome> {
  const now = await io.store.loadRun(run.id);
  return end(io, run, totals, turn, now?.status === "cancelling" ? "cancelled" : "failed", { lastError: { code: "server_error", message: "The run's progress could not be saved." } });
}

/** A turn whose tools all ran here: its message and steps end, the run goes on. False when the run was ended meanwhile. */
async function endTurn(io: SegmentIO, run: Run, totals: Totals, turn: TurnResult, stepCalls: StepToolCall[]): Promise<boolean> {
  if (!(await written(turn))) return false;
  const text = textParts(io, totals, turn, "completed", null);
  const result = await io.store.endSegment({
    run,
    from: ["in_progress"],
    data: { usage: totals.usage ?? emptyUsage(), modelCalls: totals.modelCalls },
    message: text.message,
    steps: [...text.steps, { id: turn.tools!.step.id, status: "completed", usage: turn.fold.usage, details: { type: "tool_calls", tool_calls: stepCalls } }],
  });
  publishEnd(io, result);
  return result !== null;
}
