import "server-only";
import { AppError } from "@/lib/errors";
import { hasRole, type Role } from "@/lib/auth/roles";

// Who is calling and what they may touch. Every route handler (lib/api/route.ts) and server action
// (lib/auth/action.ts) gets one from lib/auth before anything else, and services take the workspace
// from it, never from request input.

export type CallerKind = "user" | "api_key" | "admin_key" | "operator";

export type Caller = {
  kind: CallerKind;
  workspaceId: string;
  /** For keys, the key's role ceiling capped by its creator's current role. */
  role: Role;
  userId: string | null;
  keyId: string | null;
  /** Who did it, as the activity log shows it: an email, a key's name. */
  label: string;
  /** The client's address, when known (activity log). */
  ip: string | null;
};

export { type Role } from "@/lib/auth/roles";

const ROLE_NEEDED: Record<Role, string> = {
  owner: "Only workspace owners can do this.",
  editor: "This account or key can only read in this workspace; it cannot make changes.",
  viewer: "You are not a member of this workspace.",
};

export function requireRole(caller: Caller, atLeast: Role): void {
  if (!hasRole(caller.role, atLeast)) throw new AppError("forbidden", ROLE_NEEDED[atLeast], { apiCode: "insufficient_permissions" });
}

/** Creating, changing or deleting workspace content: editors and owners. */
export const requireWrite = (caller: Caller): void => requireRole(caller, "editor");

/** A member acting in a workspace (from a session, or right after joining or creating one). */
export function memberCaller(user: { id: string; email: string }, workspaceId: string, role: Role, ip: string | null): Caller {
  return { kind: "user", workspaceId, role, userId: user.id, keyId: null, label: user.email, ip };
}

/** Command-line tools acting as the operator of the instance (`npm run apikey`). */
export function operatorCaller(workspaceId: string, label = "npm run apikey"): Caller {
  return { kind: "operator", workspaceId, role: "owner", userId: null, keyId: null, label, ip: null };
}
