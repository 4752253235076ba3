"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { InlineError } from "@/components/ui/inline-error";

// Edit and resend a message: the thread branches from there. Messages after it are removed, so
// that is asked first, with their count; the edited text then goes out as a new message and run.

type Props = {
  initial: string;
  /** How many messages come after this one, asked when Resend is pressed (more can arrive while the box is open). */
  countLater: () => number;
  onCancel: () => void;
  onResend: (text: string) => Promise<string | null>;
};

export function MessageEdit({ initial, countLater, onCancel, onResend }: Props) {
  const [text, setText] = useState(initial);
  // The count the confirmation names; null until Resend asks.
  const [confirming, setConfirming] = useState<number | null>(null);
  const later = confirming ?? 0;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function resend() {
    if (confirming === null) {
      const count = countLater();
      if (count > 0) return setConfirming(count);
    }
    setBusy(true);
    setError(null);
    const problem = await onResend(text);
    setBusy(false);
    if (problem) setError(problem);
  }

  return (
    <div className="flex w-full max-w-[85%] flex-col gap-2 rounded-xl border bg-card p-2.5">
      <textarea
        aria-label="Edit message"
        aria-keyshortcuts="Control+Enter Meta+Enter Escape"
        value={text}
        rows={3}
        autoFocus
        onChange={(e) => (setText(e.target.value), setConfirming(null))}
        onKeyDown={(event) => {
          if (event.key === "Escape" && !busy) {
            event.preventDefault();
            onCancel();
          } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !busy && text.trim()) {
            event.preventDefault();
            void resend();
          }
        }}
        className="w-full resize-y rounded-md border bg-background px-2 py-1.5 text-sm"
      />
      {confirming !== null ? (
        <p role="alert" className="text-xs text-muted-foreground">
          Resending removes the {later === 1 ? "message" : `${later} messages`} after this one, and this one is replaced.
        </p>
      ) : null}
      {error ? (
        <InlineError size="xs">
          {error}
        </InlineError>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button size="sm" variant="ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button size="sm" onClick={() => void resend()} disabled={busy || !text.trim()}>
          {confirming !== null ? `Remove ${later} and resend` : "Resend"}
        </Button>
      </div>
    </div>
  );
}
