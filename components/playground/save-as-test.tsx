"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { saveThreadAsTest } from "@/app/(console)/assistants/[assistant_id]/tests/actions";
import { callAction } from "@/components/forms/call-action";
import { Button } from "@/components/ui/button";

// "Save as test": the open thread becomes a test of this assistant (its user messages the turns,
// its tool outputs the mocks, assertions suggested from what happened), opened in the test editor
// to review and name.

export function SaveAsTest({ assistantId, threadId, disabled }: { assistantId: string; threadId: string; disabled: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const save = () =>
    startTransition(async () => {
      setError(null);
      const result = await callAction(() => saveThreadAsTest({ assistantId, threadId }));
      if (!result.ok) return setError(result.message);
      router.push(`/assistants/${assistantId}/tests/${result.data.id}`);
    });
  return (
    <>
      <Button variant="ghost" size="sm" onClick={save} disabled={disabled || pending} title="Make a test of this conversation: its messages become the turns, its tool outputs the mocks">
        {pending ? "Saving…" : "Save as test"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-destructive">
          {error}
        </span>
      ) : null}
    </>
  );
}
