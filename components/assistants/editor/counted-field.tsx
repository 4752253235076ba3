"use client";

import { useFormContext, useWatch } from "react-hook-form";
import { useShownErrors } from "@/components/assistants/editor/form-errors";
import { ModelInput } from "@/components/models/model-input";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/input";
import type { AssistantFormValues } from "@/lib/assistants/form";

type TextPath = "name" | "description" | "model" | "user_id" | "webhook_url";

type CountedFieldProps = {
  name: TextPath;
  label: string;
  max?: number;
  hint?: React.ReactNode;
  multiline?: boolean;
  placeholder?: string;
  /** A model id field: suggests the providers' models and, after them, these ids (models in use). */
  modelsInUse?: readonly string[];
  type?: string;
  autoComplete?: string;
};

/** A labelled text field with its error and, when it has a limit, a live "n / max" counter. */
export function CountedField({ name, label, max, hint, multiline, placeholder, modelsInUse, type, autoComplete = "off" }: CountedFieldProps) {
  const { register, setValue } = useFormContext<AssistantFormValues>();
  const errors = useShownErrors();
  const value = useWatch<AssistantFormValues, TextPath>({ name }) ?? "";
  const error = errors[name]?.message;
  const id = `assistant-${name}`;
  const over = max !== undefined && value.length > max;
  const describedBy = [error ? `${id}-error` : null, max ? `${id}-count` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  const common = { id, "aria-invalid": Boolean(error), "aria-describedby": describedBy, placeholder, ...register(name) };
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex items-baseline justify-between gap-3">
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        {max !== undefined ? (
          <span id={`${id}-count`} className={cn("text-xs tabular-nums", over ? "font-medium text-destructive" : "text-muted-foreground")}>
            {value.length.toLocaleString("en")} / {max.toLocaleString("en")}
          </span>
        ) : null}
      </div>
      {multiline ? (
        <textarea {...common} rows={3} className={cn(inputClasses, "h-auto min-h-20 py-2")} />
      ) : modelsInUse ? (
        <ModelInput
          {...common}
          value={value}
          inUse={modelsInUse}
          onPick={(model) => setValue(name, model, { shouldDirty: true, shouldTouch: true, shouldValidate: true })}
          className={inputClasses}
        />
      ) : (
        <input {...common} type={type ?? "text"} autoComplete={autoComplete} className={inputClasses} />
      )}
      {error ? (
        <p id={`${id}-error`} className="text-[0.8125rem] text-destructive">
          {String(error)}
        </p>
      ) : null}
      {hint ? (
        <p id={`${id}-hint`} className="text-[0.8125rem] text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
