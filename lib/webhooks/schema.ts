import { z } from "@/lib/zod";
import { isHttpUrl } from "@/lib/web-url";
import { RUN_EVENT_TYPES, type RunEventType } from "@/lib/webhooks/event-types";

// Settings → Webhooks: one schema per input, shared by the form (react-hook-form's resolver) and
// the server actions. Whether a URL may be called (https, public address, ATELIER_TOOL_ALLOWED_HOSTS)
// is the server's to say (lib/security/outbound.ts): the form only checks it is an http(s) URL.

export const EVENT_LABELS: Record<RunEventType, string> = {
  "run.action_required": "A run needs tool outputs",
  "run.completed": "A run completed",
  "run.failed": "A run failed",
  "run.cancelled": "A run was cancelled",
  "run.expired": "A run expired",
  "run.incomplete": "A run ended incomplete",
};

export const ENDPOINT_URL_MAX = 2048;
export const ENDPOINT_DESCRIPTION_MAX = 200;

const url = z
  .string()
  .trim()
  .min(1, "Enter the URL deliveries are sent to.")
  .max(ENDPOINT_URL_MAX, `At most ${ENDPOINT_URL_MAX} characters.`)
  // An empty value has its own message (above).
  .refine((value) => value === "" || isHttpUrl(value), "Enter an https:// URL.");

const fields = {
  url,
  description: z.string().trim().max(ENDPOINT_DESCRIPTION_MAX, `At most ${ENDPOINT_DESCRIPTION_MAX} characters.`).default(""),
  events: z
    .array(z.enum(RUN_EVENT_TYPES, { message: "Not an event Atelier sends." }))
    .min(1, "Choose at least one event.")
    .transform((events) => RUN_EVENT_TYPES.filter((type) => events.includes(type))),
};

export const endpointFormSchema = z.object(fields);
export type EndpointInput = z.output<typeof endpointFormSchema>;
export type EndpointFormValues = z.input<typeof endpointFormSchema>;

const id = z.string().min(1).max(64);
export const endpointIdSchema = z.object({ id });
export const endpointUpdateSchema = z.object({ id, ...fields });
export const deliveryIdSchema = z.object({ id });

/** Which deliveries the log shows: one endpoint's, one run's, or the workspace's newest. */
export const deliveryQuerySchema = z.object({
  endpointId: id.optional(),
  runId: id.optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type DeliveryQuery = z.output<typeof deliveryQuerySchema>;
