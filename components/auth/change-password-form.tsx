"use client";

import { useState } from "react";
import { changePassword } from "@/app/(console)/settings/account/actions";
import { FormError, FormInput } from "@/components/forms/form-input";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { PASSWORD_MIN, changePasswordSchema } from "@/lib/auth/schema";

export function ChangePasswordForm() {
  const [done, setDone] = useState(false);
  const { form, onSubmit, formError } = useActionForm({
    schema: changePasswordSchema,
    action: changePassword,
    defaultValues: { currentPassword: "", newPassword: "" },
    onSuccess: () => {
      form.reset();
      setDone(true);
    },
  });
  return (
    <form onSubmit={onSubmit} onChange={() => setDone(false)} noValidate className="flex flex-col gap-4 sm:max-w-md">
      <FormError message={formError} />
      <FormInput form={form} name="currentPassword" label="Current password" type="password" autoComplete="current-password" required />
      <FormInput
        form={form}
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        rule={`At least ${PASSWORD_MIN} characters.`}
        hint="Your other sessions are signed out."
        required
      />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {form.formState.isSubmitting ? "Changing…" : "Change password"}
        </Button>
        <span role="status" className="text-sm text-muted-foreground">
          {done ? "Password changed" : ""}
        </span>
      </div>
    </form>
  );
}
