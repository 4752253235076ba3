import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { toAppError } from "@/lib/auth/auth-errors";
import { authFor } from "@/lib/auth/better-auth";
import { memberCaller, requireRole, type Caller } from "@/lib/auth/caller";
import { isRole, type Role } from "@/lib/auth/roles";
import type { InviteInput } from "@/lib/auth/schema";
import { getDb } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { ID_PREFIXES, newId } from "@/lib/ids";

// Members and invitations of the caller's workspace. Owners invite (a link they copy and send
// themselves: there is no mail server), change roles and remove members; a workspace always keeps
// at least one owner. Invitations are created by better-auth's organization plugin (expiry,
// one pending invitation per email); accepting one is ours, so that a new account can be made
// and join in one step.

export type MemberView = { id: string; userId: string; name: string; email: string; role: Role; createdAt: Date };
export type InvitationView = { id: string; email: string; role: Role; status: string; expiresAt: Date; createdAt: Date; inviter: string };

export async function listMembers(caller: Caller): Promise<MemberView[]> {
  const rows = await getDb().member.findMany({
    where: { workspaceId: caller.workspaceId },
    include: { user: { select: { name: true, email: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    userId: row.userId,
    name: row.user.name,
    email: row.user.email,
    role: isRole(row.role) ? row.role : "viewer",
    createdAt: row.createdAt,
  }));
}

export async function listPendingInvitations(caller: Caller): Promise<InvitationView[]> {
  requireRole(caller, "owner");
  const rows = await getDb().invitation.findMany({
    where: { workspaceId: caller.workspaceId, status: "pending", expiresAt: { gt: new Date() } },
    include: { inviter: { select: { email: true } } },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: isRole(row.role) ? row.role : "viewer",
    status: row.status,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    inviter: row.inviter.email,
  }));
}

export async function inviteMember(caller: Caller, input: InviteInput, headers: Headers): Promise<InvitationView> {
  requireRole(caller, "owner");
  const already = await getDb().member.findFirst({ where: { workspaceId: caller.workspaceId, user: { email: input.email } }, select: { id: true } });
  if (already) {
    throw new AppError("conflict", `${input.email} is already a member of this workspace.`, { fieldErrors: { email: ["Already a member."] } });
  }
  let invitation;
  try {
    invitation = await authFor(headers).api.createInvitation({
      body: { email: input.email, role: input.role, organizationId: caller.workspaceId },
      headers,
    });
  } catch (error) {
    throw toAppError(error);
  }
  // Not the invitation's id: it is the link's secret, and every member can read the activity log.
  await recordAudit(caller, { action: "invitation.created", targetType: "invitation", targetLabel: input.email, details: { role: input.role } });
  return { id: invitation.id, email: invitation.email, role: input.role, status: invitation.status, expiresAt: invitation.expiresAt, createdAt: invitation.createdAt, inviter: caller.label };
}

export async function cancelInvitation(caller: Caller, id: string): Promise<void> {
  requireRole(caller, "owner");
  await getDb().$transaction(async (tx) => {
    const [row] = await tx.invitation.updateManyAndReturn({
      where: { id, workspaceId: caller.workspaceId, status: "pending" },
      data: { status: "canceled" },
      select: { email: true },
    });
    if (!row) throw notFound("pending invitation", id);
    await recordAudit(caller, { action: "invitation.canceled", targetType: "invitation", targetLabel: row.email }, tx);
  });
}

async function memberOf(caller: Caller, memberId: string) {
  const member = await getDb().member.findFirst({
    where: { id: memberId, workspaceId: caller.workspaceId },
    include: { user: { select: { email: true } } },
  });
  if (!member) throw notFound("member", memberId);
  return member;
}

type Tx = Parameters<Parameters<ReturnType<typeof getDb>["$transaction"]>[0]>[0];

/**
 * Inside the transaction that demotes or removes a member: locks the workspace's member rows (so two
 * owners demoting each other at once cannot both succeed), reads the member's role as it is now, and
 * refuses to leave the workspace without an owner. Returns the role it read.
 */
async function lockForOwnerCheck(tx: Tx, workspaceId: string, memberId: string): Promise<string> {
  const rows = await tx.$queryRaw<{ id: string; role: string }[]>`SELECT id, role FROM members WHERE workspace_id = ${workspaceId} ORDER BY id FOR UPDATE`;
  const target = rows.find((row) => row.id === memberId);
  if (!target) throw notFound("member", memberId);
  if (target.role === "owner" && !rows.some((row) => row.role === "owner" && row.id !== memberId)) {
    throw new AppError("conflict", "A workspace needs at least one owner: make someone else an owner first.");
  }
  return target.role;
}

export async function changeMemberRole(caller: Caller, memberId: string, role: Role): Promise<void> {
  requireRole(caller, "owner");
  const member = await memberOf(caller, memberId);
  await getDb().$transaction(async (tx) => {
    const current = role === "owner" ? member.role : await lockForOwnerCheck(tx, caller.workspaceId, memberId);
    if (current === role) return;
    await tx.member.update({ where: { id: memberId }, data: { role } });
    await recordAudit(caller, { action: "member.role_changed", targetType: "member", targetId: memberId, targetLabel: member.user.email, details: { from: current, to: role } }, tx);
  });
}

/** Takes effect at once: membership is read on every request, and the member's API keys stop working. */
export async function removeMember(caller: Caller, memberId: string): Promise<void> {
  requireRole(caller, "owner");
  const member = await memberOf(caller, memberId);
  await getDb().$transaction(async (tx) => {
    await lockForOwnerCheck(tx, caller.workspaceId, memberId);
    await tx.member.delete({ where: { id: memberId } });
    await tx.apiKey.updateMany({ where: { workspaceId: caller.workspaceId, createdById: member.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordAudit(caller, { action: "member.removed", targetType: "member", targetId: memberId, targetLabel: member.user.email }, tx);
  });
}

export type InvitationPreview = {
  id: string;
  email: string;
  role: Role;
  workspaceName: string;
  inviter: string;
  state: "pending" | "expired" | "accepted" | "canceled";
  hasAccount: boolean;
};

/** What the invite page shows; anyone holding the link may see it (the id is the secret). */
export async function previewInvitation(id: string): Promise<InvitationPreview | null> {
  const row = await getDb().invitation.findUnique({
    where: { id },
    include: { workspace: { select: { name: true } }, inviter: { select: { name: true, email: true } } },
  });
  if (!row) return null;
  const hasAccount = (await getDb().user.count({ where: { email: row.email } })) > 0;
  const state = row.status !== "pending" ? (row.status === "accepted" ? "accepted" : "canceled") : row.expiresAt <= new Date() ? "expired" : "pending";
  return {
    id: row.id,
    email: row.email,
    role: isRole(row.role) ? row.role : "viewer",
    workspaceName: row.workspace.name,
    inviter: row.inviter.name || row.inviter.email,
    state,
    hasAccount,
  };
}

/** Joins the invitation's workspace as `user`, whose email must be the one invited. Returns the workspace id. */
export async function acceptInvitation(user: { id: string; email: string }, invitationId: string, ip: string | null): Promise<string> {
  return getDb().$transaction(async (tx) => {
    const [invitation] = await tx.invitation.updateManyAndReturn({
      where: { id: invitationId, status: "pending", expiresAt: { gt: new Date() }, email: user.email.toLowerCase() },
      data: { status: "accepted" },
    });
    if (!invitation) {
      throw new AppError("not_found", "This invitation is no longer valid, or it was sent to another email address.");
    }
    const role = isRole(invitation.role) ? invitation.role : "viewer";
    await tx.member.upsert({
      where: { workspaceId_userId: { workspaceId: invitation.workspaceId, userId: user.id } },
      update: {},
      create: { id: newId(ID_PREFIXES.member), workspaceId: invitation.workspaceId, userId: user.id, role },
    });
    const joined = memberCaller(user, invitation.workspaceId, role, ip);
    await recordAudit(joined, { action: "member.joined", targetType: "member", targetId: user.id, targetLabel: user.email, details: { role } }, tx);
    return invitation.workspaceId;
  });
}
