import { BadRequestError, type OpenAI } from "openai";
import type { FileCitationAnnotation } from "openai/resources/beta/threads/messages";
import type { FileSearchToolCall, RunStep } from "openai/resources/beta/threads/runs/steps";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { sdkClient } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// file_search in runs through the official `openai` SDK against the scripted model: `[[search: …]]`
// makes it call the offered search function, `[[cite]]` answers quoting each result with its marker
// copied verbatim. The run searches the assistant's vector store itself (no requires_action),
// records a file_search step, and the answer's markers come back as file_citation annotations.
// tool_resources everywhere refer only to this workspace's stores and files (400 naming the param).

let ws: TestWorkspace;
let sdk: ReturnType<typeof sdkClient>;
let client: OpenAI;
const INCLUDE = "step_details.tool_calls[*].file_search.results[*].content" as const;

const DOCS: Record<string, string> = {
  "otters.txt": "Sea otters hold hands while they sleep so that they do not drift apart on the water.",
  "otter-food.md": "# Otter food\n\nSea otters eat sea urchins, crabs and clams, and use stones as tools to crack shells.",
  "otter-fur.txt": "Sea otters have the densest fur of any animal, about a million hairs per square inch.",
  "bikes.txt": "Every bicycle carries a five year warranty on the frame.",
};
const fileIds: Record<string, string> = {};
let storeId: string;

beforeAll(async () => {
  ({ ws } = await provision(async (lib) => ({ ws: await createTestWorkspace(lib, "file-search") })));
  sdk = sdkClient(ws.apiKey);
  client = sdk.client;
  for (const [name, text] of Object.entries(DOCS)) fileIds[name] = (await client.files.create({ file: new File([text], name), purpose: "assistants" })).id;
  storeId = (await client.vectorStores.create({ name: "otters", file_ids: Object.values(fileIds) })).id;
  await waitForStore(storeId);
}, 60_000);

