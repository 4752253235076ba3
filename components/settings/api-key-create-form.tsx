"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { createKey } from "@/app/(console)/settings/api-keys/actions";
import { FormError, FormInput } from "@/components/forms/form-input";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { apiKeyCreateSchema } from "@/lib/auth/schema";

type Created = { key: string; name: string; role: string };

/** Creates a key and shows it once: only its hash is stored. */
export function ApiKeyCreateForm({ roles }: { roles: Role[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<Created | null>(null);
  const { form, onSubmit, formError } = useActionForm({
    schema: apiKeyCreateSchema,
    action: createKey,
    defaultValues: { name: "", role: roles[0] ?? "viewer" },
    onSuccess: (data) => {
      setCreated(data);
      form.reset({ name: "", role: roles[0] ?? "viewer" });
      router.refresh();
    },
  });

  if (created) {
    return (
      <div className="flex flex-col gap-3">
        <Alert title={`Key “${created.name}” created (${created.role})`} variant="neutral">
          Copy it now and keep it somewhere safe: it is shown only this once.
        </Alert>
        <CopyField label="API key" value={created.key} />
        <div>
          <Button variant="outline" size="sm" onClick={() => setCreated(null)}>
            Done
          </Button>
        </div>
      </div>
    );
  }

  const roleError = form.formState.errors.role?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
        <FormInput form={form} name="name" label="Key name" placeholder="CI, staging server…" idPrefix="key" required />
        <Field id="key-role" label="Role" error={typeof roleError === "string" ? roleError : undefined}>
          {(aria) => (
            <Select {...aria} {...form.register("role")}>
              {roles.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <p className="text-[0.8125rem] text-muted-foreground">
        {ROLE_DESCRIPTIONS[form.watch("role") as Role] ?? ""} A key can never do more than you can: if your role is lowered or you leave the
        workspace, your keys follow.
      </p>
      <div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? "Creating…" : "Create key"}
        </Button>
      </div>
    </form>
  );
}
