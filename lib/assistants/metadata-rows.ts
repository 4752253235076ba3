import { z } from "@/lib/zod";
import { LIMITS } from "@/lib/assistants/schema";

// The metadata editor works on rows (key, value) rather than an object, so that a half-typed key,
// an empty row or two rows with the same key can exist while someone edits, each flagged where it
// is. The rules are the API's (lib/assistants/schema.ts metadataSchema), stated per row.

export type MetadataRow = { key: string; value: string };

export const metadataRowsSchema = z
  .array(z.object({ key: z.string(), value: z.string() }))
  .superRefine((rows, ctx) => {
    if (rows.length > LIMITS.metadataPairs) {
      ctx.addIssue({ code: "custom", message: `At most ${LIMITS.metadataPairs} pairs; remove ${rows.length - LIMITS.metadataPairs}.` });
    }
    const firstRowOf = new Map<string, number>();
    rows.forEach((row, index) => {
      if (row.key.length === 0) {
        ctx.addIssue({ code: "custom", path: [index, "key"], message: "Enter a key, or remove the row." });
      } else if (row.key.length > LIMITS.metadataKey) {
        ctx.addIssue({ code: "custom", path: [index, "key"], message: `At most ${LIMITS.metadataKey} characters (${row.key.length}).` });
      }
      if (row.value.length > LIMITS.metadataValue) {
        ctx.addIssue({ code: "custom", path: [index, "value"], message: `At most ${LIMITS.metadataValue} characters (${row.value.length}).` });
      }
      const first = firstRowOf.get(row.key);
      if (first === undefined) firstRowOf.set(row.key, index);
      else if (row.key.length > 0) ctx.addIssue({ code: "custom", path: [index, "key"], message: `Duplicate key: row ${first + 1} has it too.` });
    });
  });

export type MetadataCheck = { metadata: Record<string, string>; problems: Map<number, string>; summary: string | null };

/**
 * For a form that sends metadata as it stands (the playground composer): rows left wholly empty
 * are ignored, the others must make valid metadata. Problems are keyed by row index.
 */
export function checkMetadataRows(rows: readonly MetadataRow[]): MetadataCheck {
  const filled = rows.flatMap((row, index) => (row.key !== "" || row.value !== "" ? [{ row, index }] : []));
  const parsed = metadataRowsSchema.safeParse(filled.map(({ row }) => row));
  const problems = new Map<number, string>();
  let summary: string | null = null;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const at = typeof issue.path[0] === "number" ? filled[issue.path[0]]?.index : undefined;
      if (at !== undefined && !problems.has(at)) problems.set(at, issue.message);
      summary ??= at !== undefined ? `Metadata row ${at + 1}: ${issue.message}` : `Metadata: ${issue.message}`;
    }
  }
  return { metadata: rowsToMetadata(filled.map(({ row }) => row)), problems, summary };
}

/** Rows → the API's object, in row order (insertion order is kept by `json` columns). */
export function rowsToMetadata(rows: readonly MetadataRow[]): Record<string, string> {
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

export function metadataToRows(metadata: Record<string, string> | null | undefined): MetadataRow[] {
  return Object.entries(metadata ?? {}).map(([key, value]) => ({ key, value }));
}

export type PasteResult = { ok: true; rows: MetadataRow[] } | { ok: false; message: string };

/**
 * "Paste a JSON object to fill it": strings stay, numbers and booleans become their text (metadata
 * values are strings), anything nested is refused with the key that holds it.
 */
export function parseMetadataPaste(text: string): PasteResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { ok: false, message: 'Paste a JSON object, like {"team": "support"}.' };
  }
  const rows: MetadataRow[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === "string") rows.push({ key, value });
    else if (typeof value === "number" || typeof value === "boolean") rows.push({ key, value: String(value) });
    else return { ok: false, message: `The value of "${key}" is ${value === null ? "null" : Array.isArray(value) ? "an array" : "an object"}; metadata values are text.` };
  }
  return { ok: true, rows };
}

/** Merges pasted rows into the current ones: same key → replaced in place, new keys appended. */
export function mergeRows(current: readonly MetadataRow[], pasted: readonly MetadataRow[]): MetadataRow[] {
  const merged = current.filter((row) => row.key !== "" || row.value !== "").map((row) => ({ ...row }));
  for (const row of pasted) {
    const existing = merged.find((candidate) => candidate.key === row.key);
    if (existing) existing.value = row.value;
    else merged.push({ ...row });
  }
  return merged;
}
