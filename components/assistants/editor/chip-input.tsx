"use client";

import { useState } from "react";
import { Controller, useFormContext } from "react-hook-form";
import { errorAtOrBelow, useShownErrors } from "@/components/assistants/editor/form-errors";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/input";
import type { AssistantFormValues } from "@/lib/assistants/form";

type ChipPath = "tool_resources.code_interpreter.file_ids" | "tool_resources.file_search.vector_store_ids";

/** Ids as chips: Enter, comma or paste adds; Backspace on empty removes the last; each chip has a remove button. */
export function ChipInput({ name, label, max, placeholder }: { name: ChipPath; label: string; max: number; placeholder: string }) {
  const { control } = useFormContext<AssistantFormValues>();
  const errors = useShownErrors();
  const [draft, setDraft] = useState("");
  const id = `chips-${name.replaceAll(".", "-")}`;
  const error = errorAtOrBelow(errors, name);
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => {
        const chips = (field.value ?? []) as string[];
        const add = (text: string) => {
          const fresh = text.split(/[\s,]+/).map((part) => part.trim()).filter((part) => part && !chips.includes(part));
          if (fresh.length) field.onChange([...chips, ...fresh]);
          setDraft("");
        };
        return (
          <div className="flex flex-col gap-1.5">
            <div className="flex items-baseline justify-between">
              <label htmlFor={id} className="text-sm font-medium">
                {label}
              </label>
              <span className={cn("text-xs tabular-nums", chips.length > max ? "font-medium text-destructive" : "text-muted-foreground")}>
                {chips.length} / {max}
              </span>
            </div>
            <div className={cn(inputClasses, "flex h-auto min-h-9 flex-wrap items-center gap-1.5 py-1.5")}>
              {chips.map((chip) => (
                <span key={chip} className="inline-flex items-center gap-1 rounded bg-secondary px-1.5 py-0.5 font-mono text-xs">
                  {chip}
                  <button type="button" aria-label={`Remove ${chip}`} className="text-muted-foreground hover:text-foreground" onClick={() => field.onChange(chips.filter((c) => c !== chip))}>
                    ×
                  </button>
                </span>
              ))}
              <input
                id={id}
                value={draft}
                placeholder={chips.length ? "" : placeholder}
                aria-invalid={Boolean(error)}
                className="min-w-32 flex-1 bg-transparent text-sm outline-none"
                onChange={(event) => setDraft(event.target.value)}
                onBlur={() => draft && add(draft)}
                onPaste={(event) => {
                  event.preventDefault();
                  add(event.clipboardData.getData("text"));
                }}
                onKeyDown={(event) => {
                  if (event.key === "Enter" || event.key === ",") {
                    event.preventDefault();
                    add(draft);
                  } else if (event.key === "Backspace" && draft === "" && chips.length) {
                    field.onChange(chips.slice(0, -1));
                  }
                }}
              />
            </div>
            {error ? <p className="text-[0.8125rem] text-destructive">{error}</p> : null}
          </div>
        );
      }}
    />
  );
}
