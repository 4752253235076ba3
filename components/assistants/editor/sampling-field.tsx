"use client";

import { useFormContext, useWatch } from "react-hook-form";
import { useShownErrors } from "@/components/assistants/editor/form-errors";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import type { AssistantFormValues } from "@/lib/assistants/form";

type NumberPath = "temperature" | "top_p" | "top_k" | "max_tokens";

type SamplingFieldProps = {
  name: NumberPath;
  label: string;
  hint: string;
  /** With a range, a slider joins the number box. */
  range?: { min: number; max: number; step: number };
  integer?: boolean;
};

/** A number setting that may be left to the provider's default: empty (null) unless set. */
export function SamplingField({ name, label, hint, range, integer }: SamplingFieldProps) {
  const { register, setValue } = useFormContext<AssistantFormValues>();
  const errors = useShownErrors();
  const value = useWatch<AssistantFormValues, NumberPath>({ name });
  const error = errors[name]?.message;
  const id = `assistant-${name}`;
  const toValue = (raw: string) => (raw === "" ? null : integer ? Number.parseInt(raw, 10) : Number(raw));
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        <Button
          variant="ghost"
          size="sm"
          className="h-6 px-2 text-xs"
          disabled={value === null}
          aria-label={`Use the provider's default ${label.toLowerCase()}`}
          onClick={() => setValue(name, null, { shouldDirty: true, shouldValidate: true })}
        >
          {value === null ? "Provider default" : "Reset to default"}
        </Button>
      </div>
      <div className="flex items-center gap-3">
        {range ? (
          <input
            type="range"
            aria-label={`${label} slider`}
            min={range.min}
            max={range.max}
            step={range.step}
            value={value ?? range.min}
            onChange={(event) => setValue(name, Number(event.target.value), { shouldDirty: true, shouldValidate: true })}
            className={cn("flex-1 accent-primary", value === null && "opacity-40")}
          />
        ) : null}
        <input
          id={id}
          type="number"
          inputMode={integer ? "numeric" : "decimal"}
          step={range?.step ?? 1}
          placeholder="default"
          aria-invalid={Boolean(error)}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          className={cn(inputClasses, range ? "w-24" : "w-full")}
          {...register(name, { setValueAs: (raw: unknown) => (typeof raw === "number" ? raw : toValue(String(raw ?? ""))) })}
        />
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-[0.8125rem] text-destructive">
          {String(error)}
        </p>
      ) : null}
      <p id={`${id}-hint`} className="text-[0.8125rem] text-muted-foreground">
        {hint}
      </p>
    </div>
  );
}
