"use server";

import { workspaceAction } from "@/lib/auth/action";
import { idSchema, inviteSchema, memberRoleSchema } from "@/lib/auth/schema";
import { cancelInvitation, changeMemberRole, inviteMember, removeMember } from "@/lib/workspaces/members";

export const invite = workspaceAction({ role: "owner", schema: inviteSchema }, async ({ input, caller, headers }) => {
  const invitation = await inviteMember(caller, input, headers);
  return { id: invitation.id, email: invitation.email, role: invitation.role };
});

export const cancelInvite = workspaceAction({ role: "owner", schema: idSchema }, async ({ input, caller }) => {
  await cancelInvitation(caller, input.id);
  return { id: input.id };
});

export const changeRole = workspaceAction({ role: "owner", schema: memberRoleSchema }, async ({ input, caller }) => {
  await changeMemberRole(caller, input.memberId, input.role);
  return { memberId: input.memberId, role: input.role };
});

export const removeFromWorkspace = workspaceAction({ role: "owner", schema: idSchema }, async ({ input, caller }) => {
  await removeMember(caller, input.id);
  return { id: input.id };
});
