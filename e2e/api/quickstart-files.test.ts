import type { OpenAI } from "openai";
import type { FileCitationAnnotation } from "openai/resources/beta/threads/messages";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sdkClient } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// OpenAI's openai-assistants-quickstart, its file-search page, call for call: its route
// `app/api/assistants/files/route.js` (upload into the assistant's vector store, made on first
// use; list with each file's name and status, polled by the page; delete from the store) and its
// chat (`runs.stream`, reading text deltas with their annotations). The quickstart uses the v4 SDK's
// `openai.beta.vectorStores`; the paths are the same as the current SDK's `openai.vectorStores`.

let ws: TestWorkspace;
let sdk: ReturnType<typeof sdkClient>;
let openai: OpenAI;

beforeAll(async () => {
  ws = await provision(async (lib) => createTestWorkspace(lib, "quickstart"));
  sdk = sdkClient(ws.apiKey);
  openai = sdk.client;
});

afterEach(() => {
  expect(sdk.contractViolations(), "every response must match the OpenAI contract").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(releaseDatabase);

// app/api/assistants/route.ts: the assistant the quickstart creates (its model swapped for the scripted one).
const createQuickstartAssistant = () =>
  openai.beta.assistants.create({
    instructions: "You are a helpful assistant.",
    name: "Quickstart Assistant",
    model: "scripted-1",
    tools: [
      { type: "code_interpreter" },
      {
        type: "function",
        function: {
          name: "get_weather",
          description: "Determine weather in my location",
          parameters: { type: "object", properties: { location: { type: "string", description: "The city and state e.g. San Francisco, CA" }, unit: { type: "string", enum: ["c", "f"] } }, required: ["location"] },
        },
      },
      { type: "file_search" },
    ],
  });

// The route's getOrCreateVectorStore.
async function getOrCreateVectorStore(assistantId: string): Promise<string> {
  const assistant = await openai.beta.assistants.retrieve(assistantId);
  if ((assistant.tool_resources?.file_search?.vector_store_ids?.length ?? 0) > 0) return assistant.tool_resources!.file_search!.vector_store_ids![0]!;
  const vectorStore = await openai.vectorStores.create({ name: "sample-assistant-vector-store" });
  await openai.beta.assistants.update(assistantId, { tool_resources: { file_search: { vector_store_ids: [vectorStore.id] } } });
  return vectorStore.id;
}

// The route's POST: the file from the page's FormData, then into the store.
async function uploadFile(assistantId: string, file: File): Promise<void> {
  const vectorStoreId = await getOrCreateVectorStore(assistantId);
  const openaiFile = await openai.files.create({ file, purpose: "assistants" });
  await openai.vectorStores.files.create(vectorStoreId, { file_id: openaiFile.id });
}

// The route's GET, as the page polls it.
async function listFiles(assistantId: string) {
  const vectorStoreId = await getOrCreateVectorStore(assistantId);
  const fileList = await openai.vectorStores.files.list(vectorStoreId);
  return Promise.all(
    fileList.data.map(async (file) => {
      const fileDetails = await openai.files.retrieve(file.id);
      const vectorFileDetails = await openai.vectorStores.files.retrieve(file.id, { vector_store_id: vectorStoreId });
      return { file_id: file.id, filename: fileDetails.filename, status: vectorFileDetails.status };
    }),
  );
}

describe("the quickstart's file-search page", () => {
  it("uploads into the assistant's store, lists names and statuses until indexed, answers from the file with citations, deletes", async () => {
    const assistant = await createQuickstartAssistant();
    await uploadFile(assistant.id, new File(["Sea otters hold hands while they sleep so that they do not drift apart."], "otters.txt", { type: "text/plain" }));
    await uploadFile(assistant.id, new File(["# Kelp\n\nKelp forests grow up to half a metre a day."], "kelp.md", { type: "text/markdown" }));
    // One store, made on first use and kept on the assistant.
    const storeIds = (await openai.beta.assistants.retrieve(assistant.id)).tool_resources?.file_search?.vector_store_ids;
    expect(storeIds).toHaveLength(1);

    let files = await listFiles(assistant.id);
    for (let i = 0; i < 150 && files.some((file) => file.status === "in_progress"); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      files = await listFiles(assistant.id);
    }
    expect(files.map(({ filename, status }) => ({ filename, status })).sort((a, b) => a.filename.localeCompare(b.filename))).toEqual([
      { filename: "kelp.md", status: "completed" },
      { filename: "otters.txt", status: "completed" },
    ]);

    // The chat: a thread, the user's message, then runs.stream, reading deltas as chat.tsx does.
    const thread = await openai.beta.threads.create();
    await openai.beta.threads.messages.create(thread.id, { role: "user", content: "[[search: otters sleep]] [[cite: From your files]]" });
    let text = "";
    const annotations: unknown[] = [];
    const stream = openai.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    stream.on("textDelta", (delta) => {
      if (delta.value != null) text += delta.value;
      if (delta.annotations != null) annotations.push(...delta.annotations);
    });
    const run = await stream.finalRun();
    expect(run.status).toBe("completed");
    expect(text.startsWith("From your files:")).toBe(true);
    const otters = files.find((file) => file.filename === "otters.txt")!.file_id;
    expect(annotations.length).toBeGreaterThan(0);
    expect((annotations as FileCitationAnnotation[]).map((annotation) => annotation.file_citation?.file_id)).toContain(otters);

    // DELETE: out of the store (the page's list), still in Files.
    await openai.vectorStores.files.delete(otters, { vector_store_id: storeIds![0]! });
    expect((await listFiles(assistant.id)).map((file) => file.filename)).toEqual(["kelp.md"]);
    expect((await openai.files.retrieve(otters)).filename).toBe("otters.txt");
  });
});
