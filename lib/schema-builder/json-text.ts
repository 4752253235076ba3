import { jsonSyntaxError, lineAndColumn } from "@/lib/schema-builder/json-syntax";
import { MAX_JSON_DEPTH } from "@/lib/storable-json";

// JSON typed by a person: parsed, or the first syntax error as line and column, which is what an
// editor can point at (found by lib/schema-builder/json-syntax.ts, since JSON.parse's messages
// do not say where, portably).

export type JsonTextResult =
  | { ok: true; value: unknown }
  | { ok: false; message: string; line: number; column: number; offset: number };

/**
 * The offset of the first bracket that opens level `MAX_JSON_DEPTH + 1`, outside strings. The API
 * refuses values nested deeper (lib/storable-json.ts) and the builder's walkers recurse, so a draft
 * that deep is refused here, where the text can say where.
 */
function tooDeepAt(text: string): number | null {
  let depth = 0;
  let inString = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (inString) {
      if (char === "\\") at++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") {
      if (++depth > MAX_JSON_DEPTH) return at;
    } else if (char === "}" || char === "]") depth--;
  }
  return null;
}

export function parseJsonText(text: string): JsonTextResult {
  // Checked first: the syntax scanner recurses per level and must never meet a pathological depth.
  const deep = tooDeepAt(text);
  if (deep !== null) return { ok: false, message: `Nested deeper than ${MAX_JSON_DEPTH} levels`, offset: deep, ...lineAndColumn(text, deep) };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    // The scanner agrees with JSON.parse on what is valid; the fallback only guards that promise.
    return { ok: false, ...(jsonSyntaxError(text) ?? { message: (error as Error).message, offset: 0, line: 1, column: 1 }) };
  }
}

export const describeJsonError = (error: { message: string; line: number; column: number }) =>
  `${error.message} (line ${error.line}, column ${error.column})`;

/** Pretty JSON as the editors show it; `undefined` (no value) is the empty text. */
export const formatJson = (value: unknown) => (value === undefined ? "" : JSON.stringify(value, null, 2));
