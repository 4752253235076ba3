import { z } from "@/lib/zod";
import { AUTO_CHUNKING, chunkingStrategySchema } from "@/lib/vector-stores/chunking";
import { createStoreSchema, modifyStoreSchema } from "@/lib/vector-stores/schema";

// The console's vector store forms ⇄ the API's requests. Inputs hold text ("" meaning unset), so
// these schemas read the numbers out of it and then pipe into the API's own schemas: the forms,
// the server actions and the REST API accept exactly the same stores. Field names follow the
// API's paths (`expires_after.days`, `chunking_strategy.static.max_chunk_size_tokens`), so an error
// from the API's rules lands on the field that caused it.

export type ChunkingFormValues = {
  type: "auto" | "static";
  static: { max_chunk_size_tokens: string; chunk_overlap_tokens: string };
};

export type StoreFormValues = {
  name: string;
  expires_after: { days: string };
  chunking_strategy: ChunkingFormValues;
  file_ids: string[];
};

export type StoreSettingsValues = { name: string; expires_after: { days: string } };

export const DEFAULT_CHUNKING: ChunkingFormValues = {
  type: "auto",
  static: { max_chunk_size_tokens: String(AUTO_CHUNKING.max_chunk_size_tokens), chunk_overlap_tokens: String(AUTO_CHUNKING.chunk_overlap_tokens) },
};

export const EMPTY_STORE_FORM: StoreFormValues = { name: "", expires_after: { days: "" }, chunking_strategy: DEFAULT_CHUNKING, file_ids: [] };

const WHOLE_NUMBER = /^[0-9]{1,9}$/;

/** "" → undefined, "12" → 12; anything else is an issue at the field (not NaN for the API's rules to misdescribe). */
const numberText = (required: boolean) =>
  z.string().transform((text, ctx) => {
    const trimmed = text.trim();
    if (trimmed === "") {
      if (required) ctx.addIssue({ code: "custom", message: "is required" });
      return undefined;
    }
    if (!WHOLE_NUMBER.test(trimmed)) {
      ctx.addIssue({ code: "custom", message: "must be a whole number" });
      return z.NEVER;
    }
    return Number(trimmed);
  });

const expiryFields = z.object({ days: numberText(false) }).transform(({ days }) => (days === undefined ? null : { anchor: "last_active_at" as const, days }));

/** Auto, or static with both sizes; the sizes' own rules are the API's (lib/vector-stores/chunking.ts). */
export const chunkingFormSchema = z
  .discriminatedUnion("type", [
    // Auto keeps the static sizes the person typed (switching back shows them) without reading them.
    z.object({ type: z.literal("auto"), static: z.object({ max_chunk_size_tokens: z.string(), chunk_overlap_tokens: z.string() }) }),
    z.object({ type: z.literal("static"), static: z.object({ max_chunk_size_tokens: numberText(true), chunk_overlap_tokens: numberText(true) }) }),
  ])
  .transform((value): unknown => (value.type === "auto" ? { type: "auto" } : { type: "static", static: value.static }))
  .pipe(chunkingStrategySchema);

/** The create dialog: name, expiry, chunking for the files chosen with it. */
export const storeFormSchema = z
  .object({
    name: z.string(),
    expires_after: expiryFields,
    chunking_strategy: chunkingFormSchema,
    file_ids: z.array(z.string()),
  })
  .transform(({ name, expires_after, chunking_strategy, file_ids }): z.input<typeof createStoreSchema> => ({
    ...(name.trim() && { name: name.trim() }),
    ...(expires_after && { expires_after }),
    ...(file_ids.length && { file_ids, chunking_strategy }),
  }))
  .pipe(createStoreSchema);

/** The edit dialog: renaming, and the expiry (empty: never expires). */
export const storeSettingsSchema = z
  .object({ name: z.string(), expires_after: expiryFields })
  .transform(({ name, expires_after }): z.input<typeof modifyStoreSchema> => ({ name: name.trim() || null, expires_after }))
  .pipe(modifyStoreSchema);

/** A store's settings as its edit dialog starts them. */
export function toSettingsValues(store: { name: string; expires_after?: { days: number } | null }): StoreSettingsValues {
  return { name: store.name, expires_after: { days: store.expires_after ? String(store.expires_after.days) : "" } };
}
