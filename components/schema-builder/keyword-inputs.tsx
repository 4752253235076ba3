"use client";

import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { compactInputClasses, inputClasses } from "@/components/ui/input";
import { parseJsonText } from "@/lib/schema-builder/json-text";

// Inputs for single keywords of the selected node. Each keeps its own draft, so typing "-" or "1."
// on the way to a number, or half a JSON value, is not thrown away; the keyword changes when the
// draft means something, and an emptied input removes the keyword.

const small = compactInputClasses;

/** A draft that follows `value` when it changes from elsewhere, unless the draft already means it. */
function useDraft(value: string, means: (draft: string) => boolean = (draft) => draft === value) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (!means(draft)) setDraft(value);
  }
  return [draft, setDraft] as const;
}

type KeywordProps<T> = { id: string; label: string; value: T | undefined; onChange: (value: T | undefined) => void; disabled?: boolean };

export function NumberKeyword({ id, label, value, onChange, disabled, integer }: KeywordProps<number> & { integer?: boolean }) {
  const [draft, setDraft] = useDraft(value === undefined ? "" : String(value), (draft) => (draft.trim() === "" ? value === undefined : Number(draft) === value));
  const number = Number(draft);
  const invalid = draft.trim() !== "" && (!Number.isFinite(number) || (integer && !Number.isInteger(number)));
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium">
        {label}
      </label>
      <input
        id={id}
        inputMode="decimal"
        autoComplete="off"
        disabled={disabled}
        value={draft}
        aria-invalid={invalid}
        className={small}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          const parsed = Number(text);
          if (text.trim() === "") onChange(undefined);
          else if (Number.isFinite(parsed) && (!integer || Number.isInteger(parsed))) onChange(parsed);
        }}
      />
      {invalid ? <p className="text-xs text-destructive">{integer ? "Enter a whole number." : "Enter a number."}</p> : null}
    </div>
  );
}

export function TextKeyword({ id, label, value, onChange, disabled, list, placeholder }: KeywordProps<string> & { list?: string; placeholder?: string }) {
  const [draft, setDraft] = useDraft(value ?? "");
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium">
        {label}
      </label>
      <input
        id={id}
        autoComplete="off"
        spellCheck={false}
        list={list}
        placeholder={placeholder}
        disabled={disabled}
        value={draft}
        className={cn(small, "font-mono")}
        onChange={(event) => {
          setDraft(event.target.value);
          onChange(event.target.value === "" ? undefined : event.target.value);
        }}
      />
    </div>
  );
}

/** Any JSON value (a default, the advanced keywords); `expectObject` refuses anything but an object. */
export function JsonKeyword({ id, label, value, onChange, disabled, expectObject, hint }: KeywordProps<unknown> & { expectObject?: boolean; hint?: string }) {
  const text = value === undefined ? "" : JSON.stringify(value, null, expectObject ? 2 : undefined);
  const [draft, setDraft] = useDraft(text, (draft) => {
    const result = draft.trim() === "" ? null : parseJsonText(draft);
    return result === null ? value === undefined : result.ok && JSON.stringify(result.value) === JSON.stringify(value);
  });
  const parsed = draft.trim() === "" ? null : parseJsonText(draft);
  const error = parsed && !parsed.ok ? `${parsed.message} (line ${parsed.line}, column ${parsed.column})` : parsed?.ok && expectObject && (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) ? "Must be a JSON object." : null;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium">
        {label}
      </label>
      <textarea
        id={id}
        rows={expectObject ? 4 : 1}
        spellCheck={false}
        disabled={disabled}
        value={draft}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
        className={cn(inputClasses, "h-auto min-h-8 py-1.5 font-mono text-[0.8125rem]")}
        onChange={(event) => {
          const next = event.target.value;
          setDraft(next);
          if (next.trim() === "") return onChange(undefined);
          const result = parseJsonText(next);
          if (!result.ok) return;
          if (expectObject && (typeof result.value !== "object" || result.value === null || Array.isArray(result.value))) return;
          onChange(result.value);
        }}
      />
      {error ? (
        <p id={`${id}-error`} className="text-xs text-destructive">
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-muted-foreground">{hint}</p>
      ) : null}
    </div>
  );
}

/** Enum values, one per line (blank lines ignored). */
export function EnumValues({ id, values, onChange, disabled }: { id: string; values: string[]; onChange: (values: string[]) => void; disabled?: boolean }) {
  const [draft, setDraft] = useDraft(values.join("\n"), (draft) => draft.split("\n").filter((line) => line.trim() !== "").join("\n") === values.join("\n"));
  return (
    <div className="flex flex-col gap-1 sm:col-span-2">
      <label htmlFor={id} className="text-xs font-medium">
        Allowed values (one per line)
      </label>
      <textarea
        id={id}
        rows={Math.min(Math.max(values.length + 1, 3), 10)}
        spellCheck={false}
        disabled={disabled}
        value={draft}
        className={cn(inputClasses, "h-auto py-1.5 font-mono text-[0.8125rem]")}
        onChange={(event) => {
          setDraft(event.target.value);
          onChange(event.target.value.split("\n").filter((line) => line.trim() !== ""));
        }}
      />
    </div>
  );
}
