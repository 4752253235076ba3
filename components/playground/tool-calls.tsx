"use client";

import { useId, useRef, useState, useSyncExternalStore } from "react";
import { ToolApprovalsFooter } from "@/components/playground/tool-approvals-footer";
import { ToolCallCard, type ToolCallCardState } from "@/components/playground/tool-call-card";
import { useToolApprovals } from "@/components/playground/use-tool-approvals";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { AssistantTool } from "@/lib/assistants/tools";
import type { MockOutputs } from "@/lib/assistants/mock-outputs";
import type { ToolApproval } from "@/lib/playground/live-run-store";
import type { StreamedToolCall } from "@/lib/playground/live-run-view";
import { emptyDraft, expiresIn, functionSchemaFor, toToolOutputs, type OutputDraft, type ToolOutput } from "@/lib/playground/tool-outputs";

// The calls of a run stopped in `requires_action`, inline in the chat: what the model asked for,
// whether its arguments fit the function's schema, and a form per call for what the function
// "returned". All outputs go in one submit_tool_outputs request, because the run resumes only
// once every call has one. After that the cards stay, read-only, as the thread's history.
// Plugin and MCP calls (issue 24) run on the server: their cards have no output form, and while
// the run waits for approvals each awaiting one has Approve and Deny, all decisions sent in one
// submit_tool_approvals request (components/playground/use-tool-approvals.ts).

export type ToolCallsStatus = "waiting" | "submitting" | "submitted" | "expired" | "cancelled" | "unanswered";

type ToolCallsProps = {
  /** The run's calls, in order; `output` is non-null once submitted. */
  calls: StreamedToolCall[];
  /** The run's tools, for each function's parameters schema. */
  tools: AssistantTool[];
  mockOutputs: MockOutputs;
  status: ToolCallsStatus;
  /** Unix seconds (the run's `expires_at`). */
  expiresAt: number | null;
  /** Resolves to an error message, or null once the outputs are accepted; absent for viewers. */
  onSubmit?: (outputs: ToolOutput[]) => Promise<string | null>;
  /** What the run waits for while `status` is "waiting": outputs (the default) or approvals. */
  waitsFor?: "outputs" | "approvals" | null;
  /** Sends every decision in one request, as onSubmit; absent for viewers. */
  onApprove?: (approvals: ToolApproval[]) => Promise<string | null>;
  /** What is typed per call id; kept by the page, since a long thread's rows unmount off screen. */
  drafts: Readonly<Record<string, OutputDraft>>;
  onDraftChange: (callId: string, draft: OutputDraft) => void;
  /** The run's events are being read (again): its state may be about to change, so nothing is sent meanwhile. */
  locked?: boolean;
};

const CLOCK_TICK_MS = 30_000;

// One clock for every countdown on the page (a long thread can hold many of these), read through
// useSyncExternalStore: the server snapshot is null, so server and hydration render agree, and no
// timestamp is read during render. It runs only while something listens, and forgets its time
// when nothing does, so a later first render shows nothing rather than a stale countdown.
let clock: number | null = null;
let timer: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();
function tick() {
  clock = Date.now();
  for (const listener of listeners) listener();
}
function subscribeClock(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    timer = setInterval(tick, CLOCK_TICK_MS);
    tick();
  } else listener();
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0 || timer === null) return;
    clearInterval(timer);
    timer = null;
    clock = null;
  };
}
const useNow = () =>
  useSyncExternalStore<number | null>(
    subscribeClock,
    () => clock,
    () => null,
  );

