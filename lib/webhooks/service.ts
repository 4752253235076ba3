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

/** How long deliveries are also signed with the secret a rotation replaced. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3600_000;

const context = (workspaceId: string) => `${SECRET_CONTEXT}:${workspaceId}`;

/** The workspace's signing secrets, made on first use: the current one, then the one a rotation replaced while its day lasts. */
export async function signingSecrets(workspaceId: string, at = new Date()): Promise<string[]> {
  const db = getDb();
  let row = await db.webhookSigning.findUnique({ where: { workspaceId } });
  if (!row) {
    const secret = newWebhookSecret();
    // Two first uses at once: the second insert does nothing and both read the first one's.
    await db.webhookSigning.createMany({ data: [{ workspaceId, secretCiphertext: sealSecret(secret, context(workspaceId)), secretHint: hintOf(secret) }], skipDuplicates: true });
    row = await db.webhookSigning.findUniqueOrThrow({ where: { workspaceId } });
  }
  const current = openSecret(row.secretCiphertext, context(workspaceId));
  const previousValid = row.previousCiphertext && row.previousUntil && row.previousUntil > at;
  return previousValid ? [current, openSecret(row.previousCiphertext!, context(workspaceId))] : [current];
}

/** The secret deliveries are signed with from now on. */
export const signingSecret = async (workspaceId: string): Promise<string> => (await signingSecrets(workspaceId))[0]!;

export type SigningView = { hint: string | null; createdAt: Date | null; previousUntil: Date | null };

/** What the console shows of the secret: its last characters and age, never the secret. */
export async function signingView(workspaceId: string, at = new Date()): Promise<SigningView> {
  const row = await getDb().webhookSigning.findUnique({ where: { workspaceId } });
  if (!row) return { hint: null, createdAt: null, previousUntil: null };
  return { hint: row.secretHint, createdAt: row.createdAt, previousUntil: row.previousCiphertext && row.previousUntil && row.previousUntil > at ? row.previousUntil : null };
}

/**
 * A new secret for the workspace, returned this once; deliveries from now on are signed with it,
 * and for PREVIOUS_SECRET_GRACE_MS also with the one it replaces (one statement: two rotations at
 * once keep a consistent pair). `alongside`: writes committed with it (the audit event).
 */
export async function rotateSigningSecret(workspaceId: string, alongside: Prisma.PrismaPromise<unknown>[] = []): Promise<{ secret: string; hint: string; createdAt: Date; previousUntil: Date | null }> {
  const secret = newWebhookSecret();
  const [ciphertext, hint] = [sealSecret(secret, context(workspaceId)), hintOf(secret)];
  const db = getDb();
  const [rows] = await db.$transaction([
    db.$queryRaw<{ created_at: Date; previous_until: Date | null }[]>`
      INSERT INTO webhook_signing (workspace_id, secret_ciphertext, secret_hint, created_at) VALUES (${workspaceId}, ${ciphertext}, ${hint}, now())
      ON CONFLICT (workspace_id) DO UPDATE SET previous_ciphertext = webhook_signing.secret_ciphertext,
        previous_until = now() + make_interval(secs => ${PREVIOUS_SECRET_GRACE_MS / 1000}::double precision),
        secret_ciphertext = EXCLUDED.secret_ciphertext, secret_hint = EXCLUDED.secret_hint, created_at = now()
      RETURNING created_at, previous_until`,
    ...alongside,
  ]);
  return { secret, hint, createdAt: rows[0]!.created_at, previousUntil: rows[0]!.previous_until };
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

type DeliverOptions = {
  /** The attempt a queued job stands for: once that attempt was made (a redelivery ran it earlier), the job does nothing. */
  attempt?: number;
  now?: () => number;
  random?: () => number;
};

/**
 * One attempt at a pending delivery, signed with the workspace's secrets, and what follows written
 * down (delivered, a retry time, or failed). A delivery no longer pending, or past `attempt`, is
 * left alone (a redelivery or another instance's attempt got there first). Returns null then;
 * otherwise what follows and the number of the attempt just made.
 */
export async function deliverOnce(deliveryId: string, { attempt: expected, now = () => Date.now(), random = Math.random }: DeliverOptions = {}): Promise<(NextStep & { attempt: number }) | null> {
  const db = getDb();
  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId } });
  if (!delivery || delivery.status !== "pending") return null;
  if (expected !== undefined && delivery.attemptCount + 1 !== expected) return null;
  const body = JSON.stringify(delivery.payload);
  const started = now();
  const headers = signDelivery(await signingSecrets(delivery.workspaceId, new Date(started)), delivery.eventId, new Date(started), body);
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
