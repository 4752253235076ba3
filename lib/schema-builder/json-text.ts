import { jsonSyntaxError } from "@/lib/schema-builder/json-syntax";

// JSON typed by a person: parsed, or the first syntax error as line and column, which is what an
// editor can point at (found by lib/schema-builder/json-syntax.ts, since JSON.parse's messages
// do not say where, portably).

export type JsonTextResult =
  | { ok: true; value: unknown }
  | { ok: false; message: string; line: number; column: number; offset: number };

export function parseJsonText(text: string): JsonTextResult {
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
