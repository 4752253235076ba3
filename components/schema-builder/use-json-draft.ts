"use client";

import deepEqual from "fast-deep-equal";
import { useState } from "react";
import { lineAndColumn } from "@/lib/schema-builder/json-syntax";
import { formatJson, parseJsonText, type JsonTextResult } from "@/lib/schema-builder/json-text";

/** Where the draft breaks; `refused` when it is JSON that `check` turned down, not bad syntax. */
export type JsonSyntaxError = Extract<JsonTextResult, { ok: false }> & { refused?: boolean };

/** Whether a parsed value may become the bound value; a message says why not. */
export type JsonDraftCheck = (value: unknown) => string | null;

function refusal(text: string, message: string): JsonSyntaxError {
  // Points at the value itself: the first character that is not white space.
  const offset = text.length - text.trimStart().length;
  return { ok: false, refused: true, message, offset, ...lineAndColumn(text, offset) };
}

function parseDraft(text: string, check?: JsonDraftCheck): JsonTextResult | JsonSyntaxError {
  const parsed = parseJsonText(text);
  if (!parsed.ok || !check) return parsed;
  const message = check(parsed.value);
  return message ? refusal(text, message) : parsed;
}

/**
 * The text of a JSON editor bound to a value. Typing that parses (and passes `check`) updates the
 * value; typing that does not keeps the last valid value and reports where it breaks. A change of
 * the value from elsewhere (the tree, an import, a fix, a reset) rewrites the text, unless the
 * text already says the same thing, so a person's own formatting survives their own edits.
 */
export function useJsonDraft(value: unknown, onValue: (value: unknown) => void, check?: JsonDraftCheck) {
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
    const parsed = parseDraft(next, check);
    setError(parsed.ok ? null : parsed);
    if (parsed.ok) onValue(parsed.value);
  }

  return { text, edit, error };
}
