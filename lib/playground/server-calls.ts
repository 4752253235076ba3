import { formatDuration } from "@/lib/playground/code-calls";
import type { ToolApproval } from "@/lib/playground/live-run-store";
import type { ServerToolCall } from "@/lib/runs/wire";

// What the playground says about a plugin operation or MCP tool a run called on the server (issue
// 24): one line naming what it called and how it went, the badge of where it stands, and the
// approvals a person's decisions make. Pure, so the chat's cards and the run inspector say the same.

/** "Plugin weather · GET /forecast/{city} · HTTP 200 · 84 ms", or "MCP calc · add · 12 ms": only what is known yet. */
export function serverCallSummary(server: ServerToolCall): string {
  const parts = server.type === "plugin" ? [`Plugin ${server.plugin_id}`, server.request || server.operation] : [`MCP ${server.server_label}`, server.tool];
  if (server.type === "plugin" && typeof server.http_status === "number") parts.push(`HTTP ${server.http_status}`);
  if (typeof server.duration_ms === "number") parts.push(formatDuration(server.duration_ms));
  return parts.filter(Boolean).join(" · ");
}

export type ServerCallBadge = { label: string; variant: "neutral" | "outline" | "success" | "destructive"; running?: boolean };

/**
 * The call's badge. `decision`: what this page recorded for a call awaiting approval before it is
 * sent (shown as the chip it will become); `ended`: why a call left awaiting approval will never run.
 */
export function serverCallBadge(server: ServerToolCall, decision: boolean | undefined, ended: "expired" | "cancelled" | "unanswered" | null): ServerCallBadge {
  switch (server.status) {
    case "awaiting_approval":
      if (decision !== undefined) return decision ? { label: "Approved", variant: "success" } : { label: "Denied", variant: "destructive" };
      if (ended === "expired") return { label: "Expired", variant: "destructive" };
      if (ended === "cancelled") return { label: "Cancelled", variant: "neutral" };
      if (ended === "unanswered") return { label: "Not approved", variant: "outline" };
      return { label: "Awaiting approval", variant: "outline" };
    case "in_progress":
      return ended === "cancelled" ? { label: "Cancelled", variant: "neutral" } : { label: "Running…", variant: "neutral", running: true };
    case "approved":
      return { label: "Approved", variant: "success" };
    case "denied":
      return { label: "Denied", variant: "destructive" };
    case "completed":
      return { label: "Completed", variant: "success" };
    case "failed":
      return { label: "Failed", variant: "destructive" };
  }
}

/** A person's decision on one call, before it is sent. */
export type ApprovalDecision = { approve: boolean; reason: string | null };

/**
 * The request body's approvals once every awaiting call has a decision (the run resumes only then,
 * so they go in one request); null while one is undecided.
 */
export function approvalsToSubmit(awaitingIds: readonly string[], decisions: Readonly<Record<string, ApprovalDecision>>): ToolApproval[] | null {
  if (!awaitingIds.length || awaitingIds.some((id) => !Object.hasOwn(decisions, id))) return null;
  return awaitingIds.map((id) => {
    const { approve, reason } = decisions[id]!;
    return { tool_call_id: id, approve, ...(reason && { reason }) };
  });
}
