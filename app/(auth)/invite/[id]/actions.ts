"use server";

import { redirect } from "next/navigation";
import { z } from "@/lib/zod";
import { publicAction, userAction } from "@/lib/auth/action";
import { signOut, signUpWithInvitation } from "@/lib/auth/accounts";
import { setActiveWorkspace } from "@/lib/auth/session";
import { clientIp } from "@/lib/auth/client-ip";
import { acceptInviteSignUpSchema } from "@/lib/auth/schema";
import { acceptInvitation } from "@/lib/workspaces/members";

const invitationSchema = z.object({ invitationId: z.string().min(1).max(64) });

/** Signed in with the invited email: join, and work in the new workspace. */
export const acceptInvite = userAction(invitationSchema, async ({ input, session, headers }) => {
  const workspaceId = await acceptInvitation(session.user, input.invitationId, clientIp(headers));
  await setActiveWorkspace(headers, workspaceId);
  redirect("/assistants");
});

/** No account yet: create one for the invited email, signed in and joined. */
export const joinWithNewAccount = publicAction(acceptInviteSignUpSchema, async ({ input, headers }) => {
  await signUpWithInvitation(input, headers);
  redirect("/assistants");
});

/** Signed in as someone else: sign out and come back to the invitation. */
export const signOutForInvite = userAction(invitationSchema, async ({ input, headers }) => {
  await signOut(headers);
  redirect(`/invite/${encodeURIComponent(input.invitationId)}`);
});
