import type { RunStep } from "@/lib/generated/prisma/client";
import type { CatalogEntry } from "@/lib/runs/tools/catalog";
import type { ToolCallRequest } from "@/lib/runs/tools/executor";
import type { ServerToolCatalog, ServerToolExecutor } from "@/lib/runs/tools/server-tools";
import type { ServerToolCall, StepFunctionCall, StepToolCall } from "@/lib/runs/wire";

// A plugin/MCP catalog for the run loop's unit tests: MCP tools of a server `kb` that answer
// `ran <name> <arguments>` (or hang until aborted, for `slow`), some needing approval.

export function fakeCatalog(tools: { name: string; needsApproval?: boolean }[]): ServerToolCatalog & { ran: string[] } {
  const entries: CatalogEntry[] = tools.map(({ name, needsApproval = false }, toolIndex) => ({
    name,
    description: name,
    parameters: { type: "object", properties: {} },
    source: { type: "mcp", serverLabel: "kb", toolIndex, tool: name },
    needsApproval,
  }));
  const ran: string[] = [];
  const record = (call: ToolCallRequest, output: string | null, server: Partial<ServerToolCall>): StepFunctionCall => ({
    id: call.id,
    type: "function",
    function: { name: call.name, arguments: call.arguments, output },
    server_tool: { type: "mcp", server_label: "kb", tool: call.name, status: "in_progress", ...server } as ServerToolCall,
  });
  const executor: ServerToolExecutor = {
    name: "server_tools",
    handles: (call) => entries.some((entry) => entry.name === call.name),
    needsApproval: (call) => entries.find((entry) => entry.name === call.name)?.needsApproval ?? false,
    async execute(call, { signal }) {
      ran.push(call.id);
      if (call.name === "slow") await new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
      const output = `ran ${call.name} ${call.arguments}`;
      return { output, stepCall: record(call, output, { status: "completed", duration_ms: 3 }) };
    },
    failedStepCall: (call, _context, output) => record(call, output, { status: "failed" }),
    pendingStepCall: (call, status, output) => record(call, output, { status }),
  };
  return { definitions: entries.map((entry) => ({ type: "function", name: entry.name, inputSchema: { type: "object" } })), skipped: [], executor, entries, ran };
}

/** The tool step a wait for approvals left open, with `decide`'s decisions recorded as acceptToolApprovals does. */
export function decidedStep(calls: StepToolCall[], decide: Record<string, { approve: boolean; reason?: string }>): RunStep {
  const tool_calls = calls.map((call) => {
    const decision = decide[call.id];
    if (!decision || call.type !== "function" || !call.server_tool) return call;
    const approval = { approved: decision.approve, reason: decision.reason ?? null };
    return { ...call, function: { ...call.function, output: decision.approve ? null : `The user denied this call: ${decision.reason}` }, server_tool: { ...call.server_tool, status: decision.approve ? "approved" : "denied", approval } };
  });
  return { id: "step_waiting", runId: "run_test", type: "tool_calls", status: "in_progress", createdAt: new Date(), stepDetails: { type: "tool_calls", tool_calls }, metadata: {} } as unknown as RunStep;
}
