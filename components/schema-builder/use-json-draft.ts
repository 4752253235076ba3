"use client";

import deepEqual from "fast-deep-equal";
import { useState } from "react";
import { formatJson, parseJsonText, type JsonTextResult } from "@/lib/schema-builder/json-text";

export type JsonSyntaxError = Extract<JsonTextResult, { ok: false }>;

/**
 * The text of a JSON editor bound to a value. Typing that parses updates the value; typing that
 * does not keeps the last valid value and reports where the syntax breaks. A change of the value
 * from elsewhere (the tree, an import, a fix, a reset) rewrites the text, unless the text already
 * says the same thing, so a person's own formatting survives their own edits.
 */
export function useJsonDraft(value: unknown, onValue: (value: unknown) => void) {
  const [text, setText] = useState(() => formatJson(value));
  const [error, setError] = useState<JsonSyntaxError | null>(null);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    const current = text.trim() === "" ? ({ ok: true, value: undefined } as const) : parseJsonText(text);
    if (!current.ok || !deepEqual(current.value, value)) {
      setText(formatJson(value));
      setError(null);
    }
  }

  function edit(next: string) {
    setText(next);
    if (next.trim() === "") {
      setError(null);
      onValue(undefined);
      return;
    }
    const parsed = parseJsonText(next);
    setError(parsed.ok ? null : parsed);
    if (parsed.ok) onValue(parsed.value);
  }

  return { text, edit, error };
}
