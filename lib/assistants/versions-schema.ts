import { z } from "@/lib/zod";
import { queryInteger } from "@/lib/pagination";
import { LABEL_PATTERN, LABEL_RULE } from "@/lib/assistants/labels";

// Versions' and labels' inputs, for the API and the console alike.

export { LABEL_PATTERN } from "@/lib/assistants/labels";

export const labelSchema = z.string().regex(LABEL_PATTERN, LABEL_RULE);
export const versionNumberSchema = z.number().int().min(1, "must be at least 1").max(2 ** 31 - 1);

/** What a run pins: a version number, or a label that points at one. */
export const assistantVersionRefSchema = z.union([versionNumberSchema, labelSchema], { message: `must be a version number or a label (${LABEL_RULE})` });
export type AssistantVersionRef = z.output<typeof assistantVersionRefSchema>;

export const labelSetSchema = z.strictObject({ label: labelSchema, version: versionNumberSchema }, { message: "the request body must be a JSON object" });

export const restoreSchema = z.strictObject({ note: z.string().max(512, "at most 512 characters").nullable().optional() }, { message: "the request body must be a JSON object" });

/** A version number in a path: digits only, so `/versions/latest` is a 404, not a parse error. */
export function parseVersionNumber(raw: string): number | null {
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) return null;
  const value = Number(raw);
  return value <= 2 ** 31 - 1 ? value : null;
}

const cursor = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, "must be a version number")
  .transform(Number);

/** GET …/versions: `limit` 1–100 (20), `order` (desc), `after`/`before` a version number. */
export const versionListQuerySchema = z.strictObject({
  limit: queryInteger(1, 100).default(20),
  order: z.enum(["asc", "desc"], { message: "must be 'asc' or 'desc'" }).default("desc"),
  after: cursor.optional(),
  before: cursor.optional(),
});
