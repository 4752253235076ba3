"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/auth/action-result";
import { callAction } from "@/components/forms/call-action";

type ConfirmButtonProps = {
  /** The button's text ("Revoke"), and what it acts on, for screen readers ("Revoke key CI"). */
  label: string;
  accessibleLabel: string;
  /** The question asked before acting: says what cannot be undone. */
  question: string;
  confirmLabel: string;
  /** A server action and its input (both can cross from a server component). */
  action: (input: never) => Promise<ActionResult<unknown>>;
  input: unknown;
  /** Where to go once it succeeded (the thing acted on may be gone); else the page refreshes. */
  redirectTo?: string;
  /** Client callers only: what to do on success instead (e.g. refetch a query). */
  onSuccess?: () => void | Promise<void>;
  /** The first button's look: "destructive" where it stands alone (a page's Delete), "outline" in a row of actions. */
  variant?: "outline" | "destructive";
};

/**
 * A destructive action in two steps, inline: the button, then the question with Confirm/Cancel.
 * Focus moves to Confirm, Escape cancels; the page refreshes once the action succeeded.
 */
export function ConfirmButton({ label, accessibleLabel, question, confirmLabel, action, input, redirectTo, onSuccess, variant = "outline" }: ConfirmButtonProps) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <div className="flex flex-col items-end gap-1">
        <Button variant={variant} size="sm" aria-label={accessibleLabel} onClick={() => setAsking(true)}>
          {label}
        </Button>
        {error ? (
          <p role="alert" className="max-w-56 text-right text-xs text-destructive">
            {error}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <div role="group" aria-label={question} className="flex flex-wrap items-center justify-end gap-2" onKeyDown={(event) => event.key === "Escape" && setAsking(false)}>
      <span className="text-xs text-muted-foreground">{question}</span>
      <Button
        ref={confirmRef}
        size="sm"
        variant="destructive"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await callAction(() => (action as (input: unknown) => Promise<ActionResult<unknown>>)(input));
            setAsking(false);
            setError(result.ok ? null : result.message);
            if (!result.ok) return;
            if (onSuccess) await onSuccess();
            else if (redirectTo) router.push(redirectTo);
            else router.refresh();
          })
        }
      >
        {pending ? "Working…" : confirmLabel}
      </Button>
      <Button variant="ghost" size="sm" onClick={() => setAsking(false)} disabled={pending}>
        Cancel
      </Button>
    </div>
  );
}
