"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { createKey } from "@/app/(console)/settings/api-keys/actions";
import { FormError, FormInput } from "@/components/forms/form-input";
import { FormRoleSelect } from "@/components/forms/form-role-select";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { ROLE_DESCRIPTIONS, type Role } from "@/lib/auth/roles";
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

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
        <FormInput form={form} name="name" label="Key name" placeholder="CI, staging server…" idPrefix="key" required />
        <FormRoleSelect form={form} name="role" roles={roles} id="key-role" />
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
