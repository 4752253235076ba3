"use server";

import { workspaceAction } from "@/lib/auth/action";
import { modelPriceKeySchema, modelPriceSchema } from "@/lib/pricing/schema";
import { deleteModelPrice, setModelPrice } from "@/lib/pricing/service";
import { providerFormSchema, providerIdSchema, providerUpdateSchema } from "@/lib/providers/schema";
import { createProvider, deleteProvider, testConnection, updateProvider } from "@/lib/providers/service";

// Settings → Providers. Only owners manage providers: a provider receives the workspace's prompts,
// and its key is the workspace's. Results carry the key's hint, never the key.

export const addProvider = workspaceAction({ role: "owner", schema: providerFormSchema }, async ({ input, caller }) => createProvider(caller, input));

export const editProvider = workspaceAction({ role: "owner", schema: providerUpdateSchema }, async ({ input: { id, ...fields }, caller }) =>
  updateProvider(caller, id, fields),
);

export const removeProvider = workspaceAction({ role: "owner", schema: providerIdSchema }, async ({ input, caller }) => {
  await deleteProvider(caller, input.id);
  return { id: input.id };
});

/** GET {baseUrl}/models with the stored key; a success also refreshes the provider's cached model list. */
export const testProvider = workspaceAction({ role: "owner", schema: providerIdSchema }, async ({ input, caller }) => testConnection(caller, input.id));

/** A model's price per 1M tokens (added or replaced): runs from now on state their cost. */
export const saveModelPrice = workspaceAction({ role: "owner", schema: modelPriceSchema }, async ({ input, caller }) => setModelPrice(caller, input));

export const removeModelPrice = workspaceAction({ role: "owner", schema: modelPriceKeySchema }, async ({ input, caller }) => {
  await deleteModelPrice(caller, input.model);
  return { model: input.model };
});
