"use client";

import { signIn } from "@/app/(auth)/sign-in/actions";
import { FormError, FormInput } from "@/components/forms/form-input";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { signInSchema } from "@/lib/auth/schema";

export function SignInForm({ next }: { next: string }) {
  const { form, onSubmit, formError } = useActionForm({
    schema: signInSchema,
    action: signIn,
    defaultValues: { email: "", password: "", next },
  });
  const { isSubmitting } = form.formState;
  return (
    <form
      onSubmit={async (event) => {
        await onSubmit(event);
        if (form.formState.errors.password?.type === "server") form.setValue("password", "");
      }}
      noValidate
      className="flex flex-col gap-4"
    >
      <FormError message={formError} />
      <FormInput form={form} name="email" label="Email" type="email" autoComplete="username" required />
      <FormInput form={form} name="password" label="Password" type="password" autoComplete="current-password" required />
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
