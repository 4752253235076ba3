"use client";

import { useState, useTransition } from "react";
import { acceptInvite, joinWithNewAccount, signOutForInvite } from "@/app/(auth)/invite/[id]/actions";
import { FormError, FormInput } from "@/components/forms/form-input";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { PASSWORD_MIN, acceptInviteSignUpSchema } from "@/lib/auth/schema";
import { callAction } from "@/components/forms/call-action";
import { InlineError } from "@/components/ui/inline-error";

export function NewAccountInviteForm({ invitationId, email }: { invitationId: string; email: string }) {
  const { form, onSubmit, formError } = useActionForm({
    schema: acceptInviteSignUpSchema,
    action: joinWithNewAccount,
    defaultValues: { invitationId, name: "", password: "" },
  });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
      <FormError message={formError} />
      <div className="flex flex-col gap-1.5">
        <span className="text-sm font-medium">Email</span>
        <span className="rounded-md border bg-muted/50 px-3 py-2 text-sm">{email}</span>
      </div>
      <FormInput form={form} name="name" label="Your name" autoComplete="name" required />
      <FormInput form={form} name="password" label="Choose a password" type="password" autoComplete="new-password" rule={`At least ${PASSWORD_MIN} characters.`} required />
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? "Joining…" : "Create account and join"}
      </Button>
    </form>
  );
}

/** One-button actions (accept as the signed-in user; sign out to switch accounts). */
export function InviteButton({ invitationId, kind }: { invitationId: string; kind: "accept" | "sign-out" }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const action = kind === "accept" ? acceptInvite : signOutForInvite;
  return (
    <div className="flex flex-col gap-2">
      <Button
        variant={kind === "accept" ? "primary" : "outline"}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await callAction(() => action({ invitationId }));
            if (!result.ok) setError(result.message);
          })
        }
      >
        {kind === "accept" ? (pending ? "Joining…" : "Join workspace") : pending ? "Signing out…" : "Sign out and continue"}
      </Button>
      {error ? (
        <InlineError>
          {error}
        </InlineError>
      ) : null}
    </div>
  );
}