/** "get_weather", or "get_weather (2)" when the run calls the same function more than once. */
function cardLabels(calls: readonly StreamedToolCall[]): string[] {
  const totals = new Map<string, number>();
  for (const call of calls) totals.set(call.name, (totals.get(call.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  return calls.map((call) => {
    const nth = (seen.get(call.name) ?? 0) + 1;
    seen.set(call.name, nth);
    return (totals.get(call.name) ?? 0) > 1 ? `${call.name} (${nth})` : call.name;
  });
}

export function ToolCalls({ calls, tools, mockOutputs, status, expiresAt, onSubmit, waitsFor = "outputs", onApprove, drafts, onDraftChange, locked = false }: ToolCallsProps) {
  const id = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A second Ctrl+Enter can land before `pending` re-renders; this one is synchronous.
  const inFlight = useRef(false);
  const now = useNow();

  const labels = cardLabels(calls);
  // Submitted outputs come back in `calls` (the live-run store keeps them until a step carries them).
  // Server-run calls are never the client's to answer.
  const waiting = calls.filter((call) => call.output === null && !call.server);
  const approving = status === "waiting" && waitsFor === "approvals";
  // The client's outputs of a turn are asked for once its approvals are settled.
  const open = onSubmit !== undefined && (status === "waiting" || status === "submitting") && waitsFor !== "approvals";
  const awaitingIds = approving ? calls.flatMap((call) => (call.server?.status === "awaiting_approval" ? [call.id] : [])) : [];
  const approvals = useToolApprovals(awaitingIds, onApprove);
  const deciding = approving && onApprove !== undefined && awaitingIds.length > 0;
  const busy = pending || status === "submitting";
  const result = toToolOutputs(waiting, drafts);
  const ready = open && waiting.length > 0 && result.ok && !busy && !locked;
  const missingNames = result.ok ? [] : result.missing.map((missing) => labels[calls.findIndex((call) => call.id === missing)] ?? missing);
  const left = now === null ? null : expiresIn(expiresAt, now);

  async function submit() {
    if (!ready || !result.ok || !onSubmit || inFlight.current) return;
    inFlight.current = true;
    setPending(true);
    setError(null);
    try {
      const failure = await onSubmit(result.outputs);
      // On failure the drafts stay as typed, so a retry is one click.
      if (failure) setError(failure);
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown.message : "The outputs could not be submitted.");
    } finally {
      inFlight.current = false;
      setPending(false);
    }
  }

  function cardState(call: StreamedToolCall): ToolCallCardState {
    if (call.server) return status;
    if (call.output !== null) return "submitted";
    if (status === "waiting" && pending) return "submitting";
    return status;
  }

  return (
    <section aria-label="Tool calls" className="flex min-w-0 flex-col gap-3">
      {calls.map((call, index) => {
        const output = call.output;
        const label = labels[index] ?? call.name;
        const mock = Object.hasOwn(mockOutputs, call.name) ? mockOutputs[call.name] : undefined;
        return (
          <ToolCallCard
            key={call.id || index}
            call={call}
            label={label}
            schema={functionSchemaFor(tools, call.name)}
            state={cardState(call)}
            output={output}
            approval={
              deciding && call.server?.status === "awaiting_approval"
                ? {
                    decision: approvals.decisionOf(call.id),
                    disabled: approvals.pending || locked || approvals.isSent(call.id),
                    onDecide: (approve) => approvals.decide(call.id, approve),
                    onUndo: () => approvals.undo(call.id),
                  }
                : null
            }
            form={
              open && output === null && !call.server
                ? {
                    draft: drafts[call.id] ?? emptyDraft(mock),
                    onChange: (draft) => onDraftChange(call.id, draft),
                    mock,
                    disabled: busy,
                    onSubmitShortcut: () => void submit(),
                  }
                : null
            }
          />
        );
      })}

      {status === "expired" && waiting.length > 0 ? (
        <Alert variant="destructive" title="The run expired before outputs were submitted (10 minutes)." />
      ) : null}
      {status === "cancelled" && waiting.length > 0 ? <Alert title="The run was cancelled before outputs were submitted." /> : null}
      {(status === "expired" || status === "cancelled") && waiting.length === 0 && calls.some((call) => call.server?.status === "awaiting_approval") ? (
        <Alert variant={status === "expired" ? "destructive" : "neutral"} title={`The run ${status === "expired" ? "expired" : "was cancelled"} before the calls were approved or denied.`} />
      ) : null}
      {status === "waiting" && !onSubmit && waiting.length > 0 && !approving ? <Alert title="Waiting for an editor to submit the outputs." /> : null}
      {approving && !onApprove && awaitingIds.length > 0 ? <Alert title="Waiting for an editor to approve or deny the calls." /> : null}
      {approving && waiting.length > 0 ? <p className="text-[0.8125rem] text-muted-foreground">The outputs of the client&apos;s functions are asked for once the approvals are in.</p> : null}

      {deciding ? (
        <ToolApprovalsFooter
          reason={approvals.reason}
          onReasonChange={approvals.setReason}
          undecided={awaitingIds.filter((callId) => approvals.decisionOf(callId) === undefined).length}
          expiry={left ? `Expires in ${left}.` : expiresAt !== null && now !== null ? "Expires any moment." : ""}
          pending={approvals.pending}
          disabled={approvals.pending || locked}
          error={approvals.error}
        />
      ) : null}

      {open && waiting.length > 0 ? (
        <div className="flex flex-col gap-2">
          {/* The button keeps its place, top right of this footer, whatever the text beside it says
              (what is missing, the countdown, "Submitting…") and however long it is: the text wraps
              in its own column, and an error goes below. */}
          <div className="flex items-start gap-3">
            <div className="flex min-h-9 min-w-0 flex-1 flex-col justify-center text-[0.8125rem] text-muted-foreground">
              <p id={`${id}-hint`}>
                {missingNames.length > 0 ? `Needs an output for ${missingNames.join(", ")}. ` : ""}
                {left ? `Expires in ${left}.` : expiresAt !== null && now !== null ? "Expires any moment." : ""}
              </p>
              <span role="status">{busy ? "Submitting…" : ""}</span>
            </div>
            <Button className="shrink-0" disabled={!ready} aria-describedby={`${id}-hint`} aria-keyshortcuts="Control+Enter Meta+Enter" onClick={() => void submit()}>
              {waiting.length > 1 ? `Submit ${waiting.length} outputs` : "Submit output"}
            </Button>
          </div>
          {error ? (
            <div role="alert">
              <Alert variant="destructive" title="The outputs were not submitted">
                {error}
              </Alert>
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
