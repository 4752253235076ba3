import type { OpenAI } from "openai";
import type { CodeInterpreterToolCall, RunStep } from "openai/resources/beta/threads/runs/steps";
import { expect, it } from "vitest";

// The code interpreter's scenarios over HTTP with the official SDK (issue 23), run once per sandbox:
// e2e/api/code-interpreter.test.ts (pyodide, the shared server) and code-interpreter-bwrap.test.ts
// (bwrap, a server of its own). The model is the scripted one: `[[python: …]]` makes it call the
// `python` function, `[[after-tools: …]]` says what it answers once the code has run.

export type CodeContext = {
  client: () => OpenAI;
  sandbox: "pyodide" | "bwrap";
  /** The scripted model's recorded requests (shared with other files: pick by content, never "the last"). */
  modelRequests: () => Promise<{ body: { tools?: { function: { name: string } }[]; messages: { role: string; content: unknown }[] } }[]>;
};

type CodeCall = CodeInterpreterToolCall & { code_interpreter: { sandbox?: string; duration_ms?: number; files?: { file_id: string; filename: string; path: string; bytes: number }[] } };

// Code runs in a thread's session: a cold one starts the interpreter (seconds under load).
const SLOW = 90_000;

export const python = (code: string, after = "Done.") => `[[python:\n${code}\n]] [[after-tools: ${after}]]`;

const said = (content: unknown) => (typeof content === "string" ? content : Array.isArray(content) ? content.map((part: { text?: string }) => part.text ?? "").join("") : "");

export async function runOn(context: CodeContext, threadId: string, assistantId: string, content: string) {
  const client = context.client();
  await client.beta.threads.messages.create(threadId, { role: "user", content });
  const run = await client.beta.threads.runs.createAndPoll(threadId, { assistant_id: assistantId }, { pollIntervalMs: 100 });
  const steps = await client.beta.threads.runs.steps.list(run.id, { thread_id: threadId });
  const calls = steps.data.flatMap((step: RunStep) => (step.step_details.type === "tool_calls" ? step.step_details.tool_calls : []));
  return { run, calls: calls as CodeCall[] };
}

const logsOf = (call: CodeCall) => call.code_interpreter.outputs.flatMap((output) => (output.type === "logs" ? [output.logs] : [])).join("");

