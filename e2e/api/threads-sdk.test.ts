import { APIError, NotFoundError, type OpenAI } from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api, sdkClient } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// Threads and messages through the official `openai` SDK (baseURL and apiKey changed only), every
// response checked against the contract; raw HTTP where the SDK would hide the error shape.

let ws: TestWorkspace;
let other: TestWorkspace;
let sdk: ReturnType<typeof sdkClient>;
let client: OpenAI;

beforeAll(async () => {
  ({ ws, other } = await provision(async (lib) => ({ ws: await createTestWorkspace(lib, "threads"), other: await createTestWorkspace(lib, "threads-other") })));
  sdk = sdkClient(ws.apiKey);
  client = sdk.client;
});

afterEach(() => {
  expect(sdk.contractViolations(), "every response must match the OpenAI contract").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(releaseDatabase);

const texts = (messages: { content: { type: string; text?: { value: string } }[] }[]) => messages.map((message) => message.content[0]?.text?.value);

describe("threads", () => {
  it("creates a thread with its first messages in order, retrieves, modifies and deletes it", async () => {
    const thread = await client.beta.threads.create({
      messages: [
        { role: "user", content: "first" },
        { role: "assistant", content: [{ type: "text", text: "second" }], metadata: { source: "import" } },
        { role: "user", content: "third" },
      ],
      metadata: { customer: "acme" },
    });
    expect(thread).toMatchObject({ object: "thread", metadata: { customer: "acme" }, tool_resources: {} });
    expect(thread.id).toMatch(/^thread_[0-9A-Za-z]{24}$/);

    const list = await client.beta.threads.messages.list(thread.id, { order: "asc" });
    expect(texts(list.data)).toEqual(["first", "second", "third"]);
    expect(list.data[1]).toMatchObject({ role: "assistant", status: "completed", run_id: null, assistant_id: null, metadata: { source: "import" }, attachments: [] });

    expect(await client.beta.threads.retrieve(thread.id)).toEqual(thread);
    const file = await client.files.create({ file: new File(["data"], "data.csv"), purpose: "assistants" });
    const changed = await client.beta.threads.update(thread.id, { metadata: { customer: "globex" }, tool_resources: { code_interpreter: { file_ids: [file.id] } } });
    expect(changed).toMatchObject({ metadata: { customer: "globex" }, tool_resources: { code_interpreter: { file_ids: [file.id] } } });

    expect(await client.beta.threads.delete(thread.id)).toEqual({ id: thread.id, object: "thread.deleted", deleted: true });
    await expect(client.beta.threads.retrieve(thread.id)).rejects.toBeInstanceOf(NotFoundError);
    // Its messages went with it.
    expect((await api("GET", `/threads/${thread.id}/messages`, { key: ws.apiKey })).status).toBe(404);
  });

  it("refuses bad input with the parameter at fault and writes nothing", async () => {
    const cases: [unknown, string][] = [
      [{ messages: [{ role: "system", content: "x" }] }, "messages[0].role"],
      [{ messages: [{ role: "user" }] }, "messages[0].content"],
      [{ messages: [{ role: "user", content: [] }] }, "messages[0].content"],
      [{ messages: [{ role: "user", content: [{ type: "text", text: "a" }, { type: "video", url: "x" }] }] }, "messages[0].content[1].type"],
      [{ metadata: { k: 1 } }, "metadata.k"],
      [{ colour: "blue" }, "colour"],
      [{ messages: [{ role: "user", content: "a\u0000b" }] }, "messages[0].content"],
    ];
    const before = (await api("GET", "/threads?limit=100", { key: ws.apiKey })).body.data.length;
    for (const [body, param] of cases) {
      const response = await api("POST", "/threads", { key: ws.apiKey, json: body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error).toMatchObject({ type: "invalid_request_error", param });
    }
    expect((await api("GET", "/threads?limit=100", { key: ws.apiKey })).body.data.length).toBe(before);
  });

  it("is invisible to another workspace", async () => {
    const thread = await client.beta.threads.create({});
    const response = await api("GET", `/threads/${thread.id}`, { key: other.apiKey });
    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain(thread.id);
    expect((await api("POST", `/threads/${thread.id}/messages`, { key: other.apiKey, json: { role: "user", content: "x" } })).status).toBe(404);
  });
});

describe("messages", () => {
  it("creates, pages through, retrieves, modifies and deletes messages", async () => {
    const thread = await client.beta.threads.create({});
    const created = [];
    for (let i = 0; i < 7; i++) created.push(await client.beta.threads.messages.create(thread.id, { role: "user", content: `m${i}` }));
    expect(created[0]).toMatchObject({ object: "thread.message", thread_id: thread.id, role: "user", status: "completed", content: [{ type: "text", text: { value: "m0", annotations: [] } }] });

    // Newest first by default; the SDK's auto-pagination follows `after`.
    const seen: string[] = [];
    for await (const message of client.beta.threads.messages.list(thread.id, { limit: 3 })) seen.push(message.id);
    expect(seen).toEqual(created.map((message) => message.id).reverse());
    const before = await client.beta.threads.messages.list(thread.id, { limit: 2, order: "asc", before: created[4]!.id });
    expect(texts(before.data)).toEqual(["m2", "m3"]);

    expect(await client.beta.threads.messages.retrieve(created[2]!.id, { thread_id: thread.id })).toEqual(created[2]);
    const updated = await client.beta.threads.messages.update(created[2]!.id, { thread_id: thread.id, metadata: { flagged: "yes" } });
    expect(updated.metadata).toEqual({ flagged: "yes" });
    expect(await client.beta.threads.messages.delete(created[2]!.id, { thread_id: thread.id })).toEqual({ id: created[2]!.id, object: "thread.message.deleted", deleted: true });
    await expect(client.beta.threads.messages.retrieve(created[2]!.id, { thread_id: thread.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("keeps image parts and filters by run_id", async () => {
    const thread = await client.beta.threads.create({});
    const message = await client.beta.threads.messages.create(thread.id, {
      role: "user",
      content: [
        { type: "text", text: "What is this?" },
        { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
      ],
    });
    expect(message.content[1]).toEqual({ type: "image_url", image_url: { url: "https://example.com/cat.png", detail: "auto" } });
    const byRun = await client.beta.threads.messages.list(thread.id, { run_id: "run_0000000000000000000000" });
    expect(byRun.data).toEqual([]);
  });

  it("answers errors in OpenAI's shape", async () => {
    const thread = await client.beta.threads.create({});
    const bad = await api("POST", `/threads/${thread.id}/messages`, { key: ws.apiKey, json: { role: "user", content: 5 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ type: "invalid_request_error", param: "content" });
    const missing = await api("GET", `/threads/${thread.id}/messages/msg_nope`, { key: ws.apiKey });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("msg_nope");
    const badCursor = await api("GET", `/threads/${thread.id}/messages?after=asst_x`, { key: ws.apiKey });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.param).toBe("after");
    await expect(client.beta.threads.messages.create("thread_nope", { role: "user", content: "x" })).rejects.toBeInstanceOf(APIError);
  });
});
