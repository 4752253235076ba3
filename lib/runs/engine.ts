import "server-only";
import { priceForRun } from "@/lib/pricing/service";
import { getEnv } from "@/lib/env";
import type { Run } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { loadTurns, MAX_HISTORY } from "@/lib/runs/data/history";
import { loadRun, selectHistory } from "@/lib/runs/data/runs";
import { endSegment as endStretch } from "@/lib/runs/data/segment-end";
import { markInProgress, openMessage, openToolStep, pendingToolStep, saveText, saveToolCalls } from "@/lib/runs/data/segment-store";
import { endOrphan, expireWaiting, waitingRuns } from "@/lib/runs/data/transitions";
import { endSegment, publish } from "@/lib/runs/events";
import { callModel } from "@/lib/runs/model-call";
import { paceFactor } from "@/lib/runs/pacing";
import { fileSearchStoreIds } from "@/lib/runs/data/tool-resources";
import { runSegment, type SegmentStart } from "@/lib/runs/segment";
import { fileSearchExecutor } from "@/lib/runs/tools/file-search";
import { codeInterpreterExecutor } from "@/lib/runs/tools/code-interpreter";
import { resolveServerTools } from "@/lib/runs/tools/server-tools";
import { withSession } from "@/lib/code/sessions";
import { codeInputFiles, fileBytes } from "@/lib/code/inputs";
import { storeGeneratedFile } from "@/lib/files/generated";
import { lookup as mimeLookup } from "mime-types";
import { searchStores } from "@/lib/vector-stores/search/service";
import type { SegmentIO } from "@/lib/runs/segment-io";
import { RunStop } from "@/lib/runs/watchdog";
import { onCommand } from "@/lib/runs/bus";
import { defaultInstanceId, enqueueRun, leaselessRuns, LeaseEnded, startRunQueue, stopRunQueue, type Lease } from "@/lib/runs/lease";
import { toRunObject } from "@/lib/runs/wire";

// Runs execute here, apart from any HTTP request: `startRun` begins the work and returns at once;
// the run writes its state to Postgres and publishes its events, and a response streaming them is
// only a listener. The loop itself is lib/runs/segment.ts; this file holds what is executing in
// this process, its timers, and what happens at start-up and shutdown.

type EngineState = { active: Map<string, { control: AbortController; done: Promise<void> }>; timers: Map<string, NodeJS.Timeout>; stopping: boolean };
const globalForEngine = globalThis as unknown as { atelierEngine?: EngineState };
const state = (globalForEngine.atelierEngine ??= { active: new Map(), timers: new Map(), stopping: false });

// Text is saved this often while it streams: a crash loses at most this much, and 1,000 tokens at
// 50 tokens/s (20 s) cost 10 writes.
const FLUSH_MS = 2_000;
const TOOL_TIMEOUT_MS = 60_000;
/** A code interpreter session's interpreter starts in a few seconds; under load, allow for it. */
const CODE_START_MS = 30_000;

function segmentIO(): SegmentIO {
  const env = getEnv();
  return {
    store: {
      loadRun,
      markInProgress,
      history: (run) => selectHistory(run, MAX_HISTORY),
      turns: loadTurns,
      openMessage,
      openToolStep,
      saveText,
      saveToolCalls,
      endSegment: endStretch,
      pendingToolStep,
    },
    callModel,
    publish: () => {}, // replaced per run
    priceOf: (run) => priceForRun(run.workspaceId, run.model),
    executors: [
      fileSearchExecutor({ search: searchStores, storeIds: fileSearchStoreIds }),
      // A call's limit: the code's own (the sandbox stops it and says so), and time for the interpreter to start.
      codeInterpreterExecutor({
        withSession,
        inputs: codeInputFiles,
        read: fileBytes,
        store: async (run, file) => {
          const row = await storeGeneratedFile(run.workspaceId, file);
          return { id: row.id, bytes: Number(row.bytes) };
        },
        mimeType: (filename) => mimeLookup(filename) || "application/octet-stream",
        timeoutMs: env.ATELIER_CODE_TIMEOUT_SECONDS * 1000 + CODE_START_MS,
      }),
    ],
    serverTools: resolveServerTools,
    limits: {
      firstByteMs: env.ATELIER_MODEL_TIMEOUT_SECONDS * 1000,
      idleMs: env.ATELIER_MODEL_IDLE_TIMEOUT_SECONDS * 1000,
      maxMs: env.ATELIER_RUN_MAX_SECONDS * 1000,
      flushMs: FLUSH_MS,
      // Read at each delta: spaced further apart while the event loop is busy (lib/runs/pacing.ts).
      get deltaMs() {
        return env.ATELIER_STREAM_DELTA_MS * paceFactor();
      },
      toolTimeoutMs: TOOL_TIMEOUT_MS,
      actionTtlMs: env.ATELIER_RUN_ACTION_TIMEOUT_SECONDS * 1000,
    },
    log: (message, fields) => log.warn(message, fields),
  };
}

