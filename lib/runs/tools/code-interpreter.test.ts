import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import type { CodeResult, CodeSession } from "@/lib/code/sandbox";
import { runSegment } from "@/lib/runs/segment";
import { fakeRun, fakeWorld, textParts } from "@/lib/runs/testing/fake-io";
import { codeInterpreterExecutor, type CodeInterpreterDeps } from "@/lib/runs/tools/code-interpreter";
import { partialCode } from "@/lib/runs/tools/code-interpreter-spec";

// The code interpreter in the run loop (issue 23), with a scripted session: the code streams into
// the step as the model writes it, the outputs follow in one delta without the input again, charts
// become image outputs and image_file parts under the next message, written files become Files
// linked by file_path annotations, and what could not be stored is told to the model.

const start = { history: [], lastAt: 0 };
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

/** A python call streamed in pieces, as OpenAI-compatible providers send it. */
function streamedCall(id: string, args: string, pieces = 4): LanguageModelV3StreamPart[] {
  const size = Math.ceil(args.length / pieces);
  const deltas: LanguageModelV3StreamPart[] = [];
  for (let at = 0; at < args.length; at += size) deltas.push({ type: "tool-input-delta", id, delta: args.slice(at, at + size) });
  return [
    { type: "stream-start", warnings: [] },
    { type: "tool-input-start", id, toolName: "python" },
    ...deltas,
    { type: "tool-input-end", id },
    { type: "tool-call", toolCallId: id, toolName: "python", input: args },
    { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage: { inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 3, text: 3, reasoning: 0 } } },
  ];
}

function deps(result: Partial<CodeResult>, options: { storeFails?: (filename: string) => string | null } = {}) {
  const stored: { filename: string; mimeType: string; bytes: Buffer }[] = [];
  const session: CodeSession = {
    kind: "bwrap",
    placed: new Set(),
    run: async () => ({ status: "ok", logs: "", error: null, files: [], images: [], ms: 12, ...result }),
    put: async () => {},
    close: () => {},
  };
  const value: CodeInterpreterDeps = {
    inputs: async () => [],
    read: async () => Buffer.alloc(0),
    withSession: (_key, work) => work(session, false),
    store: async (_run, file) => {
      const reason = options.storeFails?.(file.filename);
      if (reason) throw new Error(reason);
      stored.push(file);
      return { id: `file-${stored.length}`, bytes: file.bytes.length };
    },
    mimeType: (filename) => (filename.endsWith(".csv") ? "text/csv" : "application/octet-stream"),
    timeoutMs: 5_000,
  };
  return { deps: value, stored };
}