export function codeScenarios(context: CodeContext): void {
  const client = () => context.client();
  const assistantWithCode = (extra: Record<string, unknown> = {}) => client().beta.assistants.create({ model: "scripted-1", tools: [{ type: "code_interpreter" }], ...extra });

  it("runs the model's Python as a code_interpreter step, streams its input as written, and gives the model what it printed", async () => {
    const assistant = await assistantWithCode({ name: "math tutor", instructions: "Write and run code to answer." });
    const code = `import statistics\nvalues = [2, 4, 4, 4, 5, 5, 7, 9]\nprint(statistics.stdev(values))  # ${context.sandbox}`;
    const thread = await client().beta.threads.create({ messages: [{ role: "user", content: python(code, "The standard deviation is about 2.14.") }] });
    const inputs: string[] = [];
    let folded: RunStep | null = null;
    const stream = client().beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    stream.on("runStepDelta", (delta, snapshot) => {
      for (const call of delta.step_details?.type === "tool_calls" ? (delta.step_details.tool_calls ?? []) : []) if (call.type === "code_interpreter" && call.code_interpreter?.input) inputs.push(call.code_interpreter.input);
      if (snapshot.type === "tool_calls") folded = structuredClone(snapshot);
    });
    const run = await stream.finalRun();
    expect(run.status).toBe("completed");
    // The input grew in pieces as the model wrote it, and adds up to the code.
    expect(inputs.length).toBeGreaterThan(1);
    expect(inputs.join("")).toBe(code);

    const requests = await context.modelRequests();
    const first = requests.find((request) => request.body.messages.some((message) => said(message.content).includes(`# ${context.sandbox}`) && message.role === "user"));
    expect(first!.body.tools?.map((tool) => tool.function.name)).toEqual(["python"]);
    expect(requests.some((request) => request.body.messages.some((message) => message.role === "tool" && said(message.content).includes("2.138089935299395")))).toBe(true);

    const steps = await client().beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: "asc" });
    const toolStep = steps.data.find((step) => step.type === "tool_calls")!;
    expect(toolStep.status).toBe("completed");
    const call = (toolStep.step_details as { tool_calls: CodeCall[] }).tool_calls[0]!;
    expect(call).toEqual({
      id: expect.stringMatching(/^call_/),
      type: "code_interpreter",
      code_interpreter: { input: code, outputs: [{ type: "logs", logs: "2.138089935299395" }], sandbox: context.sandbox, duration_ms: expect.any(Number) },
    });
    // The SDK's own folding of the deltas gives the step as stored (nothing sent twice).
    const foldedCall = (folded as RunStep | null)?.step_details.type === "tool_calls" ? ((folded as unknown as RunStep).step_details as { tool_calls: CodeCall[] }).tool_calls[0] : null;
    expect(foldedCall).toMatchObject({ id: call.id, type: "code_interpreter", code_interpreter: { input: code, outputs: [{ type: "logs", logs: "2.138089935299395" }], sandbox: context.sandbox } });
    const messages = await client().beta.threads.messages.list(thread.id);
    expect(messages.data[0]!.content).toEqual([{ type: "text", text: { value: "The standard deviation is about 2.14.", annotations: [] } }]);
  }, SLOW);

  it("gives a traceback back as output (the run completes), and keeps state within a thread only", async () => {
    const assistant = await assistantWithCode();
    const thread = await client().beta.threads.create();
    const failing = await runOn(context, thread.id, assistant.id, python("values = [1, 2, 3]\nprint(sum(values))\n1 / 0"));
    expect(failing.run.status).toBe("completed");
    expect(logsOf(failing.calls[0]!)).toContain("6");
    expect(logsOf(failing.calls[0]!)).toContain("ZeroDivisionError: division by zero");

    const again = await runOn(context, thread.id, assistant.id, python("print(len(values) * 14)"));
    expect(again.calls[0]!.code_interpreter.outputs).toEqual([{ type: "logs", logs: "42" }]);

    const other = await client().beta.threads.create();
    const elsewhere = await runOn(context, other.id, assistant.id, python("print('values' in globals())"));
    expect(elsewhere.calls[0]!.code_interpreter.outputs).toEqual([{ type: "logs", logs: "False" }]);
  }, SLOW);

  it("reads the thread's, the assistant's and the message's files in /mnt/data", async () => {
    const upload = (name: string, text: string) => client().files.create({ file: new File([text], name, { type: "text/csv" }), purpose: "assistants" });
    const [mine, theirs, attached] = await Promise.all([upload("sales.csv", "month,total\njan,10\nfeb,32\n"), upload("notes.txt", "assistant file"), upload("extra.txt", "attached")]);
    const assistant = await assistantWithCode({ tool_resources: { code_interpreter: { file_ids: [theirs.id] } } });
    const thread = await client().beta.threads.create({ tool_resources: { code_interpreter: { file_ids: [mine.id] } } });
    await client().beta.threads.messages.create(thread.id, { role: "user", content: "see attached", attachments: [{ file_id: attached.id, tools: [{ type: "code_interpreter" }] }] });
    const code = "import csv, os\nrows = list(csv.DictReader(open('/mnt/data/sales.csv')))\nprint(sorted(os.listdir('/mnt/data')), sum(int(r['total']) for r in rows))";
    const result = await runOn(context, thread.id, assistant.id, python(code));
    expect(result.calls[0]!.code_interpreter.outputs).toEqual([{ type: "logs", logs: "['extra.txt', 'notes.txt', 'sales.csv'] 42" }]);
    // Files read are not files made: nothing is handed back.
    expect(result.calls[0]!.code_interpreter.files).toBeUndefined();
  }, SLOW);

  it("makes a File of what the code writes to /mnt/data, and links it from the reply with a file_path annotation", async () => {
    const assistant = await assistantWithCode();
    const thread = await client().beta.threads.create();
    const code = "import csv\nwith open('/mnt/data/squares.csv', 'w', newline='') as f:\n    w = csv.writer(f)\n    w.writerow(['n', 'square'])\n    w.writerows([(n, n * n) for n in range(1, 4)])\nprint('written')";
    const reply = "Here are [the squares](sandbox:/mnt/data/squares.csv).";
    const result = await runOn(context, thread.id, assistant.id, python(code, reply));
    expect(result.run.status).toBe("completed");
    const produced = result.calls[0]!.code_interpreter.files!;
    expect(produced).toEqual([{ file_id: expect.stringMatching(/^file-/), filename: "squares.csv", path: "/mnt/data/squares.csv", bytes: 25 }]);
    const fileId = produced[0]!.file_id;

    const file = await client().files.retrieve(fileId);
    expect(file).toMatchObject({ filename: "squares.csv", purpose: "assistants_output", bytes: 25 });
    expect(await (await client().files.content(fileId)).text()).toBe("n,square\r\n1,1\r\n2,4\r\n3,9\r\n");

    const [message] = (await client().beta.threads.messages.list(thread.id, { limit: 1 })).data;
    const link = "sandbox:/mnt/data/squares.csv";
    expect(message!.content).toEqual([
      { type: "text", text: { value: reply, annotations: [{ type: "file_path", text: link, start_index: reply.indexOf(link), end_index: reply.indexOf(link) + link.length, file_path: { file_id: fileId } }] } },
    ]);
    // The model was told where the file is and how to link it.
    const requests = await context.modelRequests();
    expect(requests.some((request) => request.body.messages.some((message) => message.role === "tool" && said(message.content).includes("Files saved for the user") && said(message.content).includes("/mnt/data/squares.csv")))).toBe(true);
  }, SLOW);

  it("reports an attempt to reach the host as the code's own failure, and the run completes", async () => {
    const assistant = await assistantWithCode();
    const thread = await client().beta.threads.create();
    const code = [
      "import socket",
      "s = socket.socket()",
      "s.settimeout(2)",
      "try:",
      "    s.connect(('127.0.0.1', 5432))",
      "    print('connected')",
      "except Exception as error:",
      "    print('refused', type(error).__name__)",
      "try:",
      "    print(open('/etc/shadow').read()[:10])",
      "except Exception as error:",
      "    print('unreadable', type(error).__name__)",
      "import os",
      "print('environment', sorted(os.environ))",
    ].join("\n");
    const result = await runOn(context, thread.id, assistant.id, python(code));
    expect(result.run.status).toBe("completed");
    const logs = logsOf(result.calls[0]!);
    expect(logs).not.toContain("connected");
    expect(logs).toContain("refused");
    expect(logs).toContain("unreadable");
    // The app's secrets are not in the sandbox's environment (nor anything of the app's).
    expect(logs).toContain("environment");
    for (const name of ["OPENAI_API_KEY", "DATABASE_URL", "ATELIER_SECRET", "ATELIER_ADMIN_KEY", "sk-"]) expect(logs).not.toContain(name);
  }, SLOW);
}
