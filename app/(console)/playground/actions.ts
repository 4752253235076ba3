"use server";

import { z } from "@/lib/zod";
import { workspaceAction } from "@/lib/auth/action";
import { createThread, deleteThread } from "@/lib/threads/service";
import { listThreadSummaries, renameThread } from "@/lib/threads/summaries";
import { threadRenameSchema, threadSummaryQuerySchema } from "@/lib/threads/summary-schema";
import { toThreadObject } from "@/lib/threads/wire";
import { assistantFields } from "@/lib/assistants/schema";
import { updateAssistant } from "@/lib/assistants/service";
import { toAssistantObject } from "@/lib/assistants/wire";
import { MAX_RUNS_PER_READ } from "@/lib/runs/data/history";
import { fileSearchCalls, runHistory } from "@/lib/runs/service";
import { listDeliveries } from "@/lib/webhooks/deliveries";

// The playground sidebar's thread list. Messages and runs go through /api/v1 from the browser (the
// playground is an API client like any other); these are the parts the API has no endpoint for.

const idInput = z.object({ id: z.string().min(1).max(64) });

export const listPlaygroundThreads = workspaceAction({ role: "viewer", schema: threadSummaryQuerySchema }, async ({ input, caller }) => {
  const page = await listThreadSummaries(caller, input);
  return { data: page.data, has_more: page.hasMore };
});

// The assistant id is only ever compared with the id of the playground listing threads, never
// followed, so it is not looked up here (the first send waits on this).
export const createPlaygroundThread = workspaceAction({ role: "editor", schema: z.object({ assistantId: z.string().min(1).max(64) }) }, async ({ input, caller }) =>
  toThreadObject(await createThread(caller, {}, input.assistantId)),
);

export const renamePlaygroundThread = workspaceAction({ role: "editor", schema: threadRenameSchema }, async ({ input, caller }) => {
  await renameThread(caller, input.id, input.title);
  return { id: input.id, title: input.title || null };
});

export const deletePlaygroundThread = workspaceAction({ role: "editor", schema: idInput }, async ({ input, caller }) => {
  await deleteThread(caller, input.id);
  return { id: input.id };
});

/** Of the runs whose messages the chat shows: their tool calls (kept visible) and response formats. */
export const loadRunHistory = workspaceAction(
  { role: "viewer", schema: z.object({ threadId: z.string().min(1).max(64), runIds: z.array(z.string().min(1).max(64)).max(MAX_RUNS_PER_READ) }) },
  async ({ input, caller }) => runHistory(caller, input.threadId, input.runIds),
);

/** A run's file_search calls with their queries, scores and results' text: the run inspector's, and what a citation quotes. */
export const loadFileSearchCalls = workspaceAction(
  { role: "viewer", schema: z.object({ threadId: z.string().min(1).max(64), runId: z.string().min(1).max(64) }) },
  async ({ input, caller }) => fileSearchCalls(caller, input.threadId, input.runId),
);

/** The Assistant tab's "Save to assistant": only the fields it edits, parsed as the API parses them. */
export const saveAssistantSettings = workspaceAction(
  {
    role: "editor",
    schema: z.object({
      id: z.string().min(1).max(64),
      changes: z.strictObject({
        model: assistantFields.model.optional(),
        instructions: assistantFields.instructions.optional(),
        temperature: assistantFields.temperature.optional(),
        top_p: assistantFields.top_p.optional(),
        response_format: assistantFields.response_format.optional(),
      }),
    }),
  },
  async ({ input, caller }) => toAssistantObject(await updateAssistant(caller, input.id, input.changes)),
);

/** A run's webhook deliveries, for the run inspector (Settings → Webhooks has the workspace's). */
export const loadRunDeliveries = workspaceAction({ role: "viewer", schema: z.object({ runId: z.string().min(1).max(64) }) }, async ({ input, caller }) =>
  listDeliveries(caller, { runId: input.runId, limit: 50 }),
);
