"use server";

import { workspaceAction } from "@/lib/auth/action";
import { assistantFields } from "@/lib/assistants/schema";
import { updateAssistant } from "@/lib/assistants/service";
import { restoreVersion } from "@/lib/assistants/versions";
import { versionNumberSchema } from "@/lib/assistants/versions-schema";
import { toAssistantObject } from "@/lib/assistants/wire";
import { createThread } from "@/lib/threads/service";
import { THREAD_TITLE_KEY, threadRenameSchema } from "@/lib/threads/summary-schema";
import { MAX_COLUMNS } from "@/lib/playground/compare";
import { z } from "@/lib/zod";

// The compare view's threads, one per column, made in one request: a page's server actions run one
// after another, so a request per column would start the columns' runs a round trip apart. Each
// is the playground's (listed with the assistant's threads), titled after its column's variant.
export const createCompareThreads = workspaceAction(
  { role: "editor", schema: z.object({ assistantId: z.string().min(1).max(64), titles: z.array(threadRenameSchema.shape.title.min(1)).min(1).max(MAX_COLUMNS) }) },
  async ({ input, caller }) => {
    const threads = await Promise.all(input.titles.map((title) => createThread(caller, { metadata: { [THREAD_TITLE_KEY]: title } }, input.assistantId)));
    return threads.map((thread) => thread.id);
  },
);

// The compare view's "Save as new version": a column's variant becomes the assistant's next
// version, through the same services as the editor and History (a saved version is restored; a
// draft's changes are saved). A variant equal to the current assistant makes no version.

const changes = z.strictObject({
  model: assistantFields.model.optional(),
  instructions: assistantFields.instructions.optional(),
  temperature: assistantFields.temperature.optional(),
  top_p: assistantFields.top_p.optional(),
  response_format: assistantFields.response_format.optional(),
  // Tools off in a column: the version has none.
  tools: z.array(z.never()).max(0).optional(),
});

export const saveVariantAsVersion = workspaceAction(
  {
    role: "editor",
    schema: z.object({
      id: z.string().min(1).max(64),
      note: z.string().max(512).optional(),
      from: z.union([z.strictObject({ version: versionNumberSchema }), z.strictObject({ changes })]),
    }),
  },
  async ({ input, caller }) => {
    const row = "version" in input.from ? await restoreVersion(caller, input.id, input.from.version, input.note) : await updateAssistant(caller, input.id, input.from.changes, { note: input.note ?? null });
    return toAssistantObject(row);
  },
);
