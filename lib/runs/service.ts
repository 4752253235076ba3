import "server-only";
import { assistantSettingsAt, resolveVersion } from "@/lib/assistants/versions";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import type { Run, RunStep } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, timeFromId } from "@/lib/ids";
import { insertMessages } from "@/lib/messages/service";
import type { ListQuery, Page } from "@/lib/pagination";
import { acceptingRuns, cancelActive, startRun } from "@/lib/runs/engine";
import { claimForLocalStart, enqueueRun, reserveLocalStart } from "@/lib/runs/lease";
import { cursorOf, endSegment, publish, type RunEvent } from "@/lib/runs/events";
import { sendCommand } from "@/lib/runs/bus";
import type { RunCreateInput, ThreadAndRunInput } from "@/lib/runs/schema";
import { effectiveSettings } from "@/lib/runs/settings";
import { checkToolReferences } from "@/lib/assistants/tool-references";
import type { AssistantTool } from "@/lib/assistants/tools";
import { toRunObject } from "@/lib/runs/wire";
import { ACTIVE_RUN_STATUSES } from "@/lib/runs/statuses";
import { activeRunOf, assertThreadExists, assertThreadId, lockThread, threadBusy } from "@/lib/threads/lock";
import { findRun, findStep, insertRun, newRun, readRunStart, saveRunMetadata, selectRunPage, selectStepPage, type NewRun } from "@/lib/runs/data/runs";
import { fileSearchCallsOf, runHistoryOf, MAX_HISTORY, type RunHistory } from "@/lib/runs/data/history";
import { fileSearchCallView, type FileSearchCallView } from "@/lib/runs/tools/file-search";
import { cancelIdle, expireWaiting, markCancelling } from "@/lib/runs/data/transitions";
import { createThreadIn, getThread, prepareThreadInput, threadAttachmentFiles } from "@/lib/threads/service";
import { toThreadObject } from "@/lib/threads/wire";
import { createStore } from "@/lib/vector-stores/service";
import { log } from "@/lib/log";
import { checkWebhookUrl } from "@/lib/webhooks/url";
import { attachToThreadStore, checkAttachments, fileSearchAttachments } from "@/lib/assistants/tool-resources";

// Runs as the API sees them: created (then executed by lib/runs/engine.ts, apart from any request),
// read, listed, cancelled, and given tool outputs. Each returns the event cursor the run's stream
// starts from, so a streaming response misses nothing the engine publishes. A run is accepted
// (inserted under its thread's lock) before anything reaches the model: a refused one costs nothing.

function assertRunId(id: string): void {
  if (!timeFromId(id, ID_PREFIXES.run)) throw notFound("run", id);
}

/** How long a run waits for tool outputs or approvals (its expires_at from now). */
export const actionTtlMs = () => getEnv().ATELIER_RUN_ACTION_TIMEOUT_SECONDS * 1000;

/** A run's row from its settings, `queued` unless this request starts it with the history it read. */
function makeRun(caller: Caller, threadId: string, assistantId: string, settings: ReturnType<typeof effectiveSettings>, status: "in_progress" | "queued"): Run {
  return newRun({ workspaceId: caller.workspaceId, threadId, assistantId, ...settings } as NewRun, status, actionTtlMs());
}

function refuseWhileStopping(): void {
  if (!acceptingRuns()) throw new AppError("unavailable", "This Atelier instance is shutting down; retry the request.", { apiCode: "shutting_down" });
}

/**
 * A run a request has just queued or started, for its response: `cursor` where its events start
 * in this process, or `preface` (its first events) when another instance executes it, whose
 * events the response then follows through the run bus (lib/runs/stream.ts).
 */
export type RunStart = { run: Run; cursor: number; preface: RunEvent[] | null };

/**
 * A queued run goes to work: here, if this instance has room (a lease), else to the run queue,
 * where whichever instance has room takes it, oldest first. Its first `events` are published here
 * only when it runs here: events live where the run executes (lib/runs/bus).
 */
export async function launch(run: Run, events: RunEvent[]): Promise<RunStart> {
  const lease = await claimForLocalStart(run.id);
  if (!lease) {
    await enqueueRun(run.id);
    return { run, cursor: 0, preface: events };
  }
  const cursor = cursorOf(run.id);
  for (const { event, data } of events) publish(run.id, event, data);
  void startRun(run, lease);
  return { run, cursor, preface: null };
}

/** How a run is first shown (thread.run.created/queued and the create response): queued, not yet started. */
const queuedView = (run: Run): Run => ({ ...run, status: "queued", startedAt: null });

function announcement(run: Run): RunEvent[] {
  const object = toRunObject(queuedView(run));
  return [
    { event: "thread.run.created", data: object },
    { event: "thread.run.queued", data: object },
  ];
}

