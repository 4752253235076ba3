"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { invite } from "@/app/(console)/settings/members/actions";
import { FormError, FormInput } from "@/components/forms/form-input";
import { FormRoleSelect } from "@/components/forms/form-role-select";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { ROLES } from "@/lib/auth/roles";
import { inviteSchema } from "@/lib/auth/schema";

/** Invites by email; the owner copies the link and sends it (there is no mail server). */
export function InviteForm({ origin }: { origin: string }) {
  const router = useRouter();
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const { form, onSubmit, formError } = useActionForm({
    schema: inviteSchema,
    action: invite,
    defaultValues: { email: "", role: "editor" },
    onSuccess: (data) => {
      setLink({ email: data.email, url: `${origin}/invite/${data.id}` });
      form.reset({ email: "", role: data.role });
      router.refresh();
    },
  });
  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4">
        <FormError message={formError} />
        <div className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-start">
          <FormInput form={form} name="email" label="Email" type="email" placeholder="ada@example.com" idPrefix="invite" required />
          <FormRoleSelect form={form} name="role" roles={ROLES} id="invite-role" />
          <Button type="submit" className="sm:mt-[1.625rem]" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? "Inviting…" : "Create invite link"}
          </Button>
        </div>
      </form>
      {link ? (
        <section aria-label="New invite link" className="flex flex-col gap-2 rounded-lg border bg-muted/40 p-3">
          <p className="text-sm">
            Send this link to <span className="font-medium">{link.email}</span>. It works once, for that email, for 7 days.
          </p>
          <CopyField label="Invite link" value={link.url} />
        </section>
      ) : null}
    </div>
  );
}
