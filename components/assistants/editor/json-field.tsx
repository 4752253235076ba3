"use client";

import { createContext, useContext, useEffect, useId, useState } from "react";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/input";

// A JSON value edited as text (function parameters, a response_format schema) until the schema
// builder arrives. While the text does not parse, the form keeps the last valid value and the field
// registers itself as invalid, so saving stops at it instead of saving the stale value silently.

/** What a refused save focuses: the field itself, or a handle that first reveals it (a hidden tab). */
export type Focusable = { focus(): void };
export type JsonValidity = { set(id: string, element: Focusable | null): void; firstInvalid(): Focusable | null };

export const JsonValidityContext = createContext<JsonValidity | null>(null);

export function createJsonValidity(): JsonValidity {
  const invalid = new Map<string, Focusable>();
  return {
    set(id, element) {
      if (element) invalid.set(id, element);
      else invalid.delete(id);
    },
    firstInvalid: () => invalid.values().next().value ?? null,
  };
}

/** Where a JSON.parse error points, as "line L, column C" (V8 reports a character position). */
function describeJsonError(text: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return error.message;
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `${error.message.replace(/ in JSON at position \d+.*$/, "")} (line ${line}, column ${column})`;
}

type JsonFieldProps = {
  label: string;
  value: unknown;
  onChange: (value: unknown) => void;
  /** A server or schema error for this value. */
  error?: string;
  rows?: number;
  hint?: React.ReactNode;
};

export function JsonField({ label, value, onChange, error, rows = 8, hint }: JsonFieldProps) {
  const id = useId();
  const validity = useContext(JsonValidityContext);
  const [text, setText] = useState(() => (value === undefined ? "" : JSON.stringify(value, null, 2)));
  const [syntaxError, setSyntaxError] = useState<string | null>(null);

  useEffect(() => () => validity?.set(id, null), [id, validity]);

  function edit(next: string, element: HTMLTextAreaElement) {
    setText(next);
    if (next.trim() === "") {
      setSyntaxError(null);
      validity?.set(id, null);
      onChange(undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(next);
      setSyntaxError(null);
      validity?.set(id, null);
      onChange(parsed);
    } catch (caught) {
      setSyntaxError(describeJsonError(next, caught as Error));
      validity?.set(id, element);
    }
  }

  const shown = syntaxError ?? error;
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        rows={rows}
        spellCheck={false}
        value={text}
        onChange={(event) => edit(event.target.value, event.target)}
        aria-invalid={Boolean(shown)}
        aria-describedby={shown ? `${id}-error` : undefined}
        className={cn(inputClasses, "h-auto py-2 font-mono text-[0.8125rem] leading-relaxed")}
      />
      {shown ? (
        <p id={`${id}-error`} className="text-[0.8125rem] text-destructive">
          {syntaxError ? `Not valid JSON: ${syntaxError}` : shown}
        </p>
      ) : null}
      {hint ? <p className="text-[0.8125rem] text-muted-foreground">{hint}</p> : null}
    </div>
  );
}