export async function createRun(caller: Caller, threadId: string, input: RunCreateInput): Promise<RunStart> {
  requireWrite(caller);
  refuseWhileStopping();
  checkWebhookUrl(input.webhook_url);
  if (!input.additional_messages?.length) return startFresh(caller, threadId, input);
  // The thread (the path) is checked before the assistant (the body), and the assistant is read
  // before the transaction, not beside it on a second pooled connection.
  await getThread(caller, threadId);
  const assistant = await assistantSettingsAt(caller, input.assistant_id, input.assistant_version);
  const run = makeRun(caller, threadId, assistant.id, effectiveSettings(assistant, input), "queued");
  if (input.tools) await checkToolReferences(caller.workspaceId, run.tools as AssistantTool[], { known: assistant.tools as unknown[] });
  for (const [index, message] of input.additional_messages.entries()) await checkAttachments(caller.workspaceId, message.attachments, `additional_messages[${index}].attachments`);
  await getDb().$transaction(async (tx) => {
    await lockThread(tx, caller, threadId);
    const active = await activeRunOf(tx, threadId);
    if (active) throw threadBusy(threadId, active);
    await insertMessages(tx, caller.workspaceId, threadId, input.additional_messages!.map((message) => ({ input: message })));
    await insertRun(run, ACTIVE_RUN_STATUSES, tx);
  });
  // Before the run starts (it reads the thread's stores at each model call): the messages' files for file_search go into the thread's own store.
  // The run is in; a failure here must not leave it queued and never started.
  await attachToThreadStore(caller.workspaceId, threadId, fileSearchAttachments(input.additional_messages.flatMap((message) => message.attachments ?? []))).catch((error: Error) =>
    log.warn("could not put a run's attached files in the thread's vector store", { runId: run.id, error: error.message }),
  );
  return launch(run, announcement(run));
}

/**
 * The common case, no additional messages, in two round trips before the model is called:
 * readRunStart (the thread, its active run, the assistant, the history), then the insert under
 * the thread's lock. Errors keep the order of the other path: a missing thread (the path) before
 * anything wrong with the assistant or settings (the body).
 */
async function startFresh(caller: Caller, threadId: string, input: RunCreateInput): Promise<RunStart> {
  assertThreadId(threadId);
  const pin = input.assistant_version == null ? null : typeof input.assistant_version === "number" ? { version: input.assistant_version, label: null } : { version: null, label: input.assistant_version };
  const reads = await readRunStart(caller.workspaceId, threadId, input.assistant_id, ACTIVE_RUN_STATUSES, MAX_HISTORY, pin);
  if (!reads.threadExists) throw notFound("thread", threadId);
  if (!reads.assistant) throw notFound("assistant", input.assistant_id);
  // A pinned version or label the assistant does not have: the same 404 as the other paths give.
  if (pin && !reads.pinned) await resolveVersion(caller, input.assistant_id, input.assistant_version!, "assistant_version");
  const settings = effectiveSettings(reads.pinned ?? reads.assistant, input);
  // Only an override's tools are checked: the assistant's were when they were saved.
  if (input.tools) await checkToolReferences(caller.workspaceId, settings.tools, { known: (reads.pinned ?? reads.assistant).tools as unknown[] });
  if (reads.activeRunId) throw threadBusy(threadId, reads.activeRunId);
  // Room here: the run starts now, its lease written with it. None: it waits queued for any instance.
  const made = makeRun(caller, threadId, reads.assistant.id, settings, "in_progress");
  const local = reserveLocalStart(made.id);
  const run: Run = local ? made : { ...made, status: "queued", startedAt: null };
  let result: Awaited<ReturnType<typeof insertRun>>;
  try {
    // The insert, under the thread's lock, has the last word for requests racing each other.
    result = await insertRun(run, ACTIVE_RUN_STATUSES, undefined, local?.statement(3));
  } catch (error) {
    local?.cancel();
    throw error;
  }
  const lease = local?.adopt(result.leaseId) ?? null;
  if (result.outcome !== "started") {
    await lease?.release("done");
    if (result.outcome === "thread_not_found") throw notFound("thread", threadId);
    throw threadBusy(threadId, result.activeRunId);
  }
  if (!lease) {
    await enqueueRun(run.id);
    return { run, cursor: 0, preface: announcement(run) };
  }
  const cursor = cursorOf(run.id);
  for (const { event, data } of announcement(run)) publish(run.id, event, data);
  void startRun(run, lease, { history: reads.history, lastAt: reads.lastAt });
  return { run: queuedView(run), cursor, preface: null };
}

