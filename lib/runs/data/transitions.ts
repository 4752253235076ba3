import "server-only";
import { getDb } from "@/lib/db";
import { Prisma, type Run, type RunStep } from "@/lib/generated/prisma/client";
import { endSegment } from "@/lib/runs/data/segment-end";
import { withDbRetry } from "@/lib/runs/data/retry";
import type { LastError, StepDetails } from "@/lib/runs/wire";
import { deniedOutput } from "@/lib/tools/approval";

// Run status changes made from outside the engine: cancel, tool outputs, expiry, and ending a run
// whose instance stopped. Each is conditional on the status it moves from, so two requests (or two
// instances) racing for the same run change it once; the loser gets null and reads what is there.

/** Cancels a run nobody is executing (queued, or waiting for tool outputs), with its open steps. */
export async function cancelIdle(runId: string, from: "queued" | "requires_action"): Promise<Run | null> {
  const now = new Date();
  return withDbRetry(() =>
    getDb().$transaction(async (tx) => {
      const { count } = await tx.run.updateMany({ where: { id: runId, status: from }, data: { status: "cancelled", cancelledAt: now, requiredAction: Prisma.DbNull, expiresAt: null } });
      if (!count) return null;
      await tx.runStep.updateMany({ where: { runId, status: "in_progress" }, data: { status: "cancelled", cancelledAt: now } });
      return tx.run.findUniqueOrThrow({ where: { id: runId } });
    }),
  );
}

/** Asks the run's executor to stop: it ends the run `cancelled` at its next token or write. */
export async function markCancelling(runId: string): Promise<Run | null> {
  const { count } = await withDbRetry(() => getDb().run.updateMany({ where: { id: runId, status: "in_progress" }, data: { status: "cancelling" } }));
  return count ? getDb().run.findUnique({ where: { id: runId } }) : null;
}

/**
 * Tool outputs accepted: the waiting step completed with them and the run queued again, with the
 * same expiry anew (OpenAI's runs have one until they end). Null when it is no longer waiting (a
 * second submit racing this one).
 */
export async function acceptToolOutputs(runId: string, outputs: Map<string, string>, expiresAt: Date): Promise<{ run: Run; step: RunStep | null } | null> {
  return getDb().$transaction(async (tx) => {
    if (!(await takeWaiting(tx, runId, "submit_tool_outputs", expiresAt))) return null;
    const waiting = await tx.runStep.findFirst({ where: { runId, type: "tool_calls", status: "in_progress" }, orderBy: { createdAt: "desc" } });
    let step: RunStep | null = null;
    if (waiting) {
      const details = waiting.stepDetails as Extract<StepDetails, { type: "tool_calls" }>;
      const tool_calls = details.tool_calls.map((call) => (call.type === "function" ? { ...call, function: { ...call.function, output: outputs.get(call.id) ?? call.function.output } } : call));
      step = await tx.runStep.update({ where: { id: waiting.id }, data: { status: "completed", completedAt: new Date(), stepDetails: { type: "tool_calls", tool_calls } } });
    }
    return { run: await tx.run.findUniqueOrThrow({ where: { id: runId } }), step };
  });
}

type Tx = Prisma.TransactionClient;

/** The run leaves its wait for `action` (queued again, its expiry anew); false when it is not waiting for that (a racing submit won). */
async function takeWaiting(tx: Tx, runId: string, action: "submit_tool_outputs" | "submit_tool_approvals", expiresAt: Date): Promise<boolean> {
  const count = await tx.$executeRaw`UPDATE runs SET status = 'queued', required_action = NULL, expires_at = ${expiresAt}
    WHERE id = ${runId} AND status = 'requires_action' AND required_action->>'type' = ${action}`;
  return count > 0;
}

export type ApprovalDecision = { approve: boolean; reason: string | null };


/**
 * Approvals accepted (issue 24): the run is queued again, and its open tool step records each
 * decision on its call (`server_tool.status` approved or denied, with the reason); a denied call
 * gets its output now (the model reads the denial), an approved one runs when the run resumes
 * (lib/runs/segment.ts). The step stays open until then. Null when the run no longer waits for
 * approvals (a second submit racing this one).
 */
export async function acceptToolApprovals(runId: string, decisions: Map<string, ApprovalDecision>, expiresAt: Date, audit: (tx: Tx) => Promise<unknown>): Promise<{ run: Run; step: RunStep | null } | null> {
  return getDb().$transaction(async (tx) => {
    if (!(await takeWaiting(tx, runId, "submit_tool_approvals", expiresAt))) return null;
    await audit(tx);
    const waiting = await tx.runStep.findFirst({ where: { runId, type: "tool_calls", status: "in_progress" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    let step: RunStep | null = null;
    if (waiting) {
      const details = waiting.stepDetails as Extract<StepDetails, { type: "tool_calls" }>;
      const tool_calls = details.tool_calls.map((call) => {
        const decision = call.type === "function" && call.server_tool ? decisions.get(call.id) : undefined;
        if (!decision || call.type !== "function") return call;
        const approval = { approved: decision.approve, reason: decision.reason };
        return {
          ...call,
          function: { ...call.function, output: decision.approve ? null : deniedOutput(decision.reason) },
          server_tool: { ...call.server_tool!, status: decision.approve ? ("approved" as const) : ("denied" as const), approval },
        };
      });
      step = await tx.runStep.update({ where: { id: waiting.id }, data: { stepDetails: { type: "tool_calls", tool_calls } } });
    }
    return { run: await tx.run.findUniqueOrThrow({ where: { id: runId } }), step };
  });
}

/** A run past its expires_at while waiting for outputs becomes `expired`, its waiting step too; null if it was not due. */
export async function expireWaiting(run: Run): Promise<Run | null> {
  if (run.status !== "requires_action" || !run.expiresAt || run.expiresAt.getTime() > Date.now()) return null;
  return withDbRetry(() =>
    getDb().$transaction(async (tx) => {
      const { count } = await tx.run.updateMany({ where: { id: run.id, status: "requires_action" }, data: { status: "expired", requiredAction: Prisma.DbNull } });
      if (!count) return null;
      await tx.runStep.updateMany({ where: { runId: run.id, status: "in_progress" }, data: { status: "expired", expiredAt: new Date() } });
      return tx.run.findUniqueOrThrow({ where: { id: run.id } });
    }),
  );
}

/** Runs waiting for tool outputs, for their expiry timers after a start. */
export async function waitingRuns(): Promise<Pick<Run, "id" | "expiresAt">[]> {
  return getDb().run.findMany({ where: { status: "requires_action" }, select: { id: true, expiresAt: true } });
}

/**
 * Ends a run whose executor is gone (its instance was killed, or shut down before it finished):
 * `cancelling` becomes `cancelled`, `in_progress` `failed` with `lastError`; its message keeps the
 * text last saved, `incomplete`, and its open steps end the same way. Null if it was not in either.
 */
export async function endOrphan(run: Run, lastError: LastError): Promise<Run | null> {
  const at = new Date();
  const cancelling = run.status === "cancelling";
  const ended = await endSegment({
    run,
    from: [run.status],
    data: cancelling ? { status: "cancelled", cancelledAt: at } : { status: "failed", failedAt: at, lastError },
    steps: [],
    closeOthers: cancelling ? "cancelled" : "failed",
  });
  return ended?.run ?? null;
}

/** Runs in `statuses` (start-up recovery; few rows: only runs a stopped process left active). */
export async function runsIn(statuses: string[]): Promise<Run[]> {
  return getDb().run.findMany({ where: { status: { in: statuses } } });
}