describe("code interpreter in a run", () => {
  it("streams the code as it is written, then the outputs; charts go under the reply, written files are linked", async () => {
    const code = 'import pandas as pd\ndf = pd.DataFrame({"a": [1, 2]})\ndf.to_csv("/mnt/data/out.csv")\nprint("saved \\"out\\"")';
    const args = JSON.stringify({ code });
    const { deps: fake, stored } = deps({ logs: 'saved "out"\n', images: [PNG], files: [{ path: "/mnt/data/out.csv", bytes: Buffer.from("a\n1\n2\n") }] });
    const answer = "Here is [the table](sandbox:/mnt/data/out.csv).";
    const world = fakeWorld([{ parts: streamedCall("call_py", args) }, { parts: textParts(answer) }], { executors: [codeInterpreterExecutor(fake)] });
    const run = fakeRun({ tools: [{ type: "code_interpreter" }] });
    expect(await runSegment(run, new AbortController(), world.io, start)).toBe("completed");

    const stepDeltas = world.events.filter((event) => event.event === "thread.run.step.delta").map((event) => (event.data as { delta: { step_details: { tool_calls: { code_interpreter?: { input?: string; outputs?: unknown[] } }[] } } }).delta.step_details.tool_calls[0]!);
    const inputs = stepDeltas.map((delta) => delta.code_interpreter?.input).filter((input) => input !== undefined);
    expect(inputs.length).toBeGreaterThan(2); // the opening "" and pieces as the model wrote them
    expect(inputs.join("")).toBe(code);
    // The id went out once, with the opening delta: clients that fold deltas join strings.
    expect(stepDeltas.filter((delta) => "id" in delta)).toHaveLength(1);
    const last = stepDeltas.at(-1)!.code_interpreter!;
    expect(last.input).toBeUndefined();
    expect(last.outputs).toEqual([{ index: 0, type: "logs", logs: 'saved "out"' }, { index: 1, type: "image", image: { file_id: "file-1" } }]);
    expect(last).toMatchObject({ sandbox: "bwrap", duration_ms: 12, files: [{ file_id: "file-2", filename: "out.csv", path: "/mnt/data/out.csv", bytes: 6 }] });
    expect(stored.map((file) => [file.filename, file.mimeType])).toEqual([["chart-call_py-1.png", "image/png"], ["out.csv", "text/csv"]]);

    const [turnEnd, finalEnd] = world.ends;
    expect(turnEnd!.steps[0]!.details).toMatchObject({ tool_calls: [{ type: "code_interpreter", code_interpreter: { input: code } }] });
    const link = "sandbox:/mnt/data/out.csv";
    expect(finalEnd!.message).toMatchObject({ text: answer, images: ["file-1"], annotations: [{ type: "file_path", text: link, start_index: answer.indexOf(link), end_index: answer.indexOf(link) + link.length, file_path: { file_id: "file-2" } }] });
    const imageDelta = world.events.find((event) => event.event === "thread.message.delta" && JSON.stringify(event.data).includes("image_file"));
    expect(imageDelta?.data).toMatchObject({ delta: { content: [{ index: 1, type: "image_file", image_file: { file_id: "file-1" } }] } });
  });

  it("tells the model what could not be kept, and keeps the rest", async () => {
    const { deps: fake } = deps({ logs: "ok\n", files: [{ path: "/mnt/data/big.bin", bytes: Buffer.alloc(3) }, { path: "/mnt/data/small.txt", bytes: Buffer.from("x") }] }, { storeFails: (name) => (name === "big.bin" ? "the workspace's storage is full" : null) });
    const world = fakeWorld([{ parts: streamedCall("call_1", JSON.stringify({ code: "print('ok')" }), 1) }, { parts: textParts("Done.") }], { executors: [codeInterpreterExecutor(fake)] });
    expect(await runSegment(fakeRun({ tools: [{ type: "code_interpreter" }] }), new AbortController(), world.io, start)).toBe("completed");
    const call = (world.ends[0]!.steps[0]!.details as { tool_calls: { code_interpreter: { outputs: { logs?: string }[]; files?: unknown[] }; _model: { output: string } }[] }).tool_calls[0]!;
    expect(call.code_interpreter.outputs[0]!.logs).toBe("ok");
    expect(call.code_interpreter.files).toEqual([{ file_id: "file-1", filename: "small.txt", path: "/mnt/data/small.txt", bytes: 1 }]);
    expect(call._model.output).toContain("Files saved for the user (link each as sandbox:<path> in your reply): /mnt/data/small.txt");
    expect(call._model.output).toContain("/mnt/data/big.bin could not be saved for the user: the workspace's storage is full");
  });
});

describe("partialCode", () => {
  it("reads the code so far from streaming arguments, escapes and all", () => {
    const code = 'print("a\\tb")\nx = "é😀"';
    const args = JSON.stringify({ code });
    for (let end = 0; end <= args.length; end++) {
      const partial = partialCode(args.slice(0, end));
      if (partial === null) continue;
      expect(code.startsWith(partial), `at ${end}: ${JSON.stringify(partial)}`).toBe(true);
    }
    expect(partialCode(args)).toBe(code);
    expect(partialCode('{"code": "x = \\u00e9')).toBe("x = é");
    expect(partialCode('{"code": "x = \\u00')).toBe("x = ");
    expect(partialCode('{"cod')).toBeNull();
    expect(partialCode("print(1)")).toBeNull();
  });
});
