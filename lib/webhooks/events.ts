import { createHash } from "node:crypto";
import type { RunEventType, WebhookEvent } from "@/lib/webhooks/event-types";

// The events a run sends to webhooks, as pure functions of what happened. An event id is derived
// from the run and the moment it stands for (not drawn at random), so recording the same event twice
// (a retried write after a dropped connection, the instance that took over a run) makes the same
// id, and the delivery's unique (event_id, url) keeps it to one delivery per destination.

export { RUN_EVENT_TYPES, type RunEventType, type WebhookEvent } from "@/lib/webhooks/event-types";

const BY_STATUS: Record<string, RunEventType> = {
  requires_action: "run.action_required",
  completed: "run.completed",
  failed: "run.failed",
  cancelled: "run.cancelled",
  expired: "run.expired",
  incomplete: "run.incomplete",
};

/** The event a run's new status sends, if any (queued, in_progress and cancelling send none). */
export const runEventType = (status: string): RunEventType | null => BY_STATUS[status] ?? null;

/**
 * `evt_` + 24 base32 characters of SHA-256 over the run, the type and what tells one occurrence from
 * another: a run asks for tool outputs once per round (the round's first tool call id), and ends once.
 */
export function runEventId(runId: string, type: RunEventType, occurrence = ""): string {
  const digest = createHash("sha256").update(`${runId}\u0000${type}\u0000${occurrence}`).digest();
  let bits = "";
  for (const byte of digest.subarray(0, 15)) bits += byte.toString(2).padStart(8, "0");
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return `evt_${Array.from({ length: 24 }, (_, i) => alphabet[parseInt(bits.slice(i * 5, i * 5 + 5), 2)]).join("")}`;
}

/** The first tool call of a run's required action: what makes each round's event its own. */
export function actionRound(requiredAction: unknown): string {
  // Either kind of wait (tool outputs, or approvals of plugin and MCP calls): each round asks about calls of its own.
  const action = requiredAction as { submit_tool_outputs?: { tool_calls?: { id?: unknown }[] }; submit_tool_approvals?: { tool_calls?: { id?: unknown }[] } } | null;
  const calls = action?.submit_tool_outputs?.tool_calls ?? action?.submit_tool_approvals?.tool_calls;
  const first = calls?.[0]?.id;
  return typeof first === "string" ? first : "";
}

/** The body a delivery sends: `data` is the run object as the API returns it (secrets masked). */
export function runEvent(runObject: { id: string; status: string; required_action?: unknown }, createdAt: Date): WebhookEvent | null {
  const type = runEventType(runObject.status);
  if (!type) return null;
  const occurrence = type === "run.action_required" ? actionRound(runObject.required_action) : "";
  return { id: runEventId(runObject.id, type, occurrence), type, created_at: Math.floor(createdAt.getTime() / 1000), data: runObject };
}
