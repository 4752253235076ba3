"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "@/lib/zod";
import { userAction } from "@/lib/auth/action";
import { signOut as endSession } from "@/lib/auth/accounts";
import { clientIp } from "@/lib/auth/client-ip";
import { workspaceSchema } from "@/lib/auth/schema";
import { listMemberships, setActiveWorkspace } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { createWorkspaceFor } from "@/lib/workspaces/service";

// The shell's actions: which workspace to work in, a new workspace, signing out.

/** Works in `workspaceId` from now on; the shell (a layout the client keeps) is rendered anew. */
async function activate(headers: Headers, workspaceId: string): Promise<void> {
  await setActiveWorkspace(headers, workspaceId);
  revalidatePath("/", "layout");
}

export const switchWorkspace = userAction(z.object({ workspaceId: z.string().min(1).max(64) }), async ({ input, session, headers }) => {
  const memberships = await listMemberships(session.user.id);
  if (!memberships.some((membership) => membership.workspaceId === input.workspaceId)) {
    throw new AppError("not_found", "You are not a member of that workspace.");
  }
  await activate(headers, input.workspaceId);
  return { workspaceId: input.workspaceId };
});

/** The form then opens /assistants itself, a fresh request that reads the new active workspace. */
export const createWorkspace = userAction(workspaceSchema, async ({ input, session, headers }) => {
  const workspace = await createWorkspaceFor(session.user, input.name, clientIp(headers));
  await activate(headers, workspace.id);
  return { workspaceId: workspace.id };
});

export const signOut = userAction(z.unknown(), async ({ headers }) => {
  await endSession(headers);
  redirect("/sign-in");
});

/** For `<form action>` (the account menu), which wants a function of FormData returning nothing. */
export async function signOutFromMenu(): Promise<void> {
  await signOut(undefined);
}
