import "server-only";
import { getAssistant } from "@/lib/assistants/service";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma, type Run, type RunStep } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, newId, timeFromId } from "@/lib/ids";
import { insertMessages } from "@/lib/messages/service";
import type { ListQuery, Page } from "@/lib/pagination";
import { cancelActive, startRun } from "@/lib/runs/engine";
import { cursorOf, endSegment, publish } from "@/lib/runs/events";
import type { RunCreateInput, SubmitToolOutputsInput, ThreadAndRunInput } from "@/lib/runs/schema";
import { effectiveSettings } from "@/lib/runs/settings";
import { expireIfDue, requiresActionTtlMs, saveRun } from "@/lib/runs/store";
import { toRunObject, toRunStepObject, type RequiredAction, type StepDetails } from "@/lib/runs/wire";
import { ACTIVE_RUN_STATUSES } from "@/lib/runs/statuses";
import { activeRunOf, assertThreadExists, assertThreadId, lockThread, threadBusy, type Tx } from "@/lib/threads/lock";
import { insertStartedRun, newStartedRun, readRunStart, selectRunPage, selectStepPage, type NewRun } from "@/lib/runs/queries";
import { MAX_HISTORY } from "@/lib/runs/history";
import { createThreadIn, getThread } from "@/lib/threads/service";
import { toThreadObject } from "@/lib/threads/wire";

// Runs as the API sees them: created (then executed by lib/runs/engine.ts, apart from any request),
// read, listed, cancelled, and given tool outputs. Each returns the event cursor the run's stream
// starts from, so a streaming response misses nothing the engine publishes.

function assertRunId(id: string): void {
  if (!timeFromId(id, ID_PREFIXES.run)) throw notFound("run", id);
}

/** `settings` are computed before the transaction: reading the assistant inside it would hold one pooled connection while waiting for another. */
async function insertRun(tx: Tx, caller: Caller, threadId: string, assistantId: string, settings: ReturnType<typeof effectiveSettings>): Promise<Run> {
  const createdAt = new Date();
  const json = (value: unknown) => value as Prisma.InputJsonValue;
  return tx.run.create({
    data: {
      id: newId(ID_PREFIXES.run, createdAt),
      workspaceId: caller.workspaceId,
      threadId,
      assistantId,
      status: "queued",
      createdAt,
      ...settings,
      tools: json(settings.tools),
      metadata: json(settings.metadata),
      truncationStrategy: json(settings.truncationStrategy),
      toolChoice: json(settings.toolChoice),
      responseFormat: json(settings.responseFormat),
    },
  });
}

/** How a run is first shown (thread.run.created/queued and the create response): queued, not yet started. */
const queuedView = (run: Run): Run => ({ ...run, status: "queued", startedAt: null });

function announce(run: Run): void {
  const object = toRunObject(queuedView(run));
  publish(run.id, "thread.run.created", object);
  publish(run.id, "thread.run.queued", object);
}

export async function createRun(caller: Caller, threadId: string, input: RunCreateInput): Promise<{ run: Run; cursor: number }> {
  requireWrite(caller);
  if (!input.additional_messages?.length) {
    // The common case: the first token waits on this path, so it has a path of its own.
    const { run, inserted } = await startFresh(caller, threadId, input);
    const cursor = cursorOf(run.id);
    announce(run);
    inserted();
    return { run: queuedView(run), cursor };
  }
  // The thread (the path) is checked before the assistant (the body), and the assistant is read
  // before the transaction, not beside it on a second pooled connection.
  await getThread(caller, threadId);
  const assistant = await getAssistant(caller, input.assistant_id);
  const settings = effectiveSettings(assistant, input);
  const run = await getDb().$transaction(async (tx) => {
    await lockThread(tx, caller, threadId);
    const active = await activeRunOf(tx, threadId);
    if (active) throw threadBusy(threadId, active);
    await insertMessages(tx, caller.workspaceId, threadId, input.additional_messages!.map((message) => ({ input: message })));
    return insertRun(tx, caller, threadId, assistant.id, settings);
  });
  const cursor = cursorOf(run.id);
  announce(run);
  startRun(run.id);
  return { run: queuedView(run), cursor };
}

