import "server-only";
import { getDb } from "@/lib/db";
import { ID_PREFIXES, newId } from "@/lib/ids";
import type { Workspace } from "@/lib/generated/prisma/client";

// The default workspace has a fixed id so that ATELIER_ADMIN_KEY and the console can name it
// without a lookup, and creating it is an idempotent upsert (safe with several instances starting).
export const DEFAULT_WORKSPACE_ID = "ws_default";

export async function ensureDefaultWorkspace(): Promise<Workspace> {
  return getDb().workspace.upsert({
    where: { id: DEFAULT_WORKSPACE_ID },
    update: {},
    create: { id: DEFAULT_WORKSPACE_ID, name: "Default workspace" },
  });
}

let defaultReady: Promise<unknown> | null = null;

/**
 * ensureDefaultWorkspace once per process, retried on the next call if it failed (e.g. the server
 * started before migrations were applied). Callers that act in the default workspace await this.
 */
export function defaultWorkspaceReady(): Promise<unknown> {
  defaultReady ??= ensureDefaultWorkspace().catch((error: unknown) => {
    defaultReady = null;
    throw error;
  });
  return defaultReady;
}

export async function createWorkspace(name: string): Promise<Workspace> {
  return getDb().workspace.create({ data: { id: newId(ID_PREFIXES.workspace), name } });
}

export async function getWorkspace(id: string): Promise<Workspace | null> {
  return getDb().workspace.findUnique({ where: { id } });
}
