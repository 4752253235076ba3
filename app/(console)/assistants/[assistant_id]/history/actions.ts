"use server";

import { workspaceAction } from "@/lib/auth/action";
import { getVersion, removeLabel, restoreVersion, setLabel } from "@/lib/assistants/versions";
import { labelSchema, versionNumberSchema } from "@/lib/assistants/versions-schema";
import { toVersionObject } from "@/lib/assistants/version-wire";
import { z } from "@/lib/zod";

// The History page: versions read on demand (for a diff), restored and labelled. The same services
// as the API's versions endpoints.

const ref = { id: z.string().min(1).max(64), version: versionNumberSchema };

export const loadAssistantVersion = workspaceAction({ role: "viewer", schema: z.object(ref) }, async ({ input, caller }) => toVersionObject(await getVersion(caller, input.id, input.version)));

export const restoreAssistantVersion = workspaceAction({ role: "editor", schema: z.object({ ...ref, note: z.string().max(512).optional() }) }, async ({ input, caller }) => {
  const row = await restoreVersion(caller, input.id, input.version, input.note);
  return { version: row.version };
});

export const setAssistantLabel = workspaceAction({ role: "editor", schema: z.object({ ...ref, label: labelSchema }) }, async ({ input, caller }) => {
  const version = await setLabel(caller, input.id, input.label, input.version);
  return { version: version.version, labels: version.labels };
});

export const removeAssistantLabel = workspaceAction({ role: "editor", schema: z.object({ id: ref.id, label: labelSchema }) }, async ({ input, caller }) => {
  await removeLabel(caller, input.id, input.label);
  return { label: input.label };
});
