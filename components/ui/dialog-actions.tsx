import { Button } from "@/components/ui/button";
import { InlineError } from "@/components/ui/inline-error";

type DialogActionsProps = {
  /** What went wrong with the last attempt, shown above the buttons. */
  error?: string | null;
  /** While the action runs: Cancel is disabled too, so the dialog is not closed under it. */
  busy: boolean;
  onCancel: () => void;
  /** The dialog's own action button. */
  children: React.ReactNode;
};

/** The foot of a dialog that acts: its error, then Cancel beside the action. */
export function DialogActions({ error, busy, onCancel, children }: DialogActionsProps) {
  return (
    <>
      {error ? (
        <InlineError>
          {error}
        </InlineError>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="ghost" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        {children}
      </div>
    </>
  );
}
