"use client";

import { useId } from "react";
import { Alert } from "@/components/ui/alert";
import { Input } from "@/components/ui/input";

// Below a run's call cards while it waits for approvals: the one Reason a Deny sends (optional),
// how many calls still need a decision, the countdown to the run's expiry, "Submitting…", and why
// a submit failed. The Approve and Deny buttons are on each call's card.

type Props = {
  reason: string;
  onReasonChange: (reason: string) => void;
  undecided: number;
  /** "Expires in 9 min." or empty. */
  expiry: string;
  pending: boolean;
  disabled: boolean;
  error: string | null;
};

export function ToolApprovalsFooter({ reason, onReasonChange, undecided, expiry, pending, disabled, error }: Props) {
  const id = useId();
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-col gap-1.5">
        <label htmlFor={`${id}-reason`} className="text-sm font-medium">
          Reason
        </label>
        <Input
          id={`${id}-reason`}
          value={reason}
          maxLength={2000}
          disabled={disabled}
          aria-describedby={`${id}-hint`}
          placeholder="Optional: why a call is denied (the model reads it)"
          onChange={(event) => onReasonChange(event.target.value)}
        />
      </div>
      <div className="flex min-w-0 flex-col text-[0.8125rem] text-muted-foreground">
        <p id={`${id}-hint`}>
          {undecided === 1 ? "1 call needs a decision: approve it to let Atelier make it, or deny it. " : undecided > 1 ? `${undecided} calls need a decision; they are sent together once each has one. ` : ""}
          {expiry}
        </p>
        <span role="status">{pending ? "Submitting…" : ""}</span>
      </div>
      {error ? (
        <div role="alert">
          <Alert variant="destructive" title="The decisions were not submitted">
            {error}
          </Alert>
        </div>
      ) : null}
    </div>
  );
}