/**
 * The common case, no additional messages, in two round trips of which the model call waits for
 * one: readRunStart (the thread, its active run, the assistant, the history), then the insert,
 * which runs while the engine is already calling the model. Errors keep the order of the other
 * path: a missing thread (the path) before anything wrong with the assistant or settings (the body).
 * Returns the run and `inserted`, to be called once the run's first events are published: the
 * engine publishes and writes nothing before it.
 */
async function startFresh(caller: Caller, threadId: string, input: RunCreateInput): Promise<{ run: Run; inserted: () => void }> {
  assertThreadId(threadId);
  const reads = await readRunStart(caller.workspaceId, threadId, input.assistant_id, ACTIVE_RUN_STATUSES, MAX_HISTORY);
  if (!reads.threadExists) throw notFound("thread", threadId);
  if (!reads.assistant) throw notFound("assistant", input.assistant_id);
  const settings = effectiveSettings(reads.assistant, input);
  // Checked here too, so that a request on a busy thread sends nothing to the model; the insert,
  // under the thread's lock, has the last word for requests racing each other.
  if (reads.activeRunId) throw threadBusy(threadId, reads.activeRunId);
  const run = newStartedRun({ workspaceId: caller.workspaceId, threadId, assistantId: reads.assistant.id, ...settings } as NewRun, requiresActionTtlMs());
  let settle!: (inserted: boolean) => void;
  const ready = new Promise<boolean>((resolve) => (settle = resolve));
  startRun(run.id, { run, history: reads.history, lastAt: reads.lastAt, ready });
  try {
    const result = await insertStartedRun(run, ACTIVE_RUN_STATUSES);
    if (result.outcome === "thread_not_found") throw notFound("thread", threadId);
    if (result.outcome === "thread_busy") throw threadBusy(threadId, result.activeRunId);
  } catch (error) {
    settle(false); // the engine drops the model call
    throw error;
  }
  return { run, inserted: () => settle(true) };
}

export async function createThreadAndRun(caller: Caller, input: ThreadAndRunInput): Promise<{ run: Run; cursor: number }> {
  requireWrite(caller);
  const assistant = await getAssistant(caller, input.assistant_id);
  const settings = effectiveSettings(assistant, input);
  const { thread, run } = await getDb().$transaction(async (tx) => {
    const thread = await createThreadIn(tx, caller, { ...input.thread, tool_resources: input.tool_resources ?? input.thread?.tool_resources });
    return { thread, run: await insertRun(tx, caller, thread.id, assistant.id, settings) };
  });
  const cursor = cursorOf(run.id);
  publish(run.id, "thread.created", toThreadObject(thread));
  announce(run);
  startRun(run.id);
  return { run, cursor };
}

export async function getRun(caller: Caller, threadId: string, runId: string): Promise<Run> {
  assertThreadId(threadId);
  assertRunId(runId);
  const run = await getDb().run.findFirst({ where: { id: runId, threadId, workspaceId: caller.workspaceId } });
  if (!run) throw notFound("run", runId);
  return expireIfDue(run);
}

export async function listRuns(caller: Caller, threadId: string, query: ListQuery): Promise<Page<Run>> {
  assertThreadId(threadId);
  const page = await selectRunPage(caller.workspaceId, threadId, query);
  if (page.data.length === 0) await assertThreadExists(caller.workspaceId, threadId);
  return { ...page, data: await Promise.all(page.data.map(expireIfDue)) };
}

export async function updateRunMetadata(caller: Caller, threadId: string, runId: string, metadata: Record<string, string> | null | undefined): Promise<Run> {
  requireWrite(caller);
  const run = await getRun(caller, threadId, runId);
  if (metadata === undefined) return run;
  return getDb().run.update({ where: { id: run.id }, data: { metadata: (metadata ?? {}) as Prisma.InputJsonValue } });
}

export async function cancelRun(caller: Caller, threadId: string, runId: string): Promise<Run> {
  requireWrite(caller);
  const run = await getRun(caller, threadId, runId);
  if (!["queued", "in_progress", "requires_action"].includes(run.status)) {
    throw new AppError("invalid_request", `Cannot cancel run with status '${run.status}'.`, { apiCode: "run_not_cancellable" });
  }
  // A run the engine is executing here stops at its next token and records itself as cancelled;
  // one that is waiting (requires_action, or queued with no engine) is cancelled at once.
  if (run.status !== "requires_action" && cancelActive(run.id)) {
    const cancelling = await saveRun(run.id, { status: "cancelling" });
    publish(run.id, "thread.run.cancelling", toRunObject(cancelling));
    return cancelling;
  }
  const now = new Date();
  await getDb().runStep.updateMany({ where: { runId: run.id, status: "in_progress" }, data: { status: "cancelled", cancelledAt: now } });
  const cancelled = await saveRun(run.id, { status: "cancelled", cancelledAt: now, requiredAction: Prisma.DbNull, expiresAt: null });
  publish(run.id, "thread.run.cancelled", toRunObject(cancelled));
  endSegment(run.id);
  return cancelled;
}

