"use client";

import { useState } from "react";
import { JsonCodeEditor } from "@/components/schema-builder/json-code-editor";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inlineSelectClasses } from "@/components/ui/input";
import { parseImport, type ImportKind, type ImportResult } from "@/lib/schema-builder/import";

// Paste anything schema-like and get functions or a schema out of it: an OpenAI `tools` array, a
// function object, a bare JSON Schema, or an example value (a schema is inferred from it). The kind
// is detected, shown, and can be overridden when the guess is wrong.

const KIND_LABELS: Record<ImportKind, string> = {
  tools: "a tools array",
  function: "a function",
  schema: "a JSON Schema",
  example: "an example value (schema inferred)",
};

type ImportPanelProps = {
  id: string;
  /** What the caller can take: "tools" adds functions; "schema" replaces one schema. */
  accept: "tools" | "schema";
  onImport: (result: Extract<ImportResult, { ok: true }>) => void;
  onCancel: () => void;
};

function summary(result: Extract<ImportResult, { ok: true }>, accept: "tools" | "schema"): string {
  if (result.functions.length) {
    const names = result.functions.map((fn) => fn.name || "(unnamed)").join(", ");
    return accept === "tools"
      ? `${result.functions.length} function${result.functions.length === 1 ? "" : "s"}: ${names}`
      : `the parameters of ${result.functions[0]!.name || "the function"}`;
  }
  const properties = Object.keys((result.schema?.properties as object | undefined) ?? {});
  return `a schema${properties.length ? ` with ${properties.join(", ")}` : ""}`;
}

export function ImportPanel({ id, accept, onImport, onCancel }: ImportPanelProps) {
  const [text, setText] = useState("");
  const [as, setAs] = useState<ImportKind | "auto">("auto");
  const result = text.trim() === "" ? null : parseImport(text, as === "auto" ? undefined : as);
  const usable = result?.ok && (accept === "tools" ? result.functions.length > 0 || result.schema !== null : result.schema !== null || result.functions.length > 0);
  return (
    <section aria-label={accept === "tools" ? "Import functions" : "Import a schema"} className="flex flex-col gap-3 rounded-md border border-dashed p-3">
      <span id={`${id}-label`} className="text-sm font-medium">
        {accept === "tools" ? "Paste a tools array, a function, a JSON Schema or an example value" : "Paste a JSON Schema, a function or an example value"}
      </span>
      <JsonCodeEditor value={text} onChange={setText} labelledBy={`${id}-label`} describedBy={`${id}-result`} className="max-h-72 overflow-auto" placeholder='[{"type": "function", "function": {"name": "get_weather", "parameters": {…}}}]' />
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-as`} className="text-xs font-medium">
            Read it as
          </label>
          <select id={`${id}-as`} value={as} onChange={(event) => setAs(event.target.value as ImportKind | "auto")} className={inlineSelectClasses}>
            <option value="auto">Detect</option>
            {(Object.keys(KIND_LABELS) as ImportKind[]).map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </div>
        <p id={`${id}-result`} role="status" className={cn("min-w-0 flex-1 text-[0.8125rem]", result && !result.ok ? "text-destructive" : "text-muted-foreground")}>
          {!result
            ? null
            : result.ok
              ? `Found ${KIND_LABELS[result.kind]}: ${summary(result, accept)}.${result.note ? ` ${result.note}` : ""}`
              : result.message}
        </p>
      </div>
      <div className="flex gap-2">
        <Button size="sm" disabled={!usable} onClick={() => result?.ok && onImport(result)}>
          {accept === "tools" ? "Add to tools" : "Replace the schema"}
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </section>
  );
}
