"use client";

import { useState } from "react";
import { isActiveRun } from "@/lib/runs/statuses";
import type { RunObject } from "@/lib/runs/wire";
import type { Connection } from "@/lib/playground/live-run-state";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

// The line under the live run: what it is doing, how it ended when that needs saying (failed with
// its last_error and a retry, stopped, cut short, expired), the connection when it broke, and
// Regenerate once it has answered.

type Props = {
  run: RunObject | null;
  streamError: { message: string; code: string | null } | null;
  connection: Connection;
  busy: boolean;
  /** Viewers see how runs went, without the buttons that start or stop one. */
  canEdit: boolean;
  onRetry: () => void;
  onRegenerate: () => void;
  /** Settles once the cancel was answered (the button waits for it). */
  onCancel: () => Promise<unknown>;
  onReconnect: () => void;
  onInspect: () => void;
};

const INCOMPLETE: Record<string, string> = {
  max_completion_tokens: "The reply was cut short: it reached max_completion_tokens.",
  max_prompt_tokens: "The run stopped: the prompt did not fit in max_prompt_tokens.",
};

function Note({ tone, children }: { tone: "muted" | "error" | "warning"; children: React.ReactNode }) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn(
        "flex flex-wrap items-center gap-2 rounded-lg px-3 py-2 text-sm",
        tone === "error" && "border border-destructive/40 bg-destructive-muted text-destructive",
        tone === "warning" && "border bg-muted",
        tone === "muted" && "text-muted-foreground",
      )}
    >
      {children}
    </div>
  );
}

export function RunOutcome({ run, streamError, connection, busy, canEdit, onRetry, onRegenerate, onCancel, onReconnect, onInspect }: Props) {
  const [cancelling, setCancelling] = useState(false);
  // Viewers get none of these; each waits for the thread to be free unless it acts on the live run.
  const action = (label: string, onClick: () => void, { variant = "ghost", disabled = busy }: { variant?: "outline" | "ghost"; disabled?: boolean } = {}) =>
    canEdit ? (
      <Button size="sm" variant={variant} className={variant === "ghost" ? "h-7 px-2 text-xs" : "h-7"} onClick={onClick} disabled={disabled}>
        {label}
      </Button>
    ) : null;
  const reconnect = (
    <Button size="sm" variant="outline" className="h-7" onClick={onReconnect}>
      Reconnect
    </Button>
  );
  if (connection.state === "reconnecting") return <Note tone="warning">Connection lost. Reconnecting to the run (attempt {connection.attempt})…</Note>;
  if (connection.state === "lost") {
    return (
      <Note tone="error">
        <span>{connection.error}</span>
        {reconnect}
      </Note>
    );
  }
  if (connection.error) {
    return (
      <Note tone="error">
        <span>{connection.error}</span>
        {/* A run still going was not reached: follow it again rather than start another. */}
        {run && isActiveRun(run.status) ? reconnect : action("Retry", onRetry, { variant: "outline" })}
      </Note>
    );
  }
  if (!run) return null;
  const inspect = (
    <Button size="sm" variant="ghost" className="h-7 px-2 text-xs" onClick={onInspect}>
      Inspect run
    </Button>
  );
  switch (run.status) {
    case "queued":
    case "in_progress":
      return <Note tone="muted">Running… {inspect}</Note>;
    case "cancelling":
      return <Note tone="muted">Stopping…</Note>;
    case "requires_action":
      return (
        <Note tone="muted">
          {run.required_action?.type === "submit_tool_approvals" ? "Waiting for approval of tool calls." : "Waiting for tool outputs."} {inspect}
          {action(
            cancelling ? "Cancelling…" : "Cancel run",
            () => {
              setCancelling(true);
              void onCancel().finally(() => setCancelling(false));
            },
            { disabled: cancelling },
          )}
        </Note>
      );
    case "failed":
      return (
        <Note tone="error">
          <span>
            The run failed{run.last_error ? ` (${run.last_error.code}): ${run.last_error.message}` : streamError ? `: ${streamError.message}` : "."}
          </span>
          {action("Retry", onRetry, { variant: "outline" })}
          {inspect}
        </Note>
      );
    case "cancelled":
      return (
        <Note tone="muted">
          Stopped. {inspect}
          {action("Regenerate", onRegenerate)}
        </Note>
      );
    case "expired":
      return <Note tone="warning">The run expired: tool outputs were not submitted within 10 minutes. {inspect}</Note>;
    case "incomplete":
    case "completed":
      return (
        <Note tone={run.status === "incomplete" ? "warning" : "muted"}>
          {run.status === "incomplete" ? <span>{INCOMPLETE[run.incomplete_details?.reason ?? ""] ?? "The run ended incomplete."}</span> : null}
          {action("Regenerate", onRegenerate)}
          {inspect}
        </Note>
      );
  }
}
