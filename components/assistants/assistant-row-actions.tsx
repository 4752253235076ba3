"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { copyAssistant, removeAssistant } from "@/app/(console)/assistants/actions";
import { Button } from "@/components/ui/button";

/** Duplicate, and delete behind an explicit "cannot be undone" confirmation; the list refetches. */
export function AssistantRowActions({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const run = (work: () => Promise<void>) => startTransition(work);

  if (confirming) {
    return (
      <div role="group" aria-label={`Delete ${name}?`} className="flex flex-wrap items-center justify-end gap-2" onKeyDown={(event) => event.key === "Escape" && setConfirming(false)}>
        <span className="text-xs text-muted-foreground">Deleting cannot be undone.</span>
        <Button
          size="sm"
          autoFocus
          className="bg-destructive text-white hover:bg-destructive/90"
          disabled={pending}
          onClick={() =>
            run(async () => {
              const result = await removeAssistant({ id });
              setConfirming(false);
              if (!result.ok) return setError(result.message);
              await queryClient.invalidateQueries({ queryKey: ["assistants"] });
            })
          }
        >
          Delete
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setConfirming(false)}>
          Cancel
        </Button>
      </div>
    );
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex justify-end gap-1">
        <Button
          variant="ghost"
          size="sm"
          disabled={pending}
          aria-label={`Duplicate ${name}`}
          onClick={() =>
            run(async () => {
              const result = await copyAssistant({ id });
              if (!result.ok) return setError(result.message);
              await queryClient.invalidateQueries({ queryKey: ["assistants"] });
              router.push(`/assistants/${result.data.id}`);
            })
          }
        >
          Duplicate
        </Button>
        <Button variant="ghost" size="sm" aria-label={`Delete ${name}`} onClick={() => setConfirming(true)}>
          Delete
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
