import type { Run } from "@/lib/generated/prisma/client";
import type { StepToolCall } from "@/lib/runs/wire";

// Tools Atelier runs itself (file search, code interpreter, plugins, MCP servers: issues 19, 23,
// 24) plug into the run loop (lib/runs/segment.ts) here. When the model asks for tools, each call
// goes to the first executor that handles it; the rest are the client's (`requires_action`). An
// executor gets the run's abort signal, joined with its own time limit, and returns the output the
// model sees next. A failure inside the tool is an output too (the model may try again); only the
// run being cancelled or stopped ends the run.

export type ToolCallRequest = { id: string; name: string; arguments: string };

export type ToolContext = {
  run: Run;
  /** Aborted when the run is cancelled or stopped, or the call's time is up. */
  signal: AbortSignal;
  /** This call's place among the run's answered tool calls (0, 1, …): unique in the run, e.g. for citation markers. */
  callIndex: number;
};

/** The output the model sees, or that and the call as the run step records it (a built-in tool's own shape). */
export type ToolOutput = string | { output: string; stepCall: StepToolCall };

export type ToolExecutor = {
  /** A short name for logs and step metadata, e.g. "file_search". */
  name: string;
  /** Whether this executor runs `call` for `run` (by the run's tools and the call's name). */
  handles(call: ToolCallRequest, run: Run): boolean;
  /** The output the model sees. Throwing is reported to the model as the tool's error, not the run's. */
  execute(call: ToolCallRequest, context: ToolContext): Promise<ToolOutput>;
  /** A built-in tool's calls are shown as their own type on the step (e.g. `file_search`), not as functions. */
  stepType?: "file_search" | "code_interpreter";
  /** This tool's own time limit for a call, instead of the engine's. */
  timeoutMs?: number;
  /** How the step records a call of such a tool that failed with `output`. */
  failedStepCall?(call: ToolCallRequest, context: ToolContext, output: string): StepToolCall;
};

export type ToolResult = { id: string; output: string; error: boolean; ms: number; stepCall?: StepToolCall };

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs one call with its executor under the run's signal and a time limit; never throws except when the run's own signal aborted. */
export async function executeToolCall(executor: ToolExecutor, call: ToolCallRequest, run: Run, runSignal: AbortSignal, timeoutMs: number, callIndex = 0): Promise<ToolResult> {
  const started = Date.now();
  const limit = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([runSignal, limit]);
  const context: ToolContext = { run, signal, callIndex };
  try {
    const result = await new Promise<ToolOutput>((resolve, reject) => {
      // An executor that ignores its signal still cannot hold the run past the limit.
      const onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      executor.execute(call, context).then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
    const ms = Date.now() - started;
    return typeof result === "string" ? { id: call.id, output: result, error: false, ms } : { id: call.id, output: result.output, error: false, ms, stepCall: result.stepCall };
  } catch (error) {
    if (runSignal.aborted) throw error;
    const output = limit.aborted
      ? `Error: the tool "${call.name}" did not finish within ${Math.round(timeoutMs / 1000)} s.`
      : `Error: the tool "${call.name}" failed: ${describe(error)}`;
    return { id: call.id, output, error: true, ms: Date.now() - started, ...(executor.failedStepCall && { stepCall: executor.failedStepCall(call, context, output) }) };
  }
}

/** The executor for a call, if Atelier runs it. */
export const executorFor = (executors: readonly ToolExecutor[], call: ToolCallRequest, run: Run) => executors.find((executor) => executor.handles(call, run));
