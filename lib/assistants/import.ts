import { assistantCreateSchema, type AssistantCreateInput } from "@/lib/assistants/schema";
import { toParam } from "@/lib/validation";

// Importing an assistant from JSON (an export, or any create body): checked with the API's own
// schema before anything is saved, every problem listed at its path.

export type ImportProblem = { path: string; message: string };
export type ImportResult = { ok: true; input: AssistantCreateInput } | { ok: false; problems: ImportProblem[] };

/** Server-assigned fields an export of the API object may still carry; ignored on import. */
const ASSIGNED = ["id", "object", "created_at", "version"];

export function parseAssistantImport(text: string): ImportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: "(file)", message: `not valid JSON: ${(error as Error).message}` }] };
  }
  if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
    parsed = Object.fromEntries(Object.entries(parsed).filter(([key]) => !ASSIGNED.includes(key)));
  }
  const result = assistantCreateSchema.safeParse(parsed);
  if (result.success) return { ok: true, input: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => ({ path: toParam(issue.path) || "(body)", message: issue.message })) };
}
