import type { ResponseFormat } from "@/lib/assistants/schema";

// Is a playground reply JSON, and what should it match? Pure, so the chat can call it on every
// streamed delta: it rejects most partial text before JSON.parse by its first and last character.

export type JsonReplyValue = { value: unknown; pretty: string };
export type ResponseSchema = { name: string; schema: Record<string, unknown>; strict: boolean };

/** A reply that is one fenced block: models often wrap JSON in ```json even when asked not to. */
const FENCED = /^```[ \t]*(?:json)?[ \t]*\r?\n([\s\S]*?)\r?\n[ \t]*```$/i;

/**
 * The reply as JSON when its trimmed text (or the body of a single ```json / ``` block) is a JSON
 * object or array; null otherwise, including for bare scalars ("42", "true"), which are far more
 * often prose than structured output.
 */
export function parseJsonReply(text: string): JsonReplyValue | null {
  const trimmed = text.trim();
  const body = (FENCED.exec(trimmed)?.[1] ?? trimmed).trim();
  const first = body[0];
  const last = body[body.length - 1];
  if (!((first === "{" && last === "}") || (first === "[" && last === "]"))) return null;
  try {
    const value: unknown = JSON.parse(body);
    return { value, pretty: JSON.stringify(value, null, 2) };
  } catch {
    // Not JSON, or nested too deeply for the engine's stack: either way, not shown as JSON.
    return null;
  }
}

/** The schema a reply must match: only a json_schema format that has one. */
export function responseSchemaOf(format: ResponseFormat | null | undefined): ResponseSchema | null {
  if (!format || format === "auto" || format.type !== "json_schema") return null;
  const { name, schema, strict } = format.json_schema;
  // Without a schema any JSON passes; there is nothing to check or to name as "valid".
  if (!schema) return null;
  return { name, schema, strict: strict ?? false };
}

/** Whether the format asks for JSON, so a reply that is not JSON is worth flagging. */
export function expectsJson(format: ResponseFormat | null | undefined): boolean {
  return typeof format === "object" && format !== null && (format.type === "json_object" || format.type === "json_schema");
}
