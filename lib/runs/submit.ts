import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { acceptToolApprovals, acceptToolOutputs, type ApprovalDecision } from "@/lib/runs/data/transitions";
import type { RunEvent } from "@/lib/runs/events";
import type { SubmitToolApprovalsInput, SubmitToolOutputsInput } from "@/lib/runs/schema";
import { actionTtlMs, getRun, launch, type RunStart } from "@/lib/runs/service";
import { actionToolCalls, toRunObject, toRunStepObject, type RequiredAction } from "@/lib/runs/wire";

// What a run in `requires_action` waits for, brought: the client's tool outputs (OpenAI's
// submit_tool_outputs) or a person's decisions on the plugin and MCP calls Atelier would make
// (Atelier's submit_tool_approvals, issue 24). Each checks that the run waits for that kind, takes
// every waiting call exactly once, and moves the run on in one conditional transaction
// (lib/runs/data/transitions.ts), so two submits racing change it once; then the run resumes
// wherever there is room (launch).

export async function submitToolOutputs(caller: Caller, threadId: string, runId: string, input: SubmitToolOutputsInput): Promise<RunStart> {
  requireWrite(caller);
  const run = await getRun(caller, threadId, runId);
  if (run.status !== "requires_action") {
    throw new AppError("invalid_request", `Runs in status "${run.status}" do not accept tool outputs.`, { apiCode: "run_not_awaiting_outputs" });
  }
  const action = run.requiredAction as RequiredAction | null;
  if (action?.type === "submit_tool_approvals") {
    throw new AppError("invalid_request", `Run ${run.id} is waiting for approvals of tool calls Atelier runs, not for outputs: send them to POST /v1/threads/${threadId}/runs/${run.id}/submit_tool_approvals.`, { apiCode: "run_awaiting_approvals" });
  }
  const pending = actionToolCalls(action).map((call) => call.id);
  const outputs = new Map<string, string>();
  input.tool_outputs.forEach((output, index) => {
    const param = `tool_outputs[${index}].tool_call_id`;
    if (!pending.includes(output.tool_call_id)) throw new AppError("invalid_request", `No tool call '${output.tool_call_id}' is waiting for output on run ${run.id}.`, { param });
    if (outputs.has(output.tool_call_id)) throw new AppError("invalid_request", `Tool call '${output.tool_call_id}' has more than one output.`, { param });
    outputs.set(output.tool_call_id, output.output);
  });
  const missing = pending.filter((id) => !outputs.has(id));
  if (missing.length) {
    throw new AppError("invalid_request", `Expected tool outputs for call_ids ${JSON.stringify(pending)}, got ${JSON.stringify([...outputs.keys()])}; missing ${missing.join(", ")}.`, { param: "tool_outputs" });
  }
  const accepted = await acceptToolOutputs(run.id, outputs, new Date(Date.now() + actionTtlMs()));
  if (!accepted) throw new AppError("invalid_request", `Run ${run.id} is no longer waiting for tool outputs.`, { apiCode: "run_not_awaiting_outputs" });
  const events: RunEvent[] = [
    ...(accepted.step ? [{ event: "thread.run.step.completed", data: toRunStepObject(accepted.step) }] : []),
    { event: "thread.run.queued", data: toRunObject(accepted.run) },
  ];
  return launch(accepted.run, events);
}

/**
 * A person's decisions on the plugin and MCP calls a run waits for (issue 24, an Atelier extension
 * beside submit_tool_outputs): every waiting call exactly once, approved or denied (with an
 * optional reason the model reads). The run resumes: approved calls run, denied ones answer with
 * the denial.
 */
export async function submitToolApprovals(caller: Caller, threadId: string, runId: string, input: SubmitToolApprovalsInput): Promise<RunStart> {
  requireWrite(caller);
  const run = await getRun(caller, threadId, runId);
  const action = run.requiredAction as RequiredAction | null;
  if (run.status !== "requires_action" || action?.type !== "submit_tool_approvals") {
    const now = run.status === "requires_action" ? "it is waiting for tool outputs (submit_tool_outputs)" : `it is ${run.status}`;
    throw new AppError("invalid_request", `Run ${run.id} is not waiting for tool approvals: ${now}.`, { apiCode: "run_not_awaiting_approvals" });
  }
  const pending = actionToolCalls(action).map((call) => call.id);
  const decisions = new Map<string, ApprovalDecision>();
  input.approvals.forEach((approval, index) => {
    const param = `approvals[${index}].tool_call_id`;
    if (!pending.includes(approval.tool_call_id)) throw new AppError("invalid_request", `No tool call '${approval.tool_call_id}' is waiting for approval on run ${run.id}.`, { param });
    if (decisions.has(approval.tool_call_id)) throw new AppError("invalid_request", `Tool call '${approval.tool_call_id}' has more than one decision.`, { param });
    decisions.set(approval.tool_call_id, { approve: approval.approve, reason: approval.reason ?? null });
  });
  const missing = pending.filter((id) => !decisions.has(id));
  if (missing.length) {
    throw new AppError("invalid_request", `Expected a decision for each of ${JSON.stringify(pending)}; missing ${missing.join(", ")}.`, { param: "approvals" });
  }
  const ids = (approve: boolean) => [...decisions].filter(([, decision]) => decision.approve === approve).map(([id]) => id);
  // Who approved what is the audit's, in the transaction that records it on the run.
  const audit = (tx: Parameters<typeof recordAudit>[2]) => recordAudit(caller, { action: "run.tools_reviewed", targetType: "run", targetId: run.id, details: { approved: ids(true), denied: ids(false) } }, tx);
  const accepted = await acceptToolApprovals(run.id, decisions, new Date(Date.now() + actionTtlMs()), audit);
  if (!accepted) throw new AppError("invalid_request", `Run ${run.id} is no longer waiting for tool approvals.`, { apiCode: "run_not_awaiting_approvals" });
  const events: RunEvent[] = [
    // The step as it stands (decisions recorded, denials answered): stream clients fold what follows onto it.
    ...(accepted.step ? [{ event: "thread.run.step.in_progress", data: toRunStepObject(accepted.step) }] : []),
    { event: "thread.run.queued", data: toRunObject(accepted.run) },
  ];
  return launch(accepted.run, events);
}
