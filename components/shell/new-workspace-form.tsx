"use client";

import { useRouter } from "next/navigation";
import { createWorkspace } from "@/app/(console)/actions";
import { FormError, FormInput } from "@/components/forms/form-input";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { workspaceSchema } from "@/lib/auth/schema";

export function NewWorkspaceForm() {
  const router = useRouter();
  const { form, onSubmit, formError } = useActionForm({
    schema: workspaceSchema,
    action: createWorkspace,
    defaultValues: { name: "" },
    onSuccess: () => {
      router.push("/assistants");
      router.refresh();
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4 sm:max-w-md">
      <FormError message={formError} />
      <FormInput form={form} name="name" label="Workspace name" idPrefix="new-workspace" required />
      <div>
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? "Creating…" : "Create workspace"}
        </Button>
      </div>
    </form>
  );
}
