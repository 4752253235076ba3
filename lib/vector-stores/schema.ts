import { z } from "@/lib/zod";
import { metadataSchema } from "@/lib/assistants/schema";
import { attributesSchema } from "@/lib/vector-stores/attributes";
import { chunkingStrategySchema } from "@/lib/vector-stores/chunking";

// What valid vector store requests are (OpenAI's CreateVectorStoreRequest, UpdateVectorStoreRequest,
// CreateVectorStoreFileRequest, CreateVectorStoreFileBatchRequest, UpdateVectorStoreFileAttributesRequest;
// the list queries are in list-query.ts). Chunking and attributes come from their own modules, shared
// with ingestion. Client-safe (no lib/ids, which needs node:crypto): the console's forms parse with it.

export const VECTOR_STORE_LIMITS = { nameChars: 256, storeFileIds: 500, batchFiles: 2000 } as const;

const fileId = z.string().min(1, "must not be empty").max(64, "must be at most 64 characters");

export const expiresAfterSchema = z.strictObject({
  anchor: z.literal("last_active_at", { message: "must be 'last_active_at'" }),
  days: z.number().int("must be an integer").min(1, "must be between 1 and 365").max(365, "must be between 1 and 365"),
});
export type ExpiresAfter = z.output<typeof expiresAfterSchema>;

export const createStoreSchema = z.strictObject({
  name: z.string().max(VECTOR_STORE_LIMITS.nameChars).optional(),
  // Accepted as OpenAI's contract lists it; the vector store object has no field to show it in.
  description: z.string().max(512).optional(),
  file_ids: z.array(fileId).max(VECTOR_STORE_LIMITS.storeFileIds, `at most ${VECTOR_STORE_LIMITS.storeFileIds} files`).optional(),
  chunking_strategy: chunkingStrategySchema.optional(),
  expires_after: expiresAfterSchema.optional(),
  metadata: metadataSchema.nullable().optional(),
});
export type CreateStoreInput = z.output<typeof createStoreSchema>;

export const modifyStoreSchema = z.strictObject({
  name: z.string().max(VECTOR_STORE_LIMITS.nameChars).nullable().optional(),
  expires_after: expiresAfterSchema.nullable().optional(),
  metadata: metadataSchema.nullable().optional(),
});
export type ModifyStoreInput = z.output<typeof modifyStoreSchema>;

export const STORE_FILE_STATUSES = ["in_progress", "completed", "failed", "cancelled"] as const;
export type StoreFileStatus = (typeof STORE_FILE_STATUSES)[number];

export const addFileSchema = z.strictObject({
  file_id: fileId,
  chunking_strategy: chunkingStrategySchema.optional(),
  attributes: attributesSchema.nullable().optional(),
});
export type AddFileInput = z.output<typeof addFileSchema>;

export const createBatchSchema = z
  .strictObject({
    file_ids: z.array(fileId).min(1, "must have at least one file").max(VECTOR_STORE_LIMITS.batchFiles, `at most ${VECTOR_STORE_LIMITS.batchFiles} files`).optional(),
    files: z.array(addFileSchema).min(1, "must have at least one file").max(VECTOR_STORE_LIMITS.batchFiles, `at most ${VECTOR_STORE_LIMITS.batchFiles} files`).optional(),
    chunking_strategy: chunkingStrategySchema.optional(),
    attributes: attributesSchema.nullable().optional(),
  })
  .superRefine((body, ctx) => {
    if (body.file_ids === undefined && body.files === undefined) {
      ctx.addIssue({ code: "custom", path: ["file_ids"], message: "is required (or 'files')", input: undefined });
    }
    if (body.file_ids !== undefined && body.files !== undefined) {
      ctx.addIssue({ code: "custom", path: ["files"], message: "pass either 'file_ids' or 'files', not both" });
    }
  })
  // One list of files, each with what applies to it: `files` carry their own settings.
  .transform((body) =>
    body.files ?? body.file_ids!.map((file_id) => ({ file_id, chunking_strategy: body.chunking_strategy, attributes: body.attributes })),
  );
export type BatchFiles = z.output<typeof createBatchSchema>;

export const updateAttributesSchema = z.strictObject({ attributes: attributesSchema.nullable() });