export async function createThreadAndRun(caller: Caller, input: ThreadAndRunInput): Promise<RunStart> {
  requireWrite(caller);
  refuseWhileStopping();
  checkWebhookUrl(input.webhook_url);
  const assistant = await assistantSettingsAt(caller, input.assistant_id, input.assistant_version);
  const settings = effectiveSettings(assistant, input);
  if (input.tools) await checkToolReferences(caller.workspaceId, settings.tools, { known: assistant.tools as unknown[] });
  const threadInput = { ...input.thread, tool_resources: input.tool_resources ?? input.thread?.tool_resources };
  // Ids checked before anything is written (named where they were given), inline stores made.
  const prepared = await prepareThreadInput(caller, threadInput, input.tool_resources ? "" : "thread.");
  // The thread is not committed before its run is: its messages' files go into a store made now and listed by it.
  const attached = threadAttachmentFiles(threadInput);
  if (attached.length) {
    const store = await createStore(caller, { name: "thread attachments", file_ids: attached });
    const fileSearch = prepared.tool_resources?.file_search;
    prepared.tool_resources = { ...prepared.tool_resources, file_search: { ...fileSearch, vector_store_ids: [...(fileSearch?.vector_store_ids ?? []), store.id] } };
  }
  const { thread, run } = await getDb().$transaction(async (tx) => {
    const thread = await createThreadIn(tx, caller, prepared);
    const run = makeRun(caller, thread.id, assistant.id, settings, "queued");
    await insertRun(run, ACTIVE_RUN_STATUSES, tx);
    return { thread, run };
  });
  return launch(run, [{ event: "thread.created", data: toThreadObject(thread) }, ...announcement(run)]);
}

/** Expires a run waiting past its expires_at, whoever reads it first (its timer may be on a stopped instance). */
async function expired(run: Run): Promise<Run> {
  const now = await expireWaiting(run);
  if (!now) return run;
  publish(run.id, "thread.run.expired", toRunObject(now));
  endSegment(run.id);
  return now;
}

export async function getRun(caller: Caller, threadId: string, runId: string): Promise<Run> {
  assertThreadId(threadId);
  assertRunId(runId);
  const run = await findRun(caller.workspaceId, threadId, runId);
  if (!run) throw notFound("run", runId);
  return expired(run);
}

export async function listRuns(caller: Caller, threadId: string, query: ListQuery): Promise<Page<Run>> {
  assertThreadId(threadId);
  const page = await selectRunPage(caller.workspaceId, threadId, query);
  if (page.data.length === 0) await assertThreadExists(caller.workspaceId, threadId);
  return { ...page, data: await Promise.all(page.data.map(expired)) };
}

export async function updateRunMetadata(caller: Caller, threadId: string, runId: string, metadata: Record<string, string> | null | undefined): Promise<Run> {
  requireWrite(caller);
  const run = await getRun(caller, threadId, runId);
  if (metadata === undefined) return run;
  return saveRunMetadata(run.id, metadata ?? {});
}

export async function cancelRun(caller: Caller, threadId: string, runId: string): Promise<Run> {
  requireWrite(caller);
  const run = await getRun(caller, threadId, runId);
  if (!["queued", "in_progress", "requires_action"].includes(run.status)) {
    throw new AppError("invalid_request", `Cannot cancel run with status '${run.status}'.`, { apiCode: "run_not_cancellable" });
  }
  if (run.status === "in_progress") {
    // Whoever executes it (here, or another instance) ends it `cancelled` at once or at its next
    // save; `cancelling` until then, as OpenAI shows it.
    const cancelling = await markCancelling(run.id);
    if (cancelling) {
      // Events belong to the instance executing the run: here, it publishes and stops; elsewhere,
      // it hears the command (or sees `cancelling` at its next save, within 2 s of streaming text).
      if (cancelActive(run.id)) publish(run.id, "thread.run.cancelling", toRunObject(cancelling));
      else await sendCommand({ type: "cancel", runId: run.id }).catch(() => {});
      return cancelling;
    }
  } else {
    const cancelled = await cancelIdle(run.id, run.status as "queued" | "requires_action");
    if (cancelled) {
      cancelActive(run.id); // a queued run this process was about to start
      publish(run.id, "thread.run.cancelled", toRunObject(cancelled));
      endSegment(run.id);
      return cancelled;
    }
  }
  // It moved meanwhile (it started, ended, or another cancel won): cancel it as it is now.
  return cancelRun(caller, threadId, runId);
}

/** All outputs in one request: every pending call answered once, nothing else (else 400, nothing written). */
export async function listSteps(caller: Caller, threadId: string, runId: string, query: ListQuery): Promise<Page<RunStep>> {
  const run = await getRun(caller, threadId, runId);
  return selectStepPage(run.id, query);
}

export async function getStep(caller: Caller, threadId: string, runId: string, stepId: string): Promise<RunStep> {
  const run = await getRun(caller, threadId, runId);
  if (!timeFromId(stepId, ID_PREFIXES.step)) throw notFound("run step", stepId);
  const step = await findStep(run.id, stepId);
  if (!step) throw notFound("run step", stepId);
  return step;
}

/** What the playground's history needs of the runs of the messages on screen (lib/runs/data/history.ts). */
export async function runHistory(caller: Caller, threadId: string, runIds: string[]): Promise<RunHistory> {
  await getThread(caller, threadId);
  return runHistoryOf(caller.workspaceId, threadId, runIds);
}

/** A run's file_search calls as the console shows them: the run inspector's queries and scores, and the text citations quote. */
export async function fileSearchCalls(caller: Caller, threadId: string, runId: string): Promise<FileSearchCallView[]> {
  const run = await getRun(caller, threadId, runId);
  return (await fileSearchCallsOf(caller.workspaceId, run.id)).map(fileSearchCallView);
}
