import "server-only";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { Prisma, type Run, type RunStep } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, newId } from "@/lib/ids";
import { endSegment, publish } from "@/lib/runs/events";
import { toRunObject, type StepDetails, type Usage } from "@/lib/runs/wire";

// The run engine's writes: runs, steps and usage. Kept apart from the API-facing service so the
// engine and the service can both use them without importing each other in a circle.

/** How long a run waits in `requires_action` for its tool outputs (10 minutes unless configured). */
export const requiresActionTtlMs = () => getEnv().ATELIER_RUN_ACTION_TIMEOUT_SECONDS * 1000;

export async function loadRun(runId: string): Promise<Run | null> {
  return getDb().run.findUnique({ where: { id: runId } });
}

export async function saveRun(runId: string, data: Prisma.RunUpdateInput): Promise<Run> {
  return getDb().run.update({ where: { id: runId }, data });
}

export async function createStep(run: Run, type: StepDetails["type"], details: StepDetails, metadata: Record<string, string> = {}): Promise<RunStep> {
  const createdAt = new Date();
  return getDb().runStep.create({
    data: {
      id: newId(ID_PREFIXES.step, createdAt),
      workspaceId: run.workspaceId,
      runId: run.id,
      threadId: run.threadId,
      assistantId: run.assistantId,
      type,
      status: "in_progress",
      stepDetails: details as Prisma.InputJsonValue,
      metadata,
      createdAt,
    },
  });
}

export async function saveStep(stepId: string, data: Prisma.RunStepUpdateInput): Promise<RunStep> {
  return getDb().runStep.update({ where: { id: stepId }, data });
}

export const addUsage = (a: Usage | null, b: Usage): Usage => ({
  prompt_tokens: (a?.prompt_tokens ?? 0) + b.prompt_tokens,
  completion_tokens: (a?.completion_tokens ?? 0) + b.completion_tokens,
  total_tokens: (a?.total_tokens ?? 0) + b.total_tokens,
});

/**
 * A run left in `requires_action` past its expires_at becomes `expired` (its waiting step too),
 * whoever notices first: the timer set when it started waiting, a read, or start-up.
 */
export async function expireIfDue(run: Run): Promise<Run> {
  if (run.status !== "requires_action" || !run.expiresAt || run.expiresAt.getTime() > Date.now()) return run;
  const { count } = await getDb().run.updateMany({ where: { id: run.id, status: "requires_action" }, data: { status: "expired", requiredAction: Prisma.DbNull } });
  const current = await getDb().run.findUniqueOrThrow({ where: { id: run.id } });
  if (count === 0) return current;
  await getDb().runStep.updateMany({ where: { runId: run.id, status: "in_progress" }, data: { status: "expired", expiredAt: new Date() } });
  publish(run.id, "thread.run.expired", toRunObject(current));
  endSegment(run.id);
  return current;
}
