"use client";

import { useState } from "react";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { useShownErrors } from "@/components/assistants/editor/form-errors";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/input";
import type { AssistantFormValues } from "@/lib/assistants/form";
import { mergeRows, parseMetadataPaste } from "@/lib/assistants/metadata-rows";
import { LIMITS } from "@/lib/assistants/schema";

/** Key/value rows: at most 16, keys ≤ 64 and values ≤ 512 with live counters; paste JSON to fill. */
export function MetadataEditor() {
  const { control, register, getValues, setValue, formState } = useFormContext<AssistantFormValues>();
  const errors = useShownErrors();
  const { fields, append, remove } = useFieldArray({ control, name: "metadata" });
  const rows = useWatch({ control, name: "metadata" }) ?? [];
  const [pasting, setPasting] = useState(false);
  const [pasteText, setPasteText] = useState("");
  const [pasteError, setPasteError] = useState<string | null>(null);
  const rowErrors = errors.metadata;
  const listError = rowErrors && "message" in rowErrors ? (rowErrors.message as string | undefined) : (rowErrors?.root?.message as string | undefined);

  function applyPaste() {
    const result = parseMetadataPaste(pasteText);
    if (!result.ok) {
      setPasteError(result.message);
      return;
    }
    setValue("metadata", mergeRows(getValues("metadata"), result.rows), { shouldDirty: true, shouldValidate: true });
    setPasting(false);
    setPasteText("");
    setPasteError(null);
  }

  const counter = (length: number, max: number) => (
    <span className={cn("text-[0.6875rem] tabular-nums", length > max ? "font-medium text-destructive" : "text-muted-foreground")}>
      {length}/{max}
    </span>
  );

  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="sr-only">Metadata</legend>
      <p className="text-sm text-muted-foreground">
        {fields.length} / {LIMITS.metadataPairs} pairs. Keys up to {LIMITS.metadataKey} characters, values up to {LIMITS.metadataValue}.
      </p>
      {listError ? (
        <p role="alert" className="text-[0.8125rem] text-destructive">
          {listError}
        </p>
      ) : null}
      <ul className="flex flex-col gap-2" aria-label="Metadata pairs">
        {fields.map((field, index) => {
          const row = rows[index] ?? { key: "", value: "" };
          // A pair just added is focused for typing; leaving it blank says nothing until a save.
          const quiet = !row.key && !row.value && formState.submitCount === 0;
          const keyError = quiet ? undefined : rowErrors?.[index]?.key?.message;
          const valueError = quiet ? undefined : rowErrors?.[index]?.value?.message;
          return (
            <li key={field.id} className="grid grid-cols-[1fr_auto] gap-2 sm:grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto] sm:items-start">
              <div className="flex flex-col gap-1">
                <div className="flex items-center justify-between">
                  <label htmlFor={`metadata-${index}-key`} className="text-xs font-medium">
                    Key {index + 1}
                  </label>
                  {counter(row.key.length, LIMITS.metadataKey)}
                </div>
                <input id={`metadata-${index}-key`} className={inputClasses} aria-invalid={Boolean(keyError)} {...register(`metadata.${index}.key`)} />
                {keyError ? <p className="text-xs text-destructive">{String(keyError)}</p> : null}
              </div>
              <div className="col-span-2 flex flex-col gap-1 sm:col-span-1">
                <div className="flex items-center justify-between">
                  <label htmlFor={`metadata-${index}-value`} className="text-xs font-medium">
                    Value {index + 1}
                  </label>
                  {counter(row.value.length, LIMITS.metadataValue)}
                </div>
                <input id={`metadata-${index}-value`} className={inputClasses} aria-invalid={Boolean(valueError)} {...register(`metadata.${index}.value`)} />
                {valueError ? <p className="text-xs text-destructive">{String(valueError)}</p> : null}
              </div>
              <Button variant="ghost" size="sm" className="col-start-2 row-start-1 sm:col-start-auto sm:row-start-auto sm:mt-5" aria-label={`Remove metadata pair ${index + 1}`} onClick={() => remove(index)}>
                Remove
              </Button>
            </li>
          );
        })}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button variant="outline" size="sm" onClick={() => append({ key: "", value: "" }, { shouldFocus: true })}>
          Add pair
        </Button>
        <Button variant="ghost" size="sm" aria-expanded={pasting} onClick={() => setPasting((open) => !open)}>
          Paste JSON…
        </Button>
      </div>
      {pasting ? (
        <div className="flex flex-col gap-2 rounded-lg border p-3">
          <label htmlFor="metadata-paste" className="text-sm font-medium">
            JSON object
          </label>
          <textarea
            id="metadata-paste"
            rows={4}
            value={pasteText}
            onChange={(event) => setPasteText(event.target.value)}
            placeholder='{"team": "support", "tier": "2"}'
            aria-invalid={Boolean(pasteError)}
            className={cn(inputClasses, "h-auto py-2 font-mono text-[0.8125rem]")}
          />
          {pasteError ? (
            <p role="alert" className="text-[0.8125rem] text-destructive">
              {pasteError}
            </p>
          ) : null}
          <div>
            <Button size="sm" onClick={applyPaste}>
              Fill from JSON
            </Button>
          </div>
        </div>
      ) : null}
    </fieldset>
  );
}
