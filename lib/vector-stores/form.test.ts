import { describe, expect, it } from "vitest";
import { chunkingFormSchema, EMPTY_STORE_FORM, storeFormSchema, storeSettingsSchema, toSettingsValues, type StoreFormValues } from "@/lib/vector-stores/form";
import { createStoreSchema } from "@/lib/vector-stores/schema";

const form = (change: Partial<StoreFormValues> = {}): StoreFormValues => ({ ...EMPTY_STORE_FORM, ...change });
const staticChunking = (max: string, overlap: string) => ({ type: "static" as const, static: { max_chunk_size_tokens: max, chunk_overlap_tokens: overlap } });

/** Field name → first message, as react-hook-form would show them. */
function errors(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) out[issue.path.map(String).join(".")] ??= issue.message;
  return out;
}

describe("the create form", () => {
  it("sends nothing for what was left empty", () => {
    expect(storeFormSchema.parse(form())).toEqual({});
    expect(storeFormSchema.parse(form({ name: "   " }))).toEqual({});
  });

  it("maps name, expiry days and the chosen files with their chunking to the API's request", () => {
    const values = form({ name: "  Handbook ", expires_after: { days: " 7 " }, chunking_strategy: staticChunking("200", "50"), file_ids: ["file-a", "file-b"] });
    const request = storeFormSchema.parse(values);
    expect(request).toEqual({
      name: "Handbook",
      expires_after: { anchor: "last_active_at", days: 7 },
      file_ids: ["file-a", "file-b"],
      chunking_strategy: { type: "static", static: { max_chunk_size_tokens: 200, chunk_overlap_tokens: 50 } },
    });
    // What the form makes, the API's schema (the action's) takes as it is.
    expect(createStoreSchema.parse(request)).toEqual(request);
    expect(storeFormSchema.parse(form({ file_ids: ["file-a"] }))).toEqual({ file_ids: ["file-a"], chunking_strategy: { type: "auto" } });
  });

  it("puts the API's rules on the fields that broke them", () => {
    expect(errors(storeFormSchema.safeParse(form({ expires_after: { days: "0" } })))).toEqual({ "expires_after.days": "must be between 1 and 365" });
    expect(errors(storeFormSchema.safeParse(form({ expires_after: { days: "366" } })))).toEqual({ "expires_after.days": "must be between 1 and 365" });
    expect(errors(storeFormSchema.safeParse(form({ expires_after: { days: "1.5" } })))).toEqual({ "expires_after.days": "must be a whole number" });
    expect(errors(storeFormSchema.safeParse(form({ name: "n".repeat(257) })))).toHaveProperty("name");
    expect(errors(storeFormSchema.safeParse(form({ file_ids: ["file-a"], chunking_strategy: staticChunking("200", "101") })))).toEqual({
      "chunking_strategy.static.chunk_overlap_tokens": "must not exceed half of max_chunk_size_tokens (100), got 101",
    });
    expect(errors(storeFormSchema.safeParse(form({ file_ids: ["file-a"], chunking_strategy: staticChunking("50", "0") })))).toEqual({
      "chunking_strategy.static.max_chunk_size_tokens": "must be at least 100",
    });
  });
});

describe("the chunking fields", () => {
  it("reads auto and static, and requires both sizes of static", () => {
    expect(chunkingFormSchema.parse({ type: "auto", static: { max_chunk_size_tokens: "", chunk_overlap_tokens: "x" } })).toEqual({ type: "auto" });
    expect(chunkingFormSchema.parse(staticChunking("4096", "2048"))).toEqual({ type: "static", static: { max_chunk_size_tokens: 4096, chunk_overlap_tokens: 2048 } });
    expect(errors(chunkingFormSchema.safeParse(staticChunking("", "abc")))).toEqual({
      "static.max_chunk_size_tokens": "is required",
      "static.chunk_overlap_tokens": "must be a whole number",
    });
    expect(errors(chunkingFormSchema.safeParse(staticChunking("5000", "10")))).toEqual({ "static.max_chunk_size_tokens": "must be at most 4096" });
  });
});

describe("the edit form", () => {
  it("renames, sets or clears the expiry (empty name: unnamed)", () => {
    expect(storeSettingsSchema.parse({ name: " Renamed ", expires_after: { days: "30" } })).toEqual({ name: "Renamed", expires_after: { anchor: "last_active_at", days: 30 } });
    expect(storeSettingsSchema.parse({ name: "", expires_after: { days: "" } })).toEqual({ name: null, expires_after: null });
    expect(errors(storeSettingsSchema.safeParse({ name: "x", expires_after: { days: "-1" } }))).toEqual({ "expires_after.days": "must be a whole number" });
  });

  it("starts from the store's own settings", () => {
    expect(toSettingsValues({ name: "Docs", expires_after: { days: 7 } })).toEqual({ name: "Docs", expires_after: { days: "7" } });
    expect(toSettingsValues({ name: "" })).toEqual({ name: "", expires_after: { days: "" } });
  });
});
