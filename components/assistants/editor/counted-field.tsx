"use client";

import { useFormContext, useWatch } from "react-hook-form";
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
  list?: string;
  type?: string;
  autoComplete?: string;
};

/** A labelled text field with its error and, when it has a limit, a live "n / max" counter. */
export function CountedField({ name, label, max, hint, multiline, placeholder, list, type, autoComplete = "off" }: CountedFieldProps) {
  const { register, formState } = useFormContext<AssistantFormValues>();
  const value = useWatch<AssistantFormValues, TextPath>({ name }) ?? "";
  const error = formState.errors[name]?.message;
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
      ) : (
        <input {...common} type={type ?? "text"} list={list} autoComplete={autoComplete} className={inputClasses} />
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
