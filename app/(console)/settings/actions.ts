"use server";

import { workspaceAction } from "@/lib/auth/action";
import { workspaceSchema } from "@/lib/auth/schema";
import { renameWorkspace as rename } from "@/lib/workspaces/service";

export const renameWorkspace = workspaceAction({ role: "owner", schema: workspaceSchema }, async ({ input, caller }) => {
  const workspace = await rename(caller, input.name);
  return { name: workspace.name };
});
