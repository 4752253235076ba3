import "server-only";
import { getDb } from "@/lib/db";
import { log } from "@/lib/log";
import { dropChannel, endSegment, publish } from "@/lib/runs/events";
import { executeSegment } from "@/lib/runs/execute";
import { expireIfDue, loadRun, requiresActionTtlMs, saveRun } from "@/lib/runs/store";
import { toRunObject } from "@/lib/runs/wire";
import type { Run } from "@/lib/generated/prisma/client";
import type { HistoryMessage } from "@/lib/runs/prompt";

// Runs execute here, apart from any HTTP request (DESIGN.md rule 4): `startRun` schedules the work
// and returns at once; the run writes its state to Postgres and publishes its events, and a
// response streaming them is only a listener. DESIGN.md's `startRun`/`subscribe` interface: moving
// execution to a job queue later changes this file and lib/runs/events.ts only.

type EngineState = { active: Map<string, AbortController>; timers: Map<string, NodeJS.Timeout> };
const globalForEngine = globalThis as unknown as { atelierEngine?: EngineState };
const state = (globalForEngine.atelierEngine ??= { active: new Map(), timers: new Map() });

/**
 * A new run the service has read everything for (lib/runs/service.ts startFresh): its row (in
 * progress) and the thread's messages. The engine goes straight to the model while the row is
 * being inserted; `ready` says whether that worked (and the run's first events are out). Before
 * it, the engine publishes and writes nothing; when false, the run never existed.
 */
export type PreparedStart = { run: Run; history: HistoryMessage[]; lastAt: number; ready: Promise<boolean> };

/** Executes a queued run (soon, not within the caller's await). A run already executing is left alone. */
export function startRun(runId: string, prepared?: PreparedStart): void {
  if (state.active.has(runId)) return;
  const control = new AbortController();
  state.active.set(runId, control);
  // The prepared run starts in this turn (its request awaits nothing more); a queued one is read
  // back from the database first, after the caller has returned.
  if (prepared) void execute(runId, control, prepared);
  else setImmediate(() => void execute(runId, control));
}

async function execute(runId: string, control: AbortController, prepared?: PreparedStart): Promise<void> {
  try {
    // A prepared run is being inserted by this request (executeSegment waits for that); any other is read back.
    const run = prepared?.run ?? (await loadRun(runId));
    if (!run) return; // its thread was deleted meanwhile
    if (run.status === "cancelling" || control.signal.aborted) {
      const cancelled = await saveRun(runId, { status: "cancelled", cancelledAt: new Date() });
      publish(runId, "thread.run.cancelled", toRunObject(cancelled));
      return;
    }
    if (!prepared && run.status !== "queued") return;
    const outcome = await executeSegment(run, control.signal, prepared);
    if (outcome === "requires_action") expireLater(runId);
  } catch (error) {
    if (prepared && !(await prepared.ready)) return; // no run to record it on
    // Deleting the thread mid-run removes the rows under the engine: nothing left to record.
    const gone = !(await loadRun(runId).catch(() => null));
    if (!gone) {
      log.error("run failed inside the engine", { runId, error: (error as Error).message });
      const message = `Atelier failed while running: ${(error as Error).message}`;
      // Streams hear it as OpenAI's `error` event, then the run's own failure.
      publish(runId, "error", { code: "server_error", message, param: null, type: "server_error" });
      const failed = await saveRun(runId, { status: "failed", failedAt: new Date(), lastError: { code: "server_error", message } }).catch(() => null);
      if (failed) publish(runId, "thread.run.failed", toRunObject(failed));
    }
  } finally {
    state.active.delete(runId);
    if (prepared && !(await prepared.ready)) {
      control.abort(); // the model request, already sent, for a run that never existed
      dropChannel(runId);
    } else endSegment(runId);
  }
}

/** Stops a run executing in this process at its next token; false when none is executing here. */
export function cancelActive(runId: string): boolean {
  const control = state.active.get(runId);
  if (!control) return false;
  control.abort();
  return true;
}

/** Arms the timer that expires a run waiting for tool outputs at its expires_at. */
export function expireLater(runId: string, at?: Date): void {
  clearTimeout(state.timers.get(runId));
  const delay = Math.max(0, (at?.getTime() ?? Date.now() + requiresActionTtlMs()) - Date.now());
  const timer = setTimeout(async () => {
    state.timers.delete(runId);
    const run = await loadRun(runId).catch(() => null);
    if (run) await expireIfDue(run).catch((error: Error) => log.warn("could not expire run", { runId, error: error.message }));
  }, delay + 50);
  timer.unref?.();
  state.timers.set(runId, timer);
}

/**
 * At start-up: runs this process was executing when it stopped can never finish, so they fail with
 * a clear last_error and their partial messages are kept as incomplete. Runs waiting for tool
 * outputs keep waiting (their expiry timers are armed again). One instance owns all runs; several
 * instances would need the job queue DESIGN.md describes before this is safe.
 */
export async function recoverRuns(): Promise<{ failed: number; waiting: number }> {
  const db = getDb();
  const orphans = await db.run.findMany({ where: { status: { in: ["queued", "in_progress", "cancelling"] } }, select: { id: true } });
  const now = new Date();
  const lastError = { code: "server_error", message: "Atelier restarted while this run was in progress, so it was stopped. Start a new run to continue." };
  for (const { id } of orphans) {
    await db.$transaction([
      db.message.updateMany({ where: { runId: id, status: "in_progress" }, data: { status: "incomplete", incompleteAt: now, incompleteDetails: { reason: "run_failed" } } }),
      db.runStep.updateMany({ where: { runId: id, status: "in_progress" }, data: { status: "failed", failedAt: now, lastError } }),
      db.run.update({ where: { id }, data: { status: "failed", failedAt: now, lastError } }),
    ]);
  }
  const waiting = await db.run.findMany({ where: { status: "requires_action" } });
  for (const run of waiting) expireLater(run.id, run.expiresAt ?? now);
  if (orphans.length) log.warn("failed runs left active by a previous process", { count: orphans.length });
  return { failed: orphans.length, waiting: waiting.length };
}
