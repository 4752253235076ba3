import type { CodeInterpreterToolCall, RunStep } from "openai/resources/beta/threads/runs/steps";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { sdkClient } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// The code interpreter (issue 23) with the official SDK: the model (scripted) calls `python`, the
// code runs in the thread's pyodide session, the step is a `code_interpreter` call with its input
// and logs (held to the contract), streamed as step events; the model reads what was printed.
// Errors in the code are outputs; state stays within a thread and is not shared between threads.

let ws: TestWorkspace;
let sdk: ReturnType<typeof sdkClient>;

beforeAll(async () => {
  ({ ws } = await provision(async (lib) => ({ ws: await createTestWorkspace(lib, "code") })));
  sdk = sdkClient(ws.apiKey);
});

afterEach(async () => {
  await sdk.settled();
  expect(sdk.contractViolations(), "every response must match the contract").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(releaseDatabase);

const client = () => sdk.client;
const python = (code: string, after = "Done.") => `[[tool: python ${JSON.stringify({ code })}]] [[after-tools: ${after}]]`;

async function modelRequests(): Promise<{ body: { tools?: { function: { name: string } }[]; messages: { role: string; content: unknown }[] } }[]> {
  const response = await fetch(`${inject("modelURL").replace(/\/v1$/, "")}/__scripted/requests`);
  return ((await response.json()) as { data: never[] }).data;
}

async function runOn(threadId: string, assistantId: string, content: string) {
  await client().beta.threads.messages.create(threadId, { role: "user", content });
  const run = await client().beta.threads.runs.createAndPoll(threadId, { assistant_id: assistantId }, { pollIntervalMs: 100 });
  const steps = await client().beta.threads.runs.steps.list(run.id, { thread_id: threadId });
  const calls = steps.data.flatMap((step: RunStep) => (step.step_details.type === "tool_calls" ? step.step_details.tool_calls : []));
  return { run, calls: calls as CodeInterpreterToolCall[] };
}

describe("code interpreter", () => {
  it("runs the model's Python, records it as a code_interpreter step, streams it, and gives the model what it printed", async () => {
    const assistant = await client().beta.assistants.create({ model: "scripted-1", name: "math tutor", instructions: "Write and run code to answer.", tools: [{ type: "code_interpreter" }] });
    const code = "import statistics\nprint(statistics.stdev([2, 4, 4, 4, 5, 5, 7, 9]))";
    const thread = await client().beta.threads.create({ messages: [{ role: "user", content: python(code, "The standard deviation is about 2.14.") }] });
    const events: string[] = [];
    const stepDeltas: unknown[] = [];
    const stream = client().beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    stream.on("event", (event) => {
      events.push(event.event);
      if (event.event === "thread.run.step.delta") stepDeltas.push(event.data.delta);
    });
    const run = await stream.finalRun();
    expect(run.status).toBe("completed");
    // The model was offered the interpreter as a function, and read the output.
    const requests = (await modelRequests()).slice(-2);
    expect(requests[0]!.body.tools?.map((tool) => tool.function.name)).toEqual(["python"]);
    expect(JSON.stringify(requests[1]!.body.messages)).toContain("2.138089935299395");

    const steps = await client().beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: "asc" });
    const toolStep = steps.data.find((step) => step.type === "tool_calls")!;
    expect(toolStep.status).toBe("completed");
    const call = (toolStep.step_details as { tool_calls: CodeInterpreterToolCall[] }).tool_calls[0]!;
    expect(call).toEqual({ id: expect.stringMatching(/^call_/), type: "code_interpreter", code_interpreter: { input: code, outputs: [{ type: "logs", logs: "2.138089935299395" }] } });
    expect(events).toContain("thread.run.step.delta");
    expect(JSON.stringify(stepDeltas)).toContain('"type":"code_interpreter"');
    expect(JSON.stringify(stepDeltas)).toContain("2.138089935299395");
    const messages = await client().beta.threads.messages.list(thread.id);
    expect(messages.data[0]!.content[0]).toMatchObject({ type: "text", text: { value: "The standard deviation is about 2.14." } });
  }, 90_000);

  it("gives a traceback back as output (the run completes), and keeps state within a thread only", async () => {
    const assistant = await client().beta.assistants.create({ model: "scripted-1", tools: [{ type: "code_interpreter" }] });
    const thread = await client().beta.threads.create();
    const failing = await runOn(thread.id, assistant.id, python("values = [1, 2, 3]\nprint(sum(values))\n1 / 0"));
    expect(failing.run.status).toBe("completed");
    const logs = (failing.calls[0]!.code_interpreter.outputs[0] as { logs: string }).logs;
    expect(logs).toContain("6");
    expect(logs).toContain("ZeroDivisionError: division by zero");

    const again = await runOn(thread.id, assistant.id, python("print(len(values) * 14)"));
    expect(again.calls[0]!.code_interpreter.outputs).toEqual([{ type: "logs", logs: "42" }]);

    const other = await client().beta.threads.create();
    const elsewhere = await runOn(other.id, assistant.id, python("print('values' in globals())"));
    expect(elsewhere.calls[0]!.code_interpreter.outputs).toEqual([{ type: "logs", logs: "False" }]);
  }, 90_000);

  it("reads the thread's, the assistant's and the message's files in /mnt/data", async () => {
    const upload = (name: string, text: string) => client().files.create({ file: new File([text], name, { type: "text/csv" }), purpose: "assistants" });
    const [mine, theirs, attached] = await Promise.all([upload("sales.csv", "month,total\njan,10\nfeb,32\n"), upload("notes.txt", "assistant file"), upload("extra.txt", "attached")]);
    const assistant = await client().beta.assistants.create({ model: "scripted-1", tools: [{ type: "code_interpreter" }], tool_resources: { code_interpreter: { file_ids: [theirs.id] } } });
    const thread = await client().beta.threads.create({ tool_resources: { code_interpreter: { file_ids: [mine.id] } } });
    await client().beta.threads.messages.create(thread.id, { role: "user", content: "see attached", attachments: [{ file_id: attached.id, tools: [{ type: "code_interpreter" }] }] });
    const code = "import csv, os\nrows = list(csv.DictReader(open('/mnt/data/sales.csv')))\nprint(sorted(os.listdir('/mnt/data')), sum(int(r['total']) for r in rows))";
    const result = await runOn(thread.id, assistant.id, python(code));
    expect(result.calls[0]!.code_interpreter.outputs).toEqual([{ type: "logs", logs: "['extra.txt', 'notes.txt', 'sales.csv'] 42" }]);
  }, 90_000);

  it("is not offered to an assistant without the tool: a python call is then the client's function", async () => {
    const assistant = await client().beta.assistants.create({ model: "scripted-1", tools: [{ type: "function", function: { name: "python", parameters: { type: "object", properties: { code: { type: "string" } } } } }] });
    const thread = await client().beta.threads.create({ messages: [{ role: "user", content: python("print(1)") }] });
    const run = await client().beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, { pollIntervalMs: 100 });
    expect(run.status).toBe("requires_action");
    await client().beta.threads.runs.cancel(run.id, { thread_id: thread.id });
  }, 60_000);
});
