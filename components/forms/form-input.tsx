"use client";

import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

type FormInputProps<V extends FieldValues> = Omit<React.ComponentProps<"input">, "name" | "form" | "id"> & {
  form: UseFormReturn<V, unknown, FieldValues>;
  name: Path<V>;
  label: string;
  hint?: React.ReactNode;
  /** The rule a valid value follows; hidden while the field shows an error (see Field). */
  rule?: string;
  /** Prefix for the element id, when one page has two forms with the same field names. */
  idPrefix?: string;
};

/** An input registered with react-hook-form, with its label, hint and error. */
export function FormInput<V extends FieldValues>({ form, name, label, hint, rule, idPrefix = "field", className, ...props }: FormInputProps<V>) {
  const error = form.formState.errors[name]?.message;
  return (
    <Field id={`${idPrefix}-${name}`} label={label} hint={hint} rule={rule} error={typeof error === "string" ? error : undefined} className={className}>
      {(aria) => <Input {...aria} {...props} {...form.register(name)} />}
    </Field>
  );
}

/** The form-level error (not tied to one field), announced when it appears. */
export function FormError({ message }: { message: string | null }) {
  return (
    <div role="alert" aria-live="assertive" className={message ? "rounded-md border border-destructive/40 bg-destructive-muted px-3 py-2 text-sm text-destructive" : "sr-only"}>
      {message}
    </div>
  );
}
