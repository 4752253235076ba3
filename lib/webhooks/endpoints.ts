import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { requireRole, type Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { WebhookEndpoint } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, newId, randomBase62 } from "@/lib/ids";
import type { RunEventType, WebhookEvent } from "@/lib/webhooks/events";
import { scheduleDeliveries } from "@/lib/webhooks/queue";
import type { EndpointInput } from "@/lib/webhooks/schema";
import { checkWebhookUrl } from "@/lib/webhooks/url";
import { createDeliveries, rotateSigningSecret, signingView, type SigningView } from "@/lib/webhooks/service";

// Settings → Webhooks: the workspace's endpoints, its signing secret and test events. Everyone in
// the workspace may look; only owners change where the workspace's run data is sent, or the secret
// receivers trust.

/** More would be a fan-out nobody can follow in the log; one endpoint can take every event. */
export const MAX_ENDPOINTS = 20;

export type EndpointView = {
  id: string;
  url: string;
  description: string;
  events: RunEventType[];
  failingSince: Date | null;
  consecutiveFailures: number;
  createdAt: Date;
  updatedAt: Date;
};

const toView = (row: WebhookEndpoint): EndpointView => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: row.events as RunEventType[],
  failingSince: row.failingSince,
  consecutiveFailures: row.consecutiveFailures,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const requireOwner = (caller: Caller) => requireRole(caller, "owner");

const checkUrl = (url: string) => checkWebhookUrl(url, "url");

async function refuseDuplicate(caller: Caller, url: string, except?: string): Promise<void> {
  const other = await getDb().webhookEndpoint.findFirst({ where: { workspaceId: caller.workspaceId, url, ...(except && { id: { not: except } }) }, select: { id: true } });
  if (!other) return;
  const message = "An endpoint with this URL exists already; change its events instead.";
  throw new AppError("conflict", message, { param: "url", fieldErrors: { url: [message] } });
}

async function findRow(caller: Caller, id: string): Promise<WebhookEndpoint> {
  const row = await getDb().webhookEndpoint.findFirst({ where: { id, workspaceId: caller.workspaceId } });
  if (!row) throw notFound("webhook endpoint", id);
  return row;
}

export async function listEndpoints(caller: Caller): Promise<EndpointView[]> {
  const rows = await getDb().webhookEndpoint.findMany({ where: { workspaceId: caller.workspaceId }, orderBy: { createdAt: "asc" } });
  return rows.map(toView);
}

export async function createEndpoint(caller: Caller, input: EndpointInput): Promise<EndpointView> {
  requireOwner(caller);
  checkUrl(input.url);
  await refuseDuplicate(caller, input.url);
  const count = await getDb().webhookEndpoint.count({ where: { workspaceId: caller.workspaceId } });
  if (count >= MAX_ENDPOINTS) throw new AppError("invalid_request", `A workspace has at most ${MAX_ENDPOINTS} webhook endpoints; delete one first.`);
  const id = newId(ID_PREFIXES.webhookEndpoint);
  const [row] = await getDb().$transaction([
    getDb().webhookEndpoint.create({ data: { id, workspaceId: caller.workspaceId, url: input.url, description: input.description, events: input.events } }),
    recordAudit(caller, { action: "webhook_endpoint.created", targetType: "webhook_endpoint", targetId: id, targetLabel: input.url, details: { events: input.events } }),
  ]);
  return toView(row);
}

export async function updateEndpoint(caller: Caller, id: string, input: EndpointInput): Promise<EndpointView> {
  requireOwner(caller);
  await findRow(caller, id);
  checkUrl(input.url);
  await refuseDuplicate(caller, input.url, id);
  const [row] = await getDb().$transaction([
    getDb().webhookEndpoint.update({ where: { id }, data: { url: input.url, description: input.description, events: input.events } }),
    recordAudit(caller, { action: "webhook_endpoint.updated", targetType: "webhook_endpoint", targetId: id, targetLabel: input.url, details: { events: input.events } }),
  ]);
  return toView(row);
}

/** Its pending deliveries end as failed (nobody asked for them any more); those made stay in the log. */
export async function deleteEndpoint(caller: Caller, id: string): Promise<void> {
  requireOwner(caller);
  const row = await findRow(caller, id);
  await getDb().$transaction([
    getDb().webhookDelivery.updateMany({ where: { endpointId: id, status: "pending" }, data: { status: "failed", nextAttemptAt: null } }),
    getDb().webhookEndpoint.delete({ where: { id } }),
    recordAudit(caller, { action: "webhook_endpoint.deleted", targetType: "webhook_endpoint", targetId: id, targetLabel: row.url }),
  ]);
}

export const signingSecretView = (caller: Caller): Promise<SigningView> => signingView(caller.workspaceId);

/** A new secret, shown this once; the old one still signs for a day. */
export async function rotateSecret(caller: Caller): Promise<{ secret: string; hint: string; createdAt: Date; previousUntil: Date | null }> {
  requireOwner(caller);
  return rotateSigningSecret(caller.workspaceId, [recordAudit(caller, { action: "webhook_secret.rotated", targetType: "webhook_secret" })]);
}

/** A `webhook.test` event to one endpoint, whatever it subscribes to, delivered and logged like any other. */
export async function sendTestEvent(caller: Caller, id: string): Promise<{ deliveryId: string; eventId: string }> {
  requireOwner(caller);
  const endpoint = await findRow(caller, id);
  checkUrl(endpoint.url);
  const at = new Date();
  const event: WebhookEvent = {
    id: `evt_test_${randomBase62(20)}`,
    type: "webhook.test",
    created_at: Math.floor(at.getTime() / 1000),
    data: { endpoint_id: endpoint.id, message: "A test event from Atelier's Settings → Webhooks." },
  };
  const [delivery] = await createDeliveries(caller.workspaceId, event, [{ url: endpoint.url, endpointId: endpoint.id }], null, at);
  await scheduleDeliveries([{ deliveryId: delivery!.id, attempt: 1, at: at.getTime() }]);
  return { deliveryId: delivery!.id, eventId: event.id };
}
