"use client";

import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";

type FormRoleSelectProps<V extends FieldValues> = {
  form: UseFormReturn<V, unknown, FieldValues>;
  name: Path<V>;
  /** The roles on offer (an API key's creator offers at most their own). */
  roles: readonly Role[];
  id: string;
  label?: string;
};

/** A role picker registered with react-hook-form, with its label and error. */
export function FormRoleSelect<V extends FieldValues>({ form, name, roles, id, label = "Role" }: FormRoleSelectProps<V>) {
  const error = form.formState.errors[name]?.message;
  return (
    <Field id={id} label={label} error={typeof error === "string" ? error : undefined}>
      {(aria) => (
        <Select {...aria} {...form.register(name)}>
          {roles.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}
