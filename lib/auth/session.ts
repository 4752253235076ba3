import "server-only";
import { authFor } from "@/lib/auth/better-auth";
import { memberCaller, type Caller } from "@/lib/auth/caller";
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

export type MembershipWithJoin = Membership & { joinedAt: Date };

/** Every workspace the user is in, by name (the switcher's list). */
export async function listMemberships(userId: string): Promise<MembershipWithJoin[]> {
  const { rows } = await getPool().query<MembershipRow & { joinedAt: Date }>(
    `SELECT m.workspace_id AS "workspaceId", w.name AS "workspaceName", m.role, m.created_at AS "joinedAt"
      FROM members m JOIN workspaces w ON w.id = m.workspace_id WHERE m.user_id = $1 ORDER BY lower(w.name), w.id`,
    [userId],
  );
  return rows.flatMap((row) =>
    isRole(row.role) ? [{ workspaceId: row.workspaceId, workspaceName: row.workspaceName, role: row.role, joinedAt: row.joinedAt }] : [],
  );
}

/** currentMembership's rule applied to a list already read: the preferred workspace, else the oldest. */
export function pickMembership<M extends MembershipWithJoin>(memberships: M[], preferredWorkspaceId: string | null): M | null {
  const preferred = memberships.find((membership) => membership.workspaceId === preferredWorkspaceId);
  if (preferred) return preferred;
  return memberships.reduce<M | null>((oldest, membership) => (!oldest || membership.joinedAt < oldest.joinedAt ? membership : oldest), null);
}

export function userCaller(session: UserSession, membership: Membership, headers: Headers): Caller {
  return memberCaller(session.user, membership.workspaceId, membership.role, clientIp(headers));
}

/** Works in `workspaceId` from now on (better-auth checks the membership). */
export async function setActiveWorkspace(headers: Headers, workspaceId: string): Promise<void> {
  await authFor(headers).api.setActiveOrganization({ headers, body: { organizationId: workspaceId } });
}

/** The caller behind a session cookie, or null when there is no valid session or no membership. */
export async function callerFromSession(headers: Headers): Promise<Caller | null> {
  const session = await readSession(headers);
  if (!session) return null;
  const membership = await currentMembership(session.user.id, session.activeWorkspaceId);
  return membership ? userCaller(session, membership, headers) : null;
}
