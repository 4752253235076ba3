import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { memberCaller, requireRole, type Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { ID_PREFIXES, newId, randomBase62 } from "@/lib/ids";
import type { Workspace } from "@/lib/generated/prisma/client";

// Workspaces are better-auth organizations (lib/auth/better-auth.ts) stored in our `workspaces`
// table. The default workspace has a fixed id so that ATELIER_ADMIN_KEY can name it without a
// lookup; creating it is an idempotent upsert (safe with several instances starting), and the
// first owner (lib/auth/accounts.ts) takes it over.
export const DEFAULT_WORKSPACE_ID = "ws_default";
const DEFAULT_NAME = "Default workspace";

export async function ensureDefaultWorkspace(): Promise<Workspace> {
  return getDb().workspace.upsert({
    where: { id: DEFAULT_WORKSPACE_ID },
    update: {},
    create: { id: DEFAULT_WORKSPACE_ID, name: DEFAULT_NAME, slug: "default" },
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

/** URL-safe, unique: better-auth's organizations need a slug; ours carry a random tail. */
export function workspaceSlug(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${base || "workspace"}-${randomBase62(6).toLowerCase()}`;
}

/** The first owner's workspace: the default one (with whatever the admin key already made in it). */
export async function claimDefaultWorkspace(userId: string, name: string | null): Promise<void> {
  await ensureDefaultWorkspace();
  const member = getDb().member.create({ data: { id: newId(ID_PREFIXES.member), workspaceId: DEFAULT_WORKSPACE_ID, userId, role: "owner" } });
  // The set-up page names the workspace; ATELIER_ADMIN_EMAIL's owner keeps the default name.
  if (!name) await member;
  else await getDb().$transaction([getDb().workspace.update({ where: { id: DEFAULT_WORKSPACE_ID }, data: { name } }), member]);
}

/** A workspace with no members, for the operator and tests; people create theirs with createWorkspaceFor. */
export async function createWorkspace(name: string): Promise<Workspace> {
  return getDb().workspace.create({ data: { id: newId(ID_PREFIXES.workspace), name, slug: workspaceSlug(name) } });
}

/** Whether the user may start workspaces: owners of one already (see createWorkspaceFor). */
export async function canCreateWorkspaces(userId: string): Promise<boolean> {
  return (await getDb().member.count({ where: { userId, role: "owner" } })) > 0;
}

/**
 * A new workspace owned by the user. Only people who already own a workspace may start one: an
 * owner can invite any email to their workspace, and an invite link makes an account for that
 * email (there is no mail server to prove who holds it), so that power stays with people an owner
 * trusted, not with every viewer.
 */
export async function createWorkspaceFor(user: { id: string; email: string }, name: string, ip: string | null): Promise<Workspace> {
  if (!(await canCreateWorkspaces(user.id))) {
    throw new AppError("forbidden", "Only owners of a workspace can start a new one. Ask an owner to create it or to make you an owner.");
  }
  const id = newId(ID_PREFIXES.workspace);
  const owner = memberCaller(user, id, "owner", ip);
  const [workspace] = await getDb().$transaction([
    getDb().workspace.create({ data: { id, name, slug: workspaceSlug(name) } }),
    getDb().member.create({ data: { id: newId(ID_PREFIXES.member), workspaceId: id, userId: user.id, role: "owner" } }),
    recordAudit(owner, { action: "workspace.created", targetType: "workspace", targetId: id, targetLabel: name }),
  ]);
  return workspace;
}

export async function getWorkspace(caller: Caller): Promise<Workspace> {
  const workspace = await getDb().workspace.findUnique({ where: { id: caller.workspaceId } });
  if (!workspace) throw notFound("workspace", caller.workspaceId);
  return workspace;
}

/** Operator use (npm run apikey): a workspace by id, no caller. */
export async function findWorkspace(id: string): Promise<Workspace | null> {
  return getDb().workspace.findUnique({ where: { id } });
}

export async function renameWorkspace(caller: Caller, name: string): Promise<Workspace> {
  requireRole(caller, "owner");
  const before = await getWorkspace(caller);
  const [workspace] = await getDb().$transaction([
    getDb().workspace.update({ where: { id: caller.workspaceId }, data: { name } }),
    recordAudit(caller, { action: "workspace.renamed", targetType: "workspace", targetId: caller.workspaceId, targetLabel: name, details: { from: before.name, to: name } }),
  ]);
  return workspace;
}
