import { z } from "@/lib/zod";
import { listQuerySchema } from "@/lib/pagination";
import { STORE_FILE_STATUSES } from "@/lib/vector-stores/schema";

// The list queries of stores and store files. Apart from schema.ts because pagination reads ids
// (lib/ids, node:crypto), which the console's forms must not bundle.

export const storeListQuerySchema = listQuerySchema;

export const storeFileListQuerySchema = listQuerySchema.extend({
  filter: z.enum(STORE_FILE_STATUSES, { message: "must be one of 'in_progress', 'completed', 'failed', 'cancelled'" }).optional(),
});
export type StoreFileListQuery = z.output<typeof storeFileListQuerySchema>;
