import type { AssistantTool } from "@/lib/assistants/tools";
import type { Run } from "@/lib/generated/prisma/client";
import { resultText, type CodeResult, type CodeSession } from "@/lib/code/sandbox";
import { CODE_INTERPRETER_TOOL_NAME, parseCode } from "@/lib/runs/tools/code-interpreter-spec";
import type { ToolCallRequest, ToolContext, ToolExecutor } from "@/lib/runs/tools/executor";
import type { StepCodeInterpreterCall } from "@/lib/runs/wire";

// The code_interpreter tool, run by Atelier (issue 23): when the run has it, the model is offered a
// `python` function (lib/runs/model-call.ts); each call runs in the thread's sandbox session
// (lib/code/sessions.ts), and the step records it as OpenAI shows it: type `code_interpreter` with
// the code as `input` and what it printed (or its traceback) as a `logs` output. A failure in the
// user's code is an output the model reads, never the run's failure.

export const hasCodeInterpreter = (run: Pick<Run, "tools">) => (run.tools as AssistantTool[]).some((tool) => tool.type === "code_interpreter");

export type CodeInterpreterDeps = {
  /** The files the run's code may read (assistant's, thread's, attachments'), and their bytes. */
  inputs: (run: Run) => Promise<{ id: string; filename: string; bytes: number }[]>;
  read: (file: { id: string; filename: string; bytes: number }) => Promise<Buffer>;
  /** The thread's session (one per thread), made when it has none. */
  withSession: <T>(key: string, work: (session: CodeSession, fresh: boolean) => Promise<T>) => Promise<T>;
  /** How long a call may take in all, the interpreter's start included. */
  timeoutMs: number;
};

function codeOf(call: ToolCallRequest): string {
  try {
    return parseCode(call.arguments);
  } catch {
    return call.arguments;
  }
}

export function codeInterpreterExecutor(deps: CodeInterpreterDeps): ToolExecutor {
  const record = (call: ToolCallRequest, context: ToolContext, logs: string, output: string): StepCodeInterpreterCall => ({
    id: call.id,
    type: "code_interpreter",
    code_interpreter: { input: codeOf(call), outputs: [{ type: "logs", logs }] },
    _model: { index: context.callIndex, arguments: call.arguments, output },
  });
  return {
    name: "code_interpreter",
    stepType: "code_interpreter",
    timeoutMs: deps.timeoutMs,
    handles: (call, run) => call.name === CODE_INTERPRETER_TOOL_NAME && hasCodeInterpreter(run),
    async execute(call, context) {
      const code = parseCode(call.arguments);
      const inputs = await deps.inputs(context.run);
      const result: CodeResult = await deps.withSession(context.run.threadId, async (session) => {
        // Files not yet in this interpreter's /mnt/data go in first (all of them after a restart).
        for (const file of inputs) {
          if (session.placed.has(file.id)) continue;
          await session.put(`/mnt/data/${file.filename}`, await deps.read(file));
          session.placed.add(file.id);
        }
        return session.run(code, context.signal);
      });
      const output = resultText(result);
      return { output, stepCall: record(call, context, output, output) };
    },
    failedStepCall: (call, context, output) => record(call, context, output, output),
  };
}
