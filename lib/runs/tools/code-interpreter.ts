import path from "node:path";
import type { AssistantTool } from "@/lib/assistants/tools";
import type { Run } from "@/lib/generated/prisma/client";
import { resultText, type CodeResult, type CodeSession, type KeptOutputs } from "@/lib/code/sandbox";
import { CODE_INTERPRETER_TOOL_NAME, parseCode } from "@/lib/runs/tools/code-interpreter-spec";
import type { ToolCallRequest, ToolContext, ToolExecutor } from "@/lib/runs/tools/executor";
import type { CodeInterpreterOutput, CodeProducedFile, StepCodeInterpreterCall } from "@/lib/runs/wire";

// The code_interpreter tool, run by Atelier (issue 23): when the run has it, the model is offered a
// `python` function (lib/runs/model-call.ts); each call runs in the thread's sandbox session
// (lib/code/sessions.ts), and the step records it as OpenAI shows it: type `code_interpreter` with
// the code as `input`, what it printed (or its traceback) as a `logs` output and each chart as an
// `image` output. Charts and the files the code wrote to /mnt/data become Files of the run's
// workspace (purpose `assistants_output`): the charts go into the reply as image parts, the files
// are linked from it (lib/runs/file-paths.ts). A failure in the user's code is an output the model
// reads, never the run's failure.

export const hasCodeInterpreter = (run: Pick<Run, "tools">) => (run.tools as AssistantTool[]).some((tool) => tool.type === "code_interpreter");

export type StoredOutput = { id: string; bytes: number };

export type CodeInterpreterDeps = {
  /** The files the run's code may read (assistant's, thread's, attachments'), and their bytes. */
  inputs: (run: Run) => Promise<{ id: string; filename: string; bytes: number }[]>;
  read: (file: { id: string; filename: string; bytes: number }) => Promise<Buffer>;
  /** The thread's session (one per thread), made when it has none. */
  withSession: <T>(key: string, work: (session: CodeSession, fresh: boolean) => Promise<T>) => Promise<T>;
  /** Keeps what a call made as a File of the run's workspace; throws why it cannot. */
  store: (run: Run, file: { filename: string; mimeType: string; bytes: Buffer }) => Promise<StoredOutput>;
  mimeType: (filename: string) => string;
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

type Kept = KeptOutputs & { outputs: CodeInterpreterOutput[]; produced: CodeProducedFile[] };

/** Stores a result's charts and files, in order; one that cannot be stored is told to the model, not fatal. */
async function keep(deps: CodeInterpreterDeps, run: Run, call: ToolCallRequest, result: CodeResult): Promise<Kept> {
  const kept: Kept = { files: [], lost: [], images: 0, outputs: [], produced: [] };
  for (const [index, png] of result.images.entries()) {
    const filename = `chart-${call.id.slice(-8)}-${index + 1}.png`;
    try {
      const stored = await deps.store(run, { filename, mimeType: "image/png", bytes: png });
      kept.outputs.push({ type: "image", image: { file_id: stored.id } });
      kept.images++;
    } catch (error) {
      kept.lost.push({ path: `chart ${index + 1}`, reason: (error as Error).message });
    }
  }
  for (const file of result.files) {
    const filename = path.posix.basename(file.path);
    try {
      const stored = await deps.store(run, { filename, mimeType: deps.mimeType(filename), bytes: file.bytes });
      kept.files.push({ path: file.path, fileId: stored.id });
      kept.produced.push({ file_id: stored.id, filename, path: file.path, bytes: stored.bytes });
    } catch (error) {
      kept.lost.push({ path: file.path, reason: (error as Error).message });
    }
  }
  return kept;
}

export function codeInterpreterExecutor(deps: CodeInterpreterDeps): ToolExecutor {
  // `logs`: what the code printed and how it ended; `output`: that and what the user was given, for the model.
  const record = (call: ToolCallRequest, context: ToolContext, logs: string, output: string, extra: Partial<StepCodeInterpreterCall["code_interpreter"]> = {}): StepCodeInterpreterCall => ({
    id: call.id,
    type: "code_interpreter",
    code_interpreter: { input: codeOf(call), outputs: [{ type: "logs", logs }, ...(extra.outputs ?? [])], ...(extra.sandbox && { sandbox: extra.sandbox }), ...(extra.duration_ms !== undefined && { duration_ms: extra.duration_ms }), ...(extra.files?.length && { files: extra.files }) },
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
      const { result, sandbox } = await deps.withSession(context.run.threadId, async (session) => {
        // Files not yet in this interpreter's /mnt/data go in first (all of them after a restart).
        for (const file of inputs) {
          if (session.placed.has(file.id)) continue;
          await session.put(`/mnt/data/${file.filename}`, await deps.read(file));
          session.placed.add(file.id);
        }
        return { result: await session.run(code, context.signal), sandbox: session.kind };
      });
      const kept = await keep(deps, context.run, call, result);
      const output = resultText(result, kept);
      return { output, stepCall: record(call, context, resultText(result), output, { outputs: kept.outputs, sandbox, duration_ms: result.ms, files: kept.produced }) };
    },
    failedStepCall: (call, context, output) => record(call, context, output, output),
  };
}