/** Whether this process takes new runs (false once it is shutting down). */
export const acceptingRuns = () => !state.stopping;

/**
 * Executes a run this instance holds the lease of (lib/runs/lease): one inserted `in_progress` by
 * this request (with the history it read), or a queued one (tool outputs submitted, backlog, a
 * run another instance handed over). A run already executing here is left alone.
 */
export function startRun(run: Run, lease: Lease, start?: SegmentStart): Promise<void> {
  const running = state.active.get(run.id);
  if (running) {
    void lease.release("done");
    return running.done;
  }
  const control = new AbortController();
  // The lease lost (heartbeats no longer land) or handed over at shutdown: stop at once; the run
  // ends `failed` saying so, unless another instance has ended it first (ends are conditional).
  const onLeaseEnd = () => {
    const reason = lease.signal.reason as LeaseEnded | undefined;
    control.abort(new RunStop(reason?.reason === "shutdown" ? SHUTDOWN_MESSAGE : "Atelier lost contact with its database while running this run, so it was stopped. Start a new run to continue."));
  };
  lease.signal.addEventListener("abort", onLeaseEnd, { once: true });
  const done = execute(run, control, start).finally(() => {
    lease.signal.removeEventListener("abort", onLeaseEnd);
    state.active.delete(run.id);
    return lease.release("done").catch((error: Error) => log.warn("could not release a run's lease", { runId: run.id, error: error.message }));
  });
  state.active.set(run.id, { control, done });
  return done;
}

async function execute(run: Run, control: AbortController, start?: SegmentStart): Promise<void> {
  const io = { ...segmentIO(), publish: (event: string, data: unknown) => publish(run.id, event, data) };
  try {
    const outcome = await runSegment(run, control, io, start);
    if (outcome === "requires_action") expireLater(run.id);
  } catch (error) {
    await failInternally(run, error);
  } finally {
    endSegment(run.id);
  }
}

const SHUTDOWN_MESSAGE = "Atelier was shutting down while this run was in progress, so it was stopped. Start a new run to continue.";

/**
 * A fault of Atelier's own (a bug, a database down past every retry): the run fails with a plain
 * sentence, its message and steps closed with it; the internals go to the log only.
 */
async function failInternally(run: Run, error: unknown): Promise<void> {
  log.error("run failed inside the engine", { runId: run.id, threadId: run.threadId, error });
  const lastError = { code: "server_error" as const, message: `Atelier hit an internal error while running this run; the server log has the details under ${run.id}.` };
  publish(run.id, "error", { code: "server_error", message: lastError.message, param: null, type: "server_error" });
  const current = await loadRun(run.id).catch(() => null);
  if (!current || !["in_progress", "cancelling", "queued"].includes(current.status)) return; // gone with its thread, or already ended
  const ended = await endOrphan(current.status === "queued" ? { ...current, status: "in_progress" } : current, lastError).catch((cause: Error) => {
    log.error("could not record a run's failure", { runId: run.id, error: cause.message });
    return null;
  });
  if (ended) publish(run.id, `thread.run.${ended.status}`, toRunObject(ended));
}

/** Stops a run executing in this process at once; false when none is executing here. */
export function cancelActive(runId: string): boolean {
  const entry = state.active.get(runId);
  if (!entry) return false;
  entry.control.abort();
  return true;
}

