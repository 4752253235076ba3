import type { Run, RunStep } from "@/lib/generated/prisma/client";
import type { FoldCall } from "@/lib/runs/fold";
import type { SegmentIO } from "@/lib/runs/segment-io";
import { executeToolCall, executorFor, type ToolCallRequest, type ToolExecutor, type ToolResult } from "@/lib/runs/tools/executor";
import { callsSameTool } from "@/lib/runs/tools/catalog";
import type { ServerToolCatalog } from "@/lib/runs/tools/server-tools";
import { toolCallsDelta, toRunStepObject, type ServerToolCall, type StepCodeInterpreterCall, type StepDetails, type StepFunctionCall, type StepToolCall } from "@/lib/runs/wire";

// The calls of a model turn that Atelier runs itself (lib/runs/segment.ts is the loop around
// them): each goes to its executor, under the run's signal and the executor's time limit, and its
// result is streamed as the step's delta as soon as it is there. Calls of plugin or MCP tools that
// need a person's approval (issue 24) are not run here: the loop waits for the approvals, and
// `runApproved` runs the approved ones when the run resumes.

/** What runs a stretch's calls: the built-in executors, and the run's plugin and MCP tools. */
export type StretchTools = { executors: readonly ToolExecutor[]; catalog: ServerToolCatalog | null };

export const stretchTools = (io: SegmentIO, catalog: ServerToolCatalog | null): StretchTools => ({ executors: catalog ? [...io.executors, catalog.executor] : io.executors, catalog });

/** Calls that wait for a person's approval before they run. */
export const awaitingApproval = (tools: StretchTools, calls: FoldCall[], run: Run): FoldCall[] =>
  tools.catalog ? calls.filter((call) => tools.catalog!.executor.handles(call, run) && tools.catalog!.executor.needsApproval(call)) : [];

/**
 * Runs the calls Atelier executes (all but the client's and those awaiting approval), streaming
 * each result; `answered`: the run's tool calls answered before these (each call's index follows).
 */
export async function runServerTools(io: SegmentIO, tools: StretchTools, run: Run, stepId: string, calls: FoldCall[], skip: ReadonlySet<string>, signal: AbortSignal, answered: number): Promise<Map<string, ToolResult>> {
  const results = new Map<string, ToolResult>();
  const mine = calls.flatMap((call) => {
    const executor = skip.has(call.id) ? undefined : executorFor(tools.executors, call, run);
    return executor ? [{ call, executor }] : [];
  });
  await Promise.all(
    mine.map(async ({ call, executor }) => {
      const index = answered + calls.indexOf(call);
      const result = await executeToolCall(executor, call, run, signal, executor.timeoutMs ?? io.limits.toolTimeoutMs, index).catch(() => null); // null: the run was cancelled or stopped
      if (!result) return;
      results.set(call.id, result);
      const delta = result.stepCall
        ? { index: call.index, ...finalDelta(result.stepCall) }
        : { index: call.index, type: "function" as const, function: { output: result.output } as StepFunctionCall["function"] };
      io.publish("thread.run.step.delta", toolCallsDelta(stepId, [delta]));
    }),
  );
  return results;
}

/**
 * A resumed run's approved calls, run now: found in today's catalog by what they call (plugin and
 * operation, or server and tool), not by name. A call whose tool is gone from the registry gets an
 * output saying so. Returns the step's calls with the outputs filled in (null: the run was stopped).
 */
export async function runApproved(io: SegmentIO, tools: StretchTools, run: Run, step: RunStep, signal: AbortSignal, answered: number): Promise<StepToolCall[] | null> {
  const calls = (step.stepDetails as Extract<StepDetails, { type: "tool_calls" }>).tool_calls;
  // The step as it stands (the decisions on it), for stream clients to fold this stretch's deltas onto.
  io.publish("thread.run.step.in_progress", toRunStepObject(step));
  const approved = calls.flatMap((call, index) => (call.type === "function" && call.server_tool?.status === "approved" && call.function.output === null ? [{ call, index }] : []));
  const done = [...calls];
  await Promise.all(
    approved.map(async ({ call, index }) => {
      const entry = tools.catalog?.entries.find((candidate) => callsSameTool(call.server_tool!, candidate));
      const request: ToolCallRequest = { id: call.id, name: entry?.name ?? call.function.name, arguments: call.function.arguments };
      let next: StepFunctionCall;
      if (!entry || !tools.catalog) {
        const output = `Error: the tool "${call.function.name}" is no longer available (its plugin or MCP server was removed or changed), so it was not called.`;
        next = { ...call, function: { ...call.function, output }, server_tool: { ...call.server_tool!, status: "failed" } };
      } else {
        const result = await executeToolCall(tools.catalog.executor, request, run, signal, tools.catalog.executor.timeoutMs ?? io.limits.toolTimeoutMs, answered + index).catch(() => null);
        if (!result) return;
        const recorded = (result.stepCall as StepFunctionCall | undefined) ?? { ...call, function: { ...call.function, output: result.output } };
        // The call keeps the name the model used, and the approval it was given.
        next = { ...recorded, function: { ...recorded.function, name: call.function.name }, server_tool: { ...recorded.server_tool!, approval: call.server_tool!.approval } };
      }
      done[index] = next;
      // Only what the folded step lacks: clients join strings they see twice (a status would read "approvedcompleted"); step.completed has it all.
      const { duration_ms, http_status } = next.server_tool as { duration_ms?: number; http_status?: number | null };
      io.publish("thread.run.step.delta", toolCallsDelta(step.id, [{ index, type: "function", function: { output: next.function.output } as StepFunctionCall["function"], server_tool: { duration_ms, ...(http_status !== undefined && { http_status }) } as ServerToolCall }]));
    }),
  );
  if (signal.aborted) return null;
  return done;
}

/**
 * A call's last delta, once it has run: what the opening delta (lib/runs/model-turn.ts) and the
 * streamed arguments or code did not send. Clients fold deltas by joining strings (the `openai`
 * SDK's stream helpers do), so the id, a function's name and arguments, or a code call's input,
 * sent again would show twice.
 */
type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;
export function finalDelta(call: StepToolCall): WithoutId<StepToolCall> {
  const { id, ...rest } = call;
  void id;
  if (rest.type === "function") return { type: "function", function: { output: rest.function.output } as StepFunctionCall["function"], ...(rest.server_tool && { server_tool: rest.server_tool }) };
  if (rest.type !== "code_interpreter") return rest;
  const { input, ...done } = rest.code_interpreter;
  void input;
  return { ...rest, code_interpreter: done as StepCodeInterpreterCall["code_interpreter"] };
}
