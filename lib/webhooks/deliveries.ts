import "server-only";
import { requireRole, type Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { WebhookDelivery } from "@/lib/generated/prisma/client";
import { scheduleDeliveries } from "@/lib/webhooks/queue";
import type { DeliveryQuery } from "@/lib/webhooks/schema";
import type { AttemptLog } from "@/lib/webhooks/service";
import { checkWebhookUrl } from "@/lib/webhooks/url";

// The delivery log (Settings → Webhooks, and a run's deliveries in the playground's run inspector)
// and Redeliver. Members read it; editors, who can start the runs that send events, redeliver.

export type DeliveryView = {
  id: string;
  eventId: string;
  eventType: string;
  runId: string | null;
  endpointId: string | null;
  url: string;
  status: "pending" | "delivered" | "failed";
  attemptCount: number;
  /** Newest last: when, the HTTP status (null: no answer), latency, why it failed, the first bytes answered. */
  attempts: AttemptLog[];
  nextAttemptAt: Date | null;
  createdAt: Date;
};

const toView = (row: WebhookDelivery): DeliveryView => ({
  id: row.id,
  eventId: row.eventId,
  eventType: row.eventType,
  runId: row.runId,
  endpointId: row.endpointId,
  url: row.url,
  status: row.status as DeliveryView["status"],
  attemptCount: row.attemptCount,
  attempts: row.attempts as AttemptLog[],
  nextAttemptAt: row.nextAttemptAt,
  createdAt: row.createdAt,
});

/** Newest first: one endpoint's, one run's, or the workspace's. */
export async function listDeliveries(caller: Caller, query: DeliveryQuery): Promise<DeliveryView[]> {
  const rows = await getDb().webhookDelivery.findMany({
    where: { workspaceId: caller.workspaceId, ...(query.endpointId && { endpointId: query.endpointId }), ...(query.runId && { runId: query.runId }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit,
    // The payload (a whole run object) is not part of the log's rows.
    omit: { payload: true },
  });
  return rows.map((row) => toView(row as WebhookDelivery));
}

/**
 * One more attempt now, with the same event id (receivers that saw it already can tell). A
 * delivery still waiting for a retry has it brought forward; a delivered or failed one is pending
 * again, and retried as the policy says while its day lasts. Conditional on the attempt count it
 * read: an attempt finishing meanwhile makes this a conflict, not a second attempt.
 */
export async function redeliver(caller: Caller, id: string): Promise<DeliveryView> {
  requireRole(caller, "editor");
  const db = getDb();
  const row = await db.webhookDelivery.findFirst({ where: { id, workspaceId: caller.workspaceId } });
  if (!row) throw notFound("webhook delivery", id);
  // The rules may have changed since it was recorded (ATELIER_TOOL_ALLOWED_HOSTS).
  checkWebhookUrl(row.url, "url");
  const now = new Date();
  const { count } = await db.webhookDelivery.updateMany({
    where: { id, attemptCount: row.attemptCount, status: row.status },
    data: { status: "pending", nextAttemptAt: now },
  });
  if (count === 0) throw new AppError("conflict", "An attempt at this delivery just finished; look at the log again and retry if you still need to.");
  await scheduleDeliveries([{ deliveryId: id, attempt: row.attemptCount + 1, at: now.getTime(), nonce: `r${now.getTime()}` }]);
  return toView({ ...row, status: "pending", nextAttemptAt: now });
}
