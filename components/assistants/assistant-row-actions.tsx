"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { copyAssistant, removeAssistant } from "@/app/(console)/assistants/actions";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { callAction } from "@/components/forms/call-action";
import { InlineError } from "@/components/ui/inline-error";

/** Duplicate (then open the copy), and delete behind a "cannot be undone" confirmation; the list refetches. */
export function AssistantRowActions({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const refetch = () => queryClient.invalidateQueries({ queryKey: ["assistants"] });

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-start justify-end gap-1">
        <Button
          variant="ghost"
          size="sm"
          disabled={pending}
          aria-label={`Duplicate ${name}`}
          onClick={() =>
            startTransition(async () => {
              const result = await callAction(() => copyAssistant({ id }));
              if (!result.ok) return setError(result.message);
              await refetch();
              router.push(`/assistants/${result.data.id}`);
            })
          }
        >
          Duplicate
        </Button>
        <ConfirmButton
          label="Delete"
          accessibleLabel={`Delete ${name}`}
          question="Deleting cannot be undone."
          confirmLabel="Delete"
          action={removeAssistant}
          input={{ id }}
          onSuccess={refetch}
        />
      </div>
      {error ? (
        <InlineError size="xs">
          {error}
        </InlineError>
      ) : null}
    </div>
  );
}
