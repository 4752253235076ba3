"use client";

import { useRef, useState } from "react";
import type { ToolApproval } from "@/lib/playground/live-run-store";
import { approvalsToSubmit, type ApprovalDecision } from "@/lib/playground/server-calls";

// A person's decisions on the plugin and MCP calls a run waits to have approved (issue 24). Each
// Approve or Deny is recorded here; the one that leaves no call undecided sends them all in one
// submit_tool_approvals request, because the run resumes only once every call has one. Deny takes
// the Reason typed at that moment. A refused or unsent request takes back the decision that sent
// it, so clicking again retries; the others stay.

export function useToolApprovals(awaitingIds: readonly string[], onApprove: ((approvals: ToolApproval[]) => Promise<string | null>) | undefined) {
  const [decisions, setDecisions] = useState<Record<string, ApprovalDecision>>({});
  const [reason, setReason] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Accepted: their chips stay, fixed, until the run's stream records the decisions on the step.
  const [sent, setSent] = useState<ReadonlySet<string>>(new Set());
  // A second click can land before `pending` re-renders; this one is synchronous.
  const inFlight = useRef(false);

  async function decide(callId: string, approve: boolean) {
    if (!onApprove || inFlight.current) return;
    const next = { ...decisions, [callId]: { approve, reason: approve ? null : reason.trim() || null } };
    setDecisions(next);
    const approvals = approvalsToSubmit(awaitingIds, next);
    if (!approvals) return;
    inFlight.current = true;
    setPending(true);
    setError(null);
    let failure: string | null;
    try {
      failure = await onApprove(approvals);
    } catch (thrown) {
      failure = thrown instanceof Error ? thrown.message : "The decisions could not be submitted.";
    }
    inFlight.current = false;
    setPending(false);
    if (failure) {
      setError(failure);
      setDecisions(({ [callId]: _taken, ...rest }) => (void _taken, rest));
    } else {
      setSent((before) => new Set([...before, ...approvals.map((approval) => approval.tool_call_id)]));
      setReason("");
    }
  }

  function undo(callId: string) {
    if (inFlight.current) return;
    setDecisions(({ [callId]: _taken, ...rest }) => (void _taken, rest));
  }

  return {
    /** The recorded decision on a call (undefined: none yet). */
    decisionOf: (callId: string): boolean | undefined => decisions[callId]?.approve,
    decide: (callId: string, approve: boolean) => void decide(callId, approve),
    undo,
    /** The call's decision was sent and accepted. */
    isSent: (callId: string) => sent.has(callId),
    reason,
    setReason,
    pending,
    error,
  };
}