afterEach(async () => {
  await sdk.settled();
  expect(sdk.contractViolations(), "every response and event must match the OpenAI contract").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(releaseDatabase);

async function waitForStore(id: string) {
  for (let i = 0; i < 150; i++) {
    const store = await client.vectorStores.retrieve(id);
    if (store.status !== "in_progress") return store;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`store ${id} still in progress`);
}

async function modelRequests(): Promise<{ body: { tools?: { function: { name: string } }[]; messages: { role: string; content: unknown }[] } }[]> {
  const response = await fetch(`${inject("modelURL").replace(/\/v1$/, "")}/__scripted/requests`);
  return ((await response.json()) as { data: never[] }).data;
}

const fileSearchAssistant = (extra: Partial<OpenAI.Beta.AssistantCreateParams> = {}) =>
  client.beta.assistants.create({
    model: "scripted-1",
    tools: [{ type: "file_search", file_search: { max_num_results: 2, ranking_options: { ranker: "auto", score_threshold: 0 } } }],
    tool_resources: { file_search: { vector_store_ids: [storeId] } },
    ...extra,
  });

const searchCalls = (steps: RunStep[]) =>
  steps.flatMap((step) => (step.step_details.type === "tool_calls" ? step.step_details.tool_calls.filter((call): call is FileSearchToolCall => call.type === "file_search") : []));

const countRows = () =>
  provision(async (lib) => {
    const db = lib.db.getDb();
    return { assistants: await db.assistant.count(), threads: await db.thread.count(), stores: await db.vectorStore.count() };
  });

describe("file_search in runs", () => {
  it("searches the assistant's store server-side, records a file_search step and cites the results", async () => {
    const assistant = await fileSearchAssistant();
    const thread = await client.beta.threads.create({ messages: [{ role: "user", content: "[[search: sea otters]] [[cite: From the files]]" }] });
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, { pollIntervalMs: 100 });
    expect(run.status).toBe("completed");
    expect(run.required_action).toBeNull();

    // The model was offered the search function, and got the results headed by their markers.
    // This run's two requests (the model is shared by every API test file running at once).
    const requests = (await modelRequests()).filter((request) => JSON.stringify(request.body.messages).includes("[[search: sea otters]]")).slice(-2);
    expect(requests[0]!.body.tools?.map((tool) => tool.function.name)).toContain("file_search");
    expect(JSON.stringify(requests[1]!.body.messages.at(-1))).toMatch(/【0:0†[^】]+】/);

    const steps = (await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: "asc" })).data;
    expect(steps.map((step) => step.type)).toEqual(["tool_calls", "message_creation"]);
    const [call] = searchCalls(steps);
    expect(call).toMatchObject({ type: "file_search", file_search: { ranking_options: { ranker: "default_2024_08_21", score_threshold: 0 } } });
    // max_num_results from the tool definition: three otter files match, two come back.
    const results = call!.file_search.results!;
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(Object.values(fileIds)).toContain(result.file_id);
      expect(result.file_name).toBe(Object.keys(fileIds).find((name) => fileIds[name] === result.file_id));
      expect(result.score).toBeGreaterThan(0);
      expect(result.content).toBeUndefined();
    }

    // include[] shows each result's text: the file's own text.
    const included = await client.beta.threads.runs.steps.retrieve(steps[0]!.id, { thread_id: thread.id, run_id: run.id, include: [INCLUDE] });
    const withContent = searchCalls([included])[0]!.file_search.results!;
    for (const result of withContent) expect(DOCS[result.file_name]).toContain(result.content![0]!.text!.trim().slice(0, 40));
    const listed = await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, include: [INCLUDE] });
    expect(searchCalls(listed.data)[0]!.file_search.results![0]!.content).toHaveLength(1);

    // The answer's markers are file_citation annotations over the marker text, resolving to the cited chunk's file.
    const [message] = (await client.beta.threads.messages.list(thread.id, { limit: 1 })).data;
    const part = message!.content[0]!;
    if (part.type !== "text") throw new Error("expected text");
    const { value, annotations } = part.text;
    expect(value.startsWith("From the files:")).toBe(true);
    expect(annotations).toHaveLength(2);
    for (const annotation of annotations as FileCitationAnnotation[]) {
      expect(annotation.type).toBe("file_citation");
      expect(value.slice(annotation.start_index, annotation.end_index)).toBe(annotation.text);
      expect(annotation.text).toMatch(/^【0:[01]†.+】$/);
      const fileName = Object.keys(fileIds).find((name) => fileIds[name] === annotation.file_citation.file_id)!;
      expect(annotation.text).toContain(fileName);
      // The words the model quoted before the marker come from that file.
      const quoted = value.slice(0, annotation.start_index).split(/【[^】]*】|:/).at(-1)!.trim().replace(/…$/, "");
      expect(DOCS[fileName]!.replace(/\s+/g, " ")).toContain(quoted.slice(0, 30));
    }
  });

  it("streams the file_search step as OpenAI does and the message's annotations with it", async () => {
    const assistant = await fileSearchAssistant();
    const thread = await client.beta.threads.create({ messages: [{ role: "user", content: "[[search: otter fur]] [[cite]]" }] });
    const events: { event: string; data: unknown }[] = [];
    const stream = client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    for await (const event of stream) events.push(event);
    const names = events.map((event) => event.event);
    expect(names).not.toContain("thread.run.requires_action");
    expect(names.at(-1)).toBe("thread.run.completed");
    const stepDeltas = events.filter((event) => event.event === "thread.run.step.delta").map((event) => JSON.stringify(event.data));
    expect(stepDeltas[0]).toContain('"type":"file_search"');
    expect(stepDeltas.join("")).toContain('"results"');
    expect(stepDeltas.join("")).not.toContain('"content"');
    const finalMessages = await stream.finalMessages();
    const text = finalMessages.at(-1)!.content[0]!;
    expect(text.type === "text" && text.text.annotations.length).toBeGreaterThan(0);
  });

  it("does not offer the search when there is no vector store, and answers without it", async () => {
    const assistant = await client.beta.assistants.create({ model: "scripted-1", tools: [{ type: "file_search" }] });
    const thread = await client.beta.threads.create({ messages: [{ role: "user", content: "[[search: otters]]" }] });
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, { pollIntervalMs: 100 });
    expect(run.status).toBe("completed");
    const request = (await modelRequests()).filter((item) => JSON.stringify(item.body.messages).includes("[[search: otters]]")).at(-1);
    expect(request!.body.tools ?? []).toEqual([]);
  });

  it("searches the thread's own store: message attachments and inline vector_stores", async () => {
    const assistant = await client.beta.assistants.create({ model: "scripted-1", tools: [{ type: "file_search" }] });
    const thread = await client.beta.threads.create({
      messages: [{ role: "user", content: "[[search: bicycle warranty]] [[cite]]", attachments: [{ file_id: fileIds["bikes.txt"]!, tools: [{ type: "file_search" }] }] }],
    });
    expect(thread.tool_resources?.file_search?.vector_store_ids).toHaveLength(1);
    // No waiting for the store here: the run waits for the thread's own stores to be indexed, as OpenAI's do.
    const run = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, { pollIntervalMs: 100 });
    expect(run.status).toBe("completed");
    const steps = (await client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id })).data;
    expect(searchCalls(steps)[0]!.file_search.results!.map((result) => result.file_id)).toEqual([fileIds["bikes.txt"]]);

    const inline = await client.beta.threads.create({ tool_resources: { file_search: { vector_stores: [{ file_ids: [fileIds["otters.txt"]!], metadata: { made: "inline" } }] } } });
    const [inlineStore] = inline.tool_resources!.file_search!.vector_store_ids!;
    expect((await client.vectorStores.retrieve(inlineStore!)).metadata).toEqual({ made: "inline" });
  });
});

