"use server";

import { workspaceAction } from "@/lib/auth/action";
import { createApiKey, revokeApiKey } from "@/lib/auth/api-keys";
import { apiKeyCreateSchema, idSchema } from "@/lib/auth/schema";

// Viewers may hold keys too (read-only ones: a key never exceeds its creator's role), so both
// actions are open to every member; the service enforces the ceiling and who may revoke what.

export const createKey = workspaceAction({ role: "viewer", schema: apiKeyCreateSchema }, async ({ input, caller }) => {
  const { key, info } = await createApiKey(caller, input);
  return { key, id: info.id, name: info.name, role: info.role };
});

export const revokeKey = workspaceAction({ role: "viewer", schema: idSchema }, async ({ input, caller }) => {
  await revokeApiKey(caller, input.id);
  return { id: input.id };
});
