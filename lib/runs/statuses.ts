import type { RunStatus } from "@/lib/runs/wire";

// The run status sets the engine, the API and the playground agree on (client-safe: no Prisma).

/** A run in one of these holds its thread: no second run and no new message until it leaves them. */
export const ACTIVE_RUN_STATUSES = ["queued", "in_progress", "requires_action", "cancelling"] as const satisfies readonly RunStatus[];

/** Statuses a run leaves only when someone acts (or never): the stream of a run stops at one of these. */
export const SETTLED_STATUSES: ReadonlySet<RunStatus> = new Set(["completed", "failed", "cancelled", "expired", "incomplete", "requires_action"]);

export function isActiveRun(status: RunStatus): boolean {
  return (ACTIVE_RUN_STATUSES as readonly RunStatus[]).includes(status);
}
