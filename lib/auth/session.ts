import "server-only";
import { authFor } from "@/lib/auth/better-auth";
import type { Caller } from "@/lib/auth/caller";
import { clientIp } from "@/lib/auth/client-ip";
import { isRole, type Role } from "@/lib/auth/roles";
import { getPool } from "@/lib/db";

// A signed-in person: their better-auth session, and their membership of the workspace they are
// working in (the session's active workspace, else their oldest membership). Membership is read on
// every request, so removing someone or changing their role takes effect at once.

export type SessionUser = { id: string; name: string; email: string };
export type UserSession = { user: SessionUser; sessionId: string; activeWorkspaceId: string | null };
export type Membership = { workspaceId: string; workspaceName: string; role: Role };

export async function readSession(headers: Headers): Promise<UserSession | null> {
  const found = await authFor(headers).api.getSession({ headers, query: { disableCookieCache: true } });
  if (!found) return null;
  const { user, session } = found;
  return {
    user: { id: user.id, name: user.name, email: user.email },
    sessionId: session.id,
    // better-auth names fields by its own schema (activeOrganizationId), whatever the column is called.
    activeWorkspaceId: session.activeOrganizationId ?? null,
  };
}

type MembershipRow = { workspaceId: string; workspaceName: string; role: string };

/** The membership to work in: the preferred workspace if still a member there, else the oldest. */
export async function currentMembership(userId: string, preferredWorkspaceId: string | null): Promise<Membership | null> {
  const { rows } = await getPool().query<MembershipRow>({
    name: "current_membership",
    text: `SELECT m.workspace_id AS "workspaceId", w.name AS "workspaceName", m.role
      FROM members m JOIN workspaces w ON w.id = m.workspace_id
      WHERE m.user_id = $1 ORDER BY (m.workspace_id = $2) DESC, m.created_at ASC, m.id ASC LIMIT 1`,
    values: [userId, preferredWorkspaceId ?? ""],
  });
  const row = rows[0];
  return row && isRole(row.role) ? { workspaceId: row.workspaceId, workspaceName: row.workspaceName, role: row.role } : null;
}

export async function listMemberships(userId: string): Promise<Membership[]> {
  const { rows } = await getPool().query<MembershipRow>(
    `SELECT m.workspace_id AS "workspaceId", w.name AS "workspaceName", m.role
      FROM members m JOIN workspaces w ON w.id = m.workspace_id WHERE m.user_id = $1 ORDER BY lower(w.name), w.id`,
    [userId],
  );
  return rows.flatMap((row) => (isRole(row.role) ? [{ workspaceId: row.workspaceId, workspaceName: row.workspaceName, role: row.role }] : []));
}

export function userCaller(session: UserSession, membership: Membership, headers: Headers): Caller {
  return {
    kind: "user",
    workspaceId: membership.workspaceId,
    role: membership.role,
    userId: session.user.id,
    keyId: null,
    label: session.user.email,
    ip: clientIp(headers),
  };
}

/** The caller behind a session cookie, or null when there is no valid session or no membership. */
export async function callerFromSession(headers: Headers): Promise<Caller | null> {
  const session = await readSession(headers);
  if (!session) return null;
  const membership = await currentMembership(session.user.id, session.activeWorkspaceId);
  return membership ? userCaller(session, membership, headers) : null;
}
