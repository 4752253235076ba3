"use server";

import { workspaceAction } from "@/lib/auth/action";
import { listDeliveries, redeliver } from "@/lib/webhooks/deliveries";
import { createEndpoint, deleteEndpoint, rotateSecret, sendTestEvent, updateEndpoint } from "@/lib/webhooks/endpoints";
import { deliveryIdSchema, deliveryQuerySchema, endpointFormSchema, endpointIdSchema, endpointUpdateSchema } from "@/lib/webhooks/schema";
import { z } from "@/lib/zod";

// Settings → Webhooks. Owners decide where the workspace's run events go and hold the signing
// secret (shown once, in the result of the rotation that made it); editors may redeliver.

export const addEndpoint = workspaceAction({ role: "owner", schema: endpointFormSchema }, async ({ input, caller }) => createEndpoint(caller, input));

export const editEndpoint = workspaceAction({ role: "owner", schema: endpointUpdateSchema }, async ({ input: { id, ...fields }, caller }) => updateEndpoint(caller, id, fields));

export const removeEndpoint = workspaceAction({ role: "owner", schema: endpointIdSchema }, async ({ input, caller }) => {
  await deleteEndpoint(caller, input.id);
  return { id: input.id };
});

export const sendTestWebhook = workspaceAction({ role: "owner", schema: endpointIdSchema }, async ({ input, caller }) => sendTestEvent(caller, input.id));

export const rotateWebhookSecret = workspaceAction({ role: "owner", schema: z.object({}) }, async ({ caller }) => rotateSecret(caller));

export const redeliverWebhook = workspaceAction({ role: "editor", schema: deliveryIdSchema }, async ({ input, caller }) => redeliver(caller, input.id));

/** The delivery log, newest first (the page polls it while deliveries are on their way). */
export const loadDeliveries = workspaceAction({ role: "viewer", schema: deliveryQuerySchema }, async ({ input, caller }) => listDeliveries(caller, input));
