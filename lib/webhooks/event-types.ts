// The events webhooks carry, without the code that makes them (lib/webhooks/events.ts uses
// node:crypto): the console's forms import these, and a browser bundle must not pull in a crypto
// polyfill (it evals, which the console's CSP refuses).

export const RUN_EVENT_TYPES = ["run.action_required", "run.completed", "run.failed", "run.cancelled", "run.expired", "run.incomplete"] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

export type WebhookEvent = { id: string; type: RunEventType | "webhook.test"; created_at: number; data: unknown };