/** All outputs in one request: every pending call answered once, nothing else (else 400, nothing written). */
export async function submitToolOutputs(caller: Caller, threadId: string, runId: string, input: SubmitToolOutputsInput): Promise<{ run: Run; cursor: number }> {
  requireWrite(caller);
  const run = await getRun(caller, threadId, runId);
  if (run.status !== "requires_action") {
    throw new AppError("invalid_request", `Runs in status "${run.status}" do not accept tool outputs.`, { apiCode: "run_not_awaiting_outputs" });
  }
  const pending = ((run.requiredAction as RequiredAction | null)?.submit_tool_outputs.tool_calls ?? []).map((call) => call.id);
  const outputs = new Map<string, string>();
  input.tool_outputs.forEach((output, index) => {
    const param = `tool_outputs[${index}].tool_call_id`;
    if (!pending.includes(output.tool_call_id)) throw new AppError("invalid_request", `No tool call '${output.tool_call_id}' is waiting for output on run ${run.id}.`, { param });
    if (outputs.has(output.tool_call_id)) throw new AppError("invalid_request", `Tool call '${output.tool_call_id}' has more than one output.`, { param });
    outputs.set(output.tool_call_id, output.output);
  });
  const missing = pending.filter((id) => !outputs.has(id));
  if (missing.length) {
    throw new AppError("invalid_request", `Expected tool outputs for call_ids ${JSON.stringify(pending)}, got ${JSON.stringify([...outputs.keys()])}; missing ${missing.join(", ")}.`, { param: "tool_outputs" });
  }
  const step = await getDb().runStep.findFirst({ where: { runId: run.id, type: "tool_calls", status: "in_progress" }, orderBy: { createdAt: "desc" } });
  const cursor = cursorOf(run.id);
  const { queued, completedStep } = await getDb().$transaction(async (tx) => {
    // The status condition makes a second, concurrent submit find nothing to update. Active again,
    // the run shows an expiry again (OpenAI's runs have one until they end): the same timeout anew.
    const { count } = await tx.run.updateMany({ where: { id: run.id, status: "requires_action" }, data: { status: "queued", requiredAction: Prisma.DbNull, expiresAt: new Date(Date.now() + requiresActionTtlMs()) } });
    if (count === 0) throw new AppError("invalid_request", `Run ${run.id} is no longer waiting for tool outputs.`, { apiCode: "run_not_awaiting_outputs" });
    let completedStep: RunStep | null = null;
    if (step) {
      const details = step.stepDetails as Extract<StepDetails, { type: "tool_calls" }>;
      const tool_calls = details.tool_calls.map((call) => ({ ...call, function: { ...call.function, output: outputs.get(call.id) ?? call.function.output } }));
      completedStep = await tx.runStep.update({ where: { id: step.id }, data: { status: "completed", completedAt: new Date(), stepDetails: { type: "tool_calls", tool_calls } } });
    }
    return { queued: await tx.run.findUniqueOrThrow({ where: { id: run.id } }), completedStep };
  });
  if (completedStep) publish(run.id, "thread.run.step.completed", toRunStepObject(completedStep));
  publish(run.id, "thread.run.queued", toRunObject(queued));
  startRun(run.id);
  return { run: queued, cursor };
}

export async function listSteps(caller: Caller, threadId: string, runId: string, query: ListQuery): Promise<Page<RunStep>> {
  const run = await getRun(caller, threadId, runId);
  return selectStepPage(run.id, query);
}

export async function getStep(caller: Caller, threadId: string, runId: string, stepId: string): Promise<RunStep> {
  const run = await getRun(caller, threadId, runId);
  if (!timeFromId(stepId, ID_PREFIXES.step)) throw notFound("run step", stepId);
  const step = await getDb().runStep.findFirst({ where: { id: stepId, runId: run.id } });
  if (!step) throw notFound("run step", stepId);
  return step;
}

