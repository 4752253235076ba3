import "server-only";
import { getPool } from "@/lib/db";
import { log } from "@/lib/log";
import { onRunStatusEvent } from "@/lib/runs/events";
import { runEvent } from "@/lib/webhooks/events";
import { scheduleDeliveries } from "@/lib/webhooks/queue";
import { createDeliveries, type Destination } from "@/lib/webhooks/service";

// Run status changes become webhook events: every `thread.run.<status>` the engine publishes (the
// run object as the API shows it, secrets masked) that is one of the webhook events is recorded as
// deliveries and queued, right after the change is committed and published. Recording is keyed by
// the event id, so the same change published twice (here and by a forwarding instance) delivers
// once. What is not covered: an instance killed in the moment between committing a status and
// recording its event (milliseconds); the run itself is consistent either way.

type RunObject = { id: string; status: string; required_action?: unknown };

/** The workspace, the run's (else the assistant's) webhook_url and the endpoints subscribed to `type`, in one read. */
async function destinationsOf(runId: string, type: string): Promise<{ workspaceId: string; destinations: Destination[] } | null> {
  const { rows } = await getPool().query<{ workspace_id: string; webhook_url: string | null; endpoints: { id: string; url: string }[] }>(
    `SELECT r.workspace_id, COALESCE(r.webhook_url, a.webhook_url) AS webhook_url,
            COALESCE((SELECT json_agg(json_build_object('id', e.id, 'url', e.url)) FROM webhook_endpoints e WHERE e.workspace_id = r.workspace_id AND $2 = ANY(e.events)), '[]'::json) AS endpoints
       FROM runs r LEFT JOIN assistants a ON a.id = r.assistant_id
      WHERE r.id = $1`,
    [runId, type],
  );
  const row = rows[0];
  if (!row) return null;
  const destinations: Destination[] = row.endpoints.map((endpoint) => ({ url: endpoint.url, endpointId: endpoint.id }));
  if (type === "run.action_required" && row.webhook_url && !destinations.some((d) => d.url === row.webhook_url)) destinations.push({ url: row.webhook_url, endpointId: null });
  return { workspaceId: row.workspace_id, destinations };
}

export async function recordRunStatus(runObject: RunObject, at = new Date()): Promise<number> {
  const event = runEvent(runObject, at);
  if (!event) return 0;
  const found = await destinationsOf(runObject.id, event.type);
  if (!found || found.destinations.length === 0) return 0;
  const created = await createDeliveries(found.workspaceId, event, found.destinations, runObject.id, at);
  await scheduleDeliveries(created.map((delivery) => ({ deliveryId: delivery.id, attempt: 1, at: at.getTime() })));
  return created.length;
}

/** Starts listening to the engine's run status events (instrumentation.ts, with the queue). */
export function listenToRuns(): void {
  onRunStatusEvent((_event, data) => {
    void recordRunStatus(data as RunObject).catch((error: Error) => log.warn("could not record a run's webhook event", { runId: (data as RunObject)?.id, error: error.message }));
  });
}
