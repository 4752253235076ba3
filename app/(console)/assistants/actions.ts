"use server";

import { z } from "@/lib/zod";
import { workspaceAction } from "@/lib/auth/action";
import { assistantFormSchema } from "@/lib/assistants/form";
import { createAssistant, deleteAssistant, duplicateAssistant, getAssistant, updateAssistant } from "@/lib/assistants/service";
import { searchAssistants } from "@/lib/assistants/search";
import { assistantSearchSchema } from "@/lib/assistants/search-schema";
import { toAssistantListItem, toAssistantObject } from "@/lib/assistants/wire";
import { toListObject } from "@/lib/wire";
import { parseOrThrow } from "@/lib/validation";
import { sampleCheckSchema, validateSample } from "@/lib/schema-builder/validate-sample";

// The assistant editor's actions. Form values are parsed with the editor's schema, which pipes into
// the API's (lib/assistants/form.ts), so field errors come back at the form's own paths.

const idInput = z.object({ id: z.string().min(1).max(64) });

const editorState = (row: Awaited<ReturnType<typeof getAssistant>>) => ({ assistant: toAssistantObject(row), version: row.version });

export const createAssistantFromForm = workspaceAction({ role: "editor", schema: z.object({ values: z.unknown() }) }, async ({ input, caller }) => {
  const row = await createAssistant(caller, parseOrThrow(assistantFormSchema, input.values));
  return editorState(row);
});

/**
 * Saves over `version` (what the editor loaded); a newer stored version is a `conflict` and nothing
 * is written. `overwrite` (the person chose it in the conflict dialog) saves over whatever is there.
 * `note`: what the new version is for, kept with it.
 */
export const saveAssistant = workspaceAction(
  {
    role: "editor",
    schema: z.object({ id: z.string().min(1).max(64), version: z.number().int().min(1), overwrite: z.boolean().default(false), note: z.string().max(512).optional(), values: z.unknown() }),
  },
  async ({ input, caller }) => {
    const fields = parseOrThrow(assistantFormSchema, input.values);
    const row = await updateAssistant(caller, input.id, fields, { note: input.note, ...(input.overwrite ? {} : { ifVersion: input.version }) });
    return editorState(row);
  },
);

/** The stored assistant as it is now (the conflict dialog compares it with the form). */
export const loadAssistant = workspaceAction({ role: "viewer", schema: idInput }, async ({ input, caller }) => editorState(await getAssistant(caller, input.id)));

export const removeAssistant = workspaceAction({ role: "editor", schema: idInput }, async ({ input, caller }) => {
  await deleteAssistant(caller, input.id);
  return { id: input.id };
});

export const copyAssistant = workspaceAction({ role: "editor", schema: idInput }, async ({ input, caller }) => {
  const row = await duplicateAssistant(caller, input.id);
  return { id: row.id };
});

/** The console list (TanStack Query's fetcher): search, filters and keyset pages, plus the total. */
export const searchAssistantList = workspaceAction({ role: "viewer", schema: assistantSearchSchema }, async ({ input, caller }) => {
  const page = await searchAssistants(caller, input);
  return { list: toListObject(page, toAssistantListItem), total: page.total };
});

/** The schema builder's "Try it": a sample (arguments, a response) checked against the schema with Ajv. */
export const checkSample = workspaceAction(
  { role: "viewer", schema: sampleCheckSchema },
  async ({ input }) => validateSample(input.schema, input.sample),
);
