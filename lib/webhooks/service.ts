import "server-only";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import type { Prisma, WebhookDelivery } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { openSecret, sealSecret } from "@/lib/security/secret-box";
import type { WebhookEvent } from "@/lib/webhooks/events";
import { nextStep, type NextStep } from "@/lib/webhooks/retry";
import { attemptDelivery } from "@/lib/webhooks/send";
import { newWebhookSecret, signDelivery } from "@/lib/webhooks/sign";

// Webhook rows: the workspace's signing secret, and deliveries from recording an event to its last
// attempt. The queue (lib/webhooks/queue.ts) decides when `deliverOnce` runs; this decides what an
// attempt does and writes down.

const SECRET_CONTEXT = "webhook-signing";
/** Endpoints are marked failing once this many deliveries in a row ran out of attempts. */
export const FAILING_AFTER = 3;
/** Attempts kept on a delivery for the log (a day of retries is about a dozen). */
const MAX_ATTEMPTS_KEPT = 30;

const hintOf = (secret: string) => `…${secret.slice(-4)}`;

/** The workspace's signing secret, made on first use. */
export async function signingSecret(workspaceId: string): Promise<string> {
  const db = getDb();
  const existing = await db.webhookSigning.findUnique({ where: { workspaceId } });
  if (existing) return openSecret(existing.secretCiphertext, `${SECRET_CONTEXT}:${workspaceId}`);
  const secret = newWebhookSecret();
  // Two first uses at once: the second insert does nothing and both read the first one's.
  await db.webhookSigning.createMany({ data: [{ workspaceId, secretCiphertext: sealSecret(secret, `${SECRET_CONTEXT}:${workspaceId}`), secretHint: hintOf(secret) }], skipDuplicates: true });
  const row = await db.webhookSigning.findUniqueOrThrow({ where: { workspaceId } });
  return openSecret(row.secretCiphertext, `${SECRET_CONTEXT}:${workspaceId}`);
}

/** A new secret for the workspace, returned this once; deliveries from now on are signed with it. */
export async function rotateSigningSecret(workspaceId: string): Promise<{ secret: string; hint: string; createdAt: Date }> {
  const secret = newWebhookSecret();
  const data = { secretCiphertext: sealSecret(secret, `${SECRET_CONTEXT}:${workspaceId}`), secretHint: hintOf(secret), createdAt: new Date() };
  const row = await getDb().webhookSigning.upsert({ where: { workspaceId }, create: { workspaceId, ...data }, update: data });
  return { secret, hint: row.secretHint, createdAt: row.createdAt };
}

export type Destination = { url: string; endpointId: string | null };

/**
 * The one write path of deliveries: one pending delivery per destination of `event`, due now.
 * Returns those this call created: an event recorded before (same id, same URL) creates none.
 */
export async function createDeliveries(workspaceId: string, event: WebhookEvent, destinations: readonly Destination[], runId: string | null, at: Date): Promise<WebhookDelivery[]> {
  if (destinations.length === 0) return [];
  return getDb().webhookDelivery.createManyAndReturn({
    data: destinations.map((destination) => ({
      id: newId("whd", at),
      workspaceId,
      eventId: event.id,
      eventType: event.type,
      runId,
      endpointId: destination.endpointId,
      url: destination.url,
      payload: event as unknown as Prisma.InputJsonValue,
      status: "pending",
      nextAttemptAt: at,
    })),
    skipDuplicates: true,
  });
}

export type AttemptLog = { at: number; status: number | null; latency_ms: number; error: string | null; response: string | null };

/**
 * One attempt at a pending delivery, signed with the workspace's current secret, and what follows
 * written down (delivered, a retry time, or failed). A delivery no longer pending is left alone
 * (a redelivery or another instance's attempt got there first). Returns null then; otherwise what
 * follows and the number of the attempt just made.
 */
export async function deliverOnce(deliveryId: string, now = () => Date.now(), random = Math.random): Promise<(NextStep & { attempt: number }) | null> {
  const db = getDb();
  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId } });
  if (!delivery || delivery.status !== "pending") return null;
  const body = JSON.stringify(delivery.payload);
  const secret = await signingSecret(delivery.workspaceId);
  const started = now();
  const headers = signDelivery(secret, delivery.eventId, new Date(started), body);
  const record = await attemptDelivery(delivery.url, body, headers, getEnv().ATELIER_TOOL_ALLOWED_HOSTS);
  const attempt = delivery.attemptCount + 1;
  const step = nextStep(record.outcome, attempt, delivery.createdAt.getTime(), now(), random(), getEnv().ATELIER_WEBHOOK_FIRST_RETRY_SECONDS * 1000);
  const log: AttemptLog = { at: started, status: record.status, latency_ms: record.latencyMs, error: step.action === "failed" && !record.error ? step.reason : record.error, response: record.response };
  const attempts = [...(delivery.attempts as AttemptLog[]), log].slice(-MAX_ATTEMPTS_KEPT);
  const status = step.action === "retry" ? "pending" : step.action;
  // Conditional on the attempt count it read: an attempt made meanwhile elsewhere wins, this one is not written twice.
  const { count } = await db.webhookDelivery.updateMany({
    where: { id: delivery.id, status: "pending", attemptCount: delivery.attemptCount },
    data: { status, attemptCount: attempt, attempts: attempts as unknown as Prisma.InputJsonValue, nextAttemptAt: step.action === "retry" ? new Date(step.at) : null },
  });
  if (count === 1 && delivery.endpointId && step.action !== "retry") await noteEndpointOutcome(delivery.endpointId, step.action === "delivered");
  return count === 1 ? { ...step, attempt } : null;
}

/** A success clears an endpoint's failing mark; the FAILING_AFTER-th delivery in a row that ran out of attempts sets it. */
async function noteEndpointOutcome(endpointId: string, delivered: boolean): Promise<void> {
  const db = getDb();
  if (delivered) {
    await db.webhookEndpoint.updateMany({ where: { id: endpointId }, data: { consecutiveFailures: 0, failingSince: null } });
    return;
  }
  const endpoint = await db.webhookEndpoint.update({ where: { id: endpointId }, data: { consecutiveFailures: { increment: 1 } } });
  if (endpoint.consecutiveFailures >= FAILING_AFTER && !endpoint.failingSince) await db.webhookEndpoint.update({ where: { id: endpointId }, data: { failingSince: new Date() } });
}
