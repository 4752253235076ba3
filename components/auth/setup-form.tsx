"use client";

import { setUp } from "@/app/(auth)/setup/actions";
import { FormError, FormInput } from "@/components/forms/form-input";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { PASSWORD_MIN, setupSchema } from "@/lib/auth/schema";

export function SetupForm() {
  const { form, onSubmit, formError } = useActionForm({
    schema: setupSchema,
    action: setUp,
    defaultValues: { name: "", email: "", password: "", workspaceName: "" },
  });
  const { isSubmitting } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormError message={formError} />
      <FormInput form={form} name="name" label="Your name" autoComplete="name" required />
      <FormInput form={form} name="email" label="Email" type="email" autoComplete="email" required />
      <FormInput
        form={form}
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        rule={`At least ${PASSWORD_MIN} characters.`}
        required
      />
      <FormInput form={form} name="workspaceName" label="Workspace name" placeholder="Acme assistants" hint="Your team or project; you can rename it later." required />
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Creating your account…" : "Create account and workspace"}
      </Button>
    </form>
  );
}
