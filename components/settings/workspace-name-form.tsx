"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { renameWorkspace } from "@/app/(console)/settings/actions";
import { FormError, FormInput } from "@/components/forms/form-input";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { workspaceSchema } from "@/lib/auth/schema";

export function WorkspaceNameForm({ name }: { name: string }) {
  const router = useRouter();
  const [saved, setSaved] = useState(false);
  const { form, onSubmit, formError } = useActionForm({
    schema: workspaceSchema,
    action: renameWorkspace,
    defaultValues: { name },
    onSuccess: (data) => {
      form.reset({ name: data.name });
      setSaved(true);
      router.refresh();
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3 sm:max-w-md" onChange={() => setSaved(false)}>
      <FormError message={formError} />
      <FormInput form={form} name="name" label="Workspace name" idPrefix="workspace" required />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={form.formState.isSubmitting || !form.formState.isDirty}>
          {form.formState.isSubmitting ? "Saving…" : "Save"}
        </Button>
        <span role="status" className="text-sm text-muted-foreground">
          {saved ? "Saved" : ""}
        </span>
      </div>
    </form>
  );
}