/** Arms the timer that expires a run waiting for tool outputs at its expires_at. */
export function expireLater(runId: string, at?: Date): void {
  clearTimeout(state.timers.get(runId));
  const delay = Math.max(0, (at?.getTime() ?? Date.now() + getEnv().ATELIER_RUN_ACTION_TIMEOUT_SECONDS * 1000) - Date.now());
  const timer = setTimeout(async () => {
    state.timers.delete(runId);
    const run = await loadRun(runId).catch(() => null);
    const expired = run && (await expireWaiting(run).catch((error: Error) => log.warn("could not expire run", { runId, error: error.message })));
    if (expired) {
      publish(runId, "thread.run.expired", toRunObject(expired));
      endSegment(runId);
    }
  }, delay + 50);
  timer.unref?.();
  state.timers.set(runId, timer);
}

/** The lease queue hands this instance a queued run (backlog, a continuation, a handover). */
async function executeQueued(runId: string, lease: Lease): Promise<void> {
  const run = await loadRun(runId);
  if (!run || run.status !== "queued") return void (await lease.release("done"));
  await startRun(run, lease);
}

/**
 * A run whose instance stopped heartbeating (killed, cut off), on exactly one instance: one that
 * was executing ends `failed` (or `cancelled`, if a cancel was asked) with its text as last saved;
 * a queued one, which never reached the model, is queued again for whoever has room. Idempotent.
 */
async function resolveOrphan(runId: string): Promise<void> {
  const run = await loadRun(runId);
  if (!run) return;
  if (run.status === "queued") return enqueueRun(runId);
  if (run.status !== "in_progress" && run.status !== "cancelling") return;
  const ended = await endOrphan(run, { code: "server_error", message: "The Atelier instance running this run stopped, so the run was ended with the text it had. Start a new run to continue." });
  if (ended) {
    log.warn("ended a run whose instance stopped", { runId, status: ended.status });
    publish(runId, `thread.run.${ended.status}`, toRunObject(ended));
    endSegment(runId);
  }
}

/**
 * At start-up: this instance joins the run queue (taking queued runs while it has room, resolving
 * runs whose instance stopped; it touches no run another instance holds) and arms the expiry of
 * runs waiting for tool outputs.
 */
export async function startEngine(): Promise<void> {
  const env = getEnv();
  // A cancel asked on another instance, for a run executing here.
  onCommand((command) => {
    if (command.type === "cancel") cancelActive(command.runId);
  });
  await startRunQueue({ instanceId: env.ATELIER_INSTANCE_ID ?? defaultInstanceId(), maxActiveRuns: env.ATELIER_MAX_ACTIVE_RUNS, execute: executeQueued, resolveOrphan });
  // Active runs no instance has a lease on (left by a version without leases): as orphans.
  for (const runId of await leaselessRuns()) await resolveOrphan(runId).catch((error: Error) => log.warn("could not resolve a run without a lease", { runId, error: error.message }));
  const waiting = await waitingRuns();
  for (const run of waiting) expireLater(run.id, run.expiresAt ?? new Date());
}

/**
 * SIGTERM: no new runs, here or from the queue; those executing get `graceMs` to finish, then are
 * stopped (they fail, saying Atelier was shutting down, with their text kept). Resolves when all
 * have ended and their leases are released.
 */
export async function stopEngine(graceMs: number): Promise<void> {
  state.stopping = true;
  const running = () => [...state.active.values()].map((entry) => entry.done);
  const stopRuns = async () => {
    await Promise.race([Promise.all(running()), new Promise((resolve) => setTimeout(resolve, graceMs).unref?.())]);
    const stop = new RunStop(SHUTDOWN_MESSAGE);
    for (const { control } of state.active.values()) control.abort(stop);
    await Promise.race([Promise.all(running()), new Promise((resolve) => setTimeout(resolve, 4_000).unref?.())]);
  };
  await Promise.all([stopRuns(), stopRunQueue(graceMs + 1_000)]);
  for (const timer of state.timers.values()) clearTimeout(timer);
}
