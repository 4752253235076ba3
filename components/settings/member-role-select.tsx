"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { changeRole } from "@/app/(console)/settings/members/actions";
import { Select } from "@/components/ui/input";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { callAction } from "@/components/forms/call-action";

/** Changes a member's role as soon as another is picked; the server keeps at least one owner. */
export function MemberRoleSelect({ memberId, email, role }: { memberId: string; email: string; role: Role }) {
  const router = useRouter();
  const [value, setValue] = useState(role);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-col items-start gap-1">
      <Select
        aria-label={`Role of ${email}`}
        className="h-8 w-32"
        value={value}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value as Role;
          setValue(next);
          startTransition(async () => {
            const result = await callAction(() => changeRole({ memberId, role: next }));
            if (!result.ok) {
              setValue(role);
              setError(result.message);
              return;
            }
            setError(null);
            router.refresh();
          });
        }}
      >
        {ROLES.map((option) => (
          <option key={option} value={option}>
            {ROLE_LABELS[option]}
          </option>
        ))}
      </Select>
      {error ? (
        <p role="alert" className="max-w-64 text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
