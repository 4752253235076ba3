"use client";

import { CallBlock } from "@/components/playground/call-block";
import type { ToolCallCardState } from "@/components/playground/tool-call-card";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { StreamedToolCall } from "@/lib/playground/live-run-view";
import { serverCallBadge, serverCallSummary } from "@/lib/playground/server-calls";
import { prettyArguments, prettyOutput } from "@/lib/playground/tool-outputs";
import type { ServerToolCall } from "@/lib/runs/wire";

// A plugin operation or MCP tool call Atelier ran (or will run) on the server (issue 24): what it
// called, how it went and how long it took, its arguments and output. Nothing to answer here: the
// client "Submit output" form is for the client's own functions. A call that needs a person's
// approval gets Approve and Deny while its run waits; the decision shows as a chip until every
// awaiting call has one and they are sent together (components/playground/tool-calls.tsx).

const SPINNER = "inline-block size-3 animate-spin rounded-full border-2 border-current border-r-transparent motion-reduce:animate-none";

/** The decision controls of a call awaiting approval (absent for viewers, or when the run no longer waits). */
export type ApprovalControls = {
  /** What this page recorded and has not sent yet (undefined: undecided). */
  decision: boolean | undefined;
  /** A submit is in flight, or the run's events are being read again. */
  disabled: boolean;
  onDecide: (approve: boolean) => void;
  /** Takes back a recorded decision while other calls are still undecided. */
  onUndo: () => void;
};

type ServerCallCardProps = {
  call: StreamedToolCall;
  server: ServerToolCall;
  label: string;
  state: ToolCallCardState;
  approval: ApprovalControls | null;
};

/** A call left awaiting approval will not run when its run ended while it waited (or is history that never got one). */
const endedAs = (state: ToolCallCardState) => (state === "expired" || state === "cancelled" || state === "unanswered" ? state : null);

export function ServerCallCard({ call, server, label, state, approval }: ServerCallCardProps) {
  const badge = serverCallBadge(server, approval?.decision, endedAs(state));
  const args = prettyArguments(call.arguments);
  const shown = call.output === null ? null : prettyOutput(call.output);
  const reason = server.approval?.reason;
  const awaiting = server.status === "awaiting_approval" && approval !== null;
  return (
    <article aria-label={`Tool call ${label}`} className="flex min-w-0 flex-col gap-3 rounded-lg border bg-card p-3 text-card-foreground">
      <header className="flex flex-col gap-1">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <div className="flex min-w-0 items-baseline gap-2">
            <span className="truncate font-mono text-sm font-medium">{call.name || "(no name)"}</span>
            <span className="truncate font-mono text-xs text-muted-foreground">{call.id}</span>
          </div>
          <Badge variant={badge.variant}>
            {badge.running ? <span aria-hidden className={SPINNER} /> : null}
            {badge.label}
          </Badge>
        </div>
        <p className="text-[0.8125rem] text-muted-foreground" title={server.type === "plugin" ? `Operation ${server.operation}` : undefined}>
          {serverCallSummary(server)}
        </p>
        {server.approval && server.status !== "awaiting_approval" ? (
          <p className="text-xs text-muted-foreground">
            {server.approval.approved ? "Approved" : "Denied"} by a person{reason ? `: ${reason}` : "."}
          </p>
        ) : null}
      </header>

      <CallBlock caption="Arguments" text={args.pretty}>
        {args.valid ? null : (
          <div className="flex flex-wrap gap-1.5">
            <Badge variant="destructive">Arguments are not valid JSON</Badge>
          </div>
        )}
      </CallBlock>

      {shown !== null ? <CallBlock caption={`Output${shown.json ? " (JSON)" : ""}`} text={shown.text} wrap /> : null}

      {awaiting ? (
        approval.decision === undefined ? (
          <div className="flex flex-wrap items-center gap-2">
            <Button size="sm" disabled={approval.disabled} onClick={() => approval.onDecide(true)}>
              Approve
            </Button>
            <Button size="sm" variant="outline" disabled={approval.disabled} onClick={() => approval.onDecide(false)}>
              Deny
            </Button>
          </div>
        ) : approval.disabled ? null : (
          <div className="flex flex-wrap items-center gap-2 text-[0.8125rem] text-muted-foreground">
            <span>{approval.decision ? "Will be approved" : "Will be denied"} once every call has a decision.</span>
            <Button size="sm" variant="ghost" aria-label={`Undo the decision on ${label}`} onClick={approval.onUndo}>
              Undo
            </Button>
          </div>
        )
      ) : null}
    </article>
  );
}
