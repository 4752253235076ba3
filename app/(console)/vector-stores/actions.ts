"use server";

import { z } from "@/lib/zod";
import { workspaceAction } from "@/lib/auth/action";
import { listFiles } from "@/lib/files/service";
import { toFileObject } from "@/lib/files/wire";
import { addStoreFile, createBatch, fileIdsInStore, removeStoreFile } from "@/lib/vector-stores/files";
import { createBatchSchema, createStoreSchema, modifyStoreSchema } from "@/lib/vector-stores/schema";
import { searchRequestSchema } from "@/lib/vector-stores/search/schema";
import { searchStore } from "@/lib/vector-stores/search/service";
import { createStore, deleteStore, getStore, modifyStore } from "@/lib/vector-stores/service";
import { toSearchTesterResults } from "@/lib/vector-stores/wire";
import { parseOrThrow } from "@/lib/validation";

// The Vector stores pages' actions, through the same services and schemas as /api/v1/vector_stores
// (the create form's values are the API's request: lib/vector-stores/form.ts pipes into it). New
// files are uploaded by the browser to POST /api/v1/files, as on the Files page, then added here.

const id = z.string().min(1).max(64);
const idInput = z.object({ id });

export const createVectorStore = workspaceAction({ role: "editor", schema: createStoreSchema }, async ({ input, caller }) => {
  const store = await createStore(caller, input);
  return { id: store.id };
});

export const updateVectorStore = workspaceAction({ role: "editor", schema: z.object({ id, values: z.unknown() }) }, async ({ input, caller }) => {
  const store = await modifyStore(caller, input.id, parseOrThrow(modifyStoreSchema, input.values));
  return { id: store.id, name: store.name };
});

export const deleteVectorStore = workspaceAction({ role: "editor", schema: idInput }, async ({ input, caller }) => {
  await deleteStore(caller, input.id);
  return { id: input.id };
});

/** `batch` is the API's file batch request ({ file_ids, chunking_strategy }); one file is added as the API adds one. */
export const addFilesToVectorStore = workspaceAction({ role: "editor", schema: z.object({ id, batch: z.unknown() }) }, async ({ input, caller }) => {
  const files = parseOrThrow(createBatchSchema, input.batch);
  if (files.length === 1) await addStoreFile(caller, input.id, files[0]!);
  else await createBatch(caller, input.id, files);
  return { added: files.length };
});

export const removeFileFromVectorStore = workspaceAction({ role: "editor", schema: z.object({ id, file_id: id }) }, async ({ input, caller }) => {
  await removeStoreFile(caller, input.id, input.file_id);
  return { id: input.file_id };
});

/** The search tester: the API's search request, answered with each hit's keyword and semantic parts. */
export const searchVectorStore = workspaceAction({ role: "viewer", schema: z.object({ id, request: z.unknown() }) }, async ({ input, caller }) => {
  const request = parseOrThrow(searchRequestSchema, input.request);
  return toSearchTesterResults(await searchStore(caller.workspaceId, input.id, request));
});

/** The file picker: the workspace's files, newest first, each marked when it is already in the store. */
export const listFilesToAdd = workspaceAction(
  { role: "viewer", schema: z.object({ storeId: id.optional(), after: id.optional() }) },
  async ({ input, caller }) => {
    if (input.storeId) await getStore(caller.workspaceId, input.storeId);
    const page = await listFiles(caller, { limit: 50, order: "desc", after: input.after });
    const ids = page.data.map((row) => row.id);
    const inStore = input.storeId ? await fileIdsInStore(caller.workspaceId, input.storeId, ids) : new Set<string>();
    return { data: page.data.map((row) => ({ ...toFileObject(row), in_store: inStore.has(row.id) })), has_more: page.hasMore };
  },
);
