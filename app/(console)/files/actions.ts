"use server";

import { z } from "@/lib/zod";
import { workspaceAction } from "@/lib/auth/action";
import { previewFile } from "@/lib/files/preview";
import { deleteFile, filesByIds, findFiles } from "@/lib/files/service";
import { toFileObject } from "@/lib/files/wire";
import { findStores, storesByIds } from "@/lib/vector-stores/service";
import { toVectorStoreObject } from "@/lib/vector-stores/wire";

// The Files page's actions, and the file and vector store pickers' (the assistant editor's
// tool_resources, the playground's attachments). Uploads do not come through here: the browser
// streams them to POST /api/v1/files (the console session works there), which reports progress and
// keeps one upload path. Deleting goes through the same service as the API's DELETE.

const idInput = z.object({ id: z.string().min(1).max(64) });
const pickerQuery = z.object({ query: z.string().max(256).default("") });
// At most what an assistant or a message can name (20 files, 1 store), with room to spare.
const ids = z.array(z.string().min(1).max(256)).max(100).default([]);

export const loadFilePreview = workspaceAction({ role: "viewer", schema: idInput }, async ({ input, caller }) => previewFile(caller, input.id));

export const removeFile = workspaceAction({ role: "editor", schema: idInput }, async ({ input, caller }) => {
  await deleteFile(caller, input.id);
  return { id: input.id };
});

/** Files to pick from, by name (or id), newest first. */
export const pickerFiles = workspaceAction({ role: "viewer", schema: pickerQuery }, async ({ input, caller }) => (await findFiles(caller, input.query)).map(toFileObject));

/** Vector stores to pick from, by name (or id), newest first. */
export const pickerVectorStores = workspaceAction({ role: "viewer", schema: pickerQuery }, async ({ input, caller }) =>
  (await findStores(caller.workspaceId, input.query)).map(toVectorStoreObject),
);

/** The files and stores among these ids that the workspace has, so a picker names what is chosen; the others are absent. */
export const lookupResources = workspaceAction({ role: "viewer", schema: z.object({ fileIds: ids, vectorStoreIds: ids }) }, async ({ input, caller }) => ({
  files: (await filesByIds(caller, input.fileIds)).map(toFileObject),
  vectorStores: (await storesByIds(caller.workspaceId, input.vectorStoreIds)).map(toVectorStoreObject),
}));