describe("tool_resources refer to this workspace's stores and files", () => {
  it("refuses unknown ids with a 400 naming the parameter, and writes nothing", async () => {
    const before = await countRows();
    const refused = async (call: Promise<unknown>, param: string) => {
      const error = await call.then(() => null, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).param).toContain(param);
    };
    await refused(client.beta.assistants.create({ model: "scripted-1", tool_resources: { file_search: { vector_store_ids: ["vs_doesnotexist00000000000000"] } } }), "tool_resources.file_search.vector_store_ids");
    await refused(client.beta.assistants.create({ model: "scripted-1", tool_resources: { code_interpreter: { file_ids: ["file-doesnotexist0000000000000"] } } }), "tool_resources.code_interpreter.file_ids");
    await refused(client.beta.threads.create({ tool_resources: { file_search: { vector_store_ids: ["vs_nope"] } } }), "tool_resources.file_search.vector_store_ids");
    await refused(
      client.beta.threads.create({ tool_resources: { file_search: { vector_stores: [{ file_ids: [fileIds["otters.txt"]!, "file-missing"] }] } } }),
      "tool_resources.file_search.vector_stores[0].file_ids[1]",
    );
    await refused(client.beta.threads.create({ messages: [{ role: "user", content: "hi", attachments: [{ file_id: "file-missing", tools: [{ type: "file_search" }] }] }] }), "messages[0].attachments[0].file_id");
    const assistant = await fileSearchAssistant();
    const afterAssistant = await countRows();
    await refused(client.beta.threads.createAndRun({ assistant_id: assistant.id, tool_resources: { file_search: { vector_store_ids: ["vs_nope"] } } }), "tool_resources.file_search.vector_store_ids");
    await refused(client.beta.assistants.update(assistant.id, { tool_resources: { file_search: { vector_store_ids: ["vs_nope"] } } }), "tool_resources.file_search.vector_store_ids");
    const thread = await client.beta.threads.create();
    await refused(
      client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id, additional_messages: [{ role: "user", content: "hi", attachments: [{ file_id: "file-missing", tools: [{ type: "file_search" }] }] }] }),
      "additional_messages[0].attachments[0].file_id",
    );
    expect((await client.beta.threads.messages.list(thread.id)).data).toEqual([]);
    expect(await countRows()).toEqual({ ...afterAssistant, threads: afterAssistant.threads + 1 });
    expect(afterAssistant).toEqual({ ...before, assistants: before.assistants + 1 });
    expect((await client.beta.assistants.retrieve(assistant.id)).tool_resources).toEqual({ file_search: { vector_store_ids: [storeId] } });
  });

  it("refuses another workspace's vector store", async () => {
    const { other } = await provision(async (lib) => ({ other: await createTestWorkspace(lib, "file-search-other") }));
    const otherStore = await sdkClient(other.apiKey).client.vectorStores.create({ name: "theirs" });
    const error = await client.beta.assistants.create({ model: "scripted-1", tool_resources: { file_search: { vector_store_ids: [otherStore.id] } } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).param).toContain("tool_resources.file_search.vector_store_ids");
  });
});
