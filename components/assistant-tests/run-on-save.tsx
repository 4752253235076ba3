"use client";

import { useState, useTransition } from "react";
import { setTestsOnSave } from "@/app/(console)/assistants/[assistant_id]/tests/actions";
import { callAction } from "@/components/forms/call-action";
import { InlineError } from "@/components/ui/inline-error";

// "Run tests on every save": saved at once when ticked; each new version then gets a test run of
// all the tests, whose result shows on the version in History and in the assistants list.

export function RunOnSave({ assistantId, initial, canEdit }: { assistantId: string; initial: boolean; canEdit: boolean }) {
  const [enabled, setEnabled] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const toggle = (next: boolean) => {
    // Shown at once (outside the transition, whose updates wait for its end); put back if it could not be saved.
    setEnabled(next);
    setError(null);
    startTransition(async () => {
      const result = await callAction(() => setTestsOnSave({ assistantId, enabled: next }));
      if (!result.ok) {
        setEnabled(!next);
        setError(result.message);
      }
    });
  };
  return (
    <div className="flex flex-col gap-1">
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={enabled} disabled={!canEdit} onChange={(event) => toggle(event.target.checked)} />
        Run tests on every save
      </label>
      <p className="text-xs text-muted-foreground">Each change that makes a new version runs all the tests against it; History and the assistants list show the result.</p>
      {pending ? <span className="sr-only" role="status">Saving…</span> : null}
      {error ? (
        <InlineError>
          {error}
        </InlineError>
      ) : null}
    </div>
  );
}
