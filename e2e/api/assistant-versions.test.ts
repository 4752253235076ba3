import type { OpenAI } from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { EMPTY_FORM } from "@/lib/assistants/form";
import { action, addMember, callAction, createUser, signInCookie } from "./support/console";
import { api, sdkClient } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";
import { registerPlugin } from "./support/plugins";

// Assistant versions and labels (issue 21) through the official SDK and the console's actions: a
// version per change with who and where from, none for a change that changes nothing, consecutive
// numbers under concurrent saves, restore, labels that move, runs pinned to a number or a label
// (checked in what the scripted model received), and plugin tokens masked in every version.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response shapes vary per call

const TOKEN = "plugin-token-kept-in-versions-7d21";
let ws: TestWorkspace;
let other: TestWorkspace;
let viewerKey: string;
let sdk: ReturnType<typeof sdkClient>;
let client: OpenAI;
let cookie: string;

beforeAll(async () => {
  const made = await provision(async (lib) => {
    const ws = await createTestWorkspace(lib, "versions");
    const other = await createTestWorkspace(lib, "versions-other");
    const { key } = await lib.apiKeys.createApiKey(ws.caller, { name: "viewer", role: "viewer" });
    const user = await createUser(lib, "versions-editor");
    await addMember(lib, ws.id, user, "editor");
    return { ws, other, viewerKey: key, user };
  });
  ({ ws, other, viewerKey } = made);
  cookie = await signInCookie(made.user);
  sdk = sdkClient(ws.apiKey);
  client = sdk.client;
});

afterEach(async () => {
  await sdk.settled();
  expect(sdk.contractViolations(), "every response must match the contract and its extensions").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(releaseDatabase);

const versions = async (id: string, query = "") => (await client.get(`/assistants/${id}/versions${query}`)) as Json;
const extension = (fields: Record<string, unknown>) => fields as object;

async function modelRequests(): Promise<Json[]> {
  const response = await fetch(`${inject("modelURL").replace(/\/v1$/, "")}/__scripted/requests`);
  return ((await response.json()) as { data: { body: Json }[] }).data.map((request) => request.body);
}

describe("versions", () => {
  it("keeps every change as a version with its author and source, and none for a change that changes nothing", async () => {
    const created = await client.beta.assistants.create({ model: "scripted-1", name: "v1", instructions: "one" });
    expect(created).toMatchObject({ version: 1 });
    const updated = await client.beta.assistants.update(created.id, { instructions: "two" });
    expect(updated).toMatchObject({ version: 2, instructions: "two" });
    const same = await client.beta.assistants.update(created.id, { instructions: "two", name: "v1" });
    expect(same).toMatchObject({ version: 2 });

    // The console's save is a change from the console, with its note.
    const saved = await callAction(action("saveAssistant"), { id: created.id, version: 2, note: "shorter", values: { ...EMPTY_FORM, model: "scripted-1", name: "v1", instructions: "three" } }, { cookie });
    expect(saved.result).toMatchObject({ ok: true, data: { version: 3 } });

    const list = await versions(created.id);
    expect(list).toMatchObject({ object: "list", first_id: "3", last_id: "1", has_more: false });
    expect(list.data.map((version: Json) => [version.version, version.source, version.assistant.instructions])).toEqual([
      [3, "console", "three"],
      [2, "api", "two"],
      [1, "api", "one"],
    ]);
    expect(list.data[0]).toMatchObject({ object: "assistant.version", assistant_id: created.id, note: "shorter", created_by: expect.stringContaining("versions-editor"), labels: [] });
    expect(list.data[1]).toMatchObject({ note: null, created_by: expect.stringContaining("versions") });
    const page = await versions(created.id, "?limit=1&after=3&order=desc");
    expect(page).toMatchObject({ first_id: "2", last_id: "2", has_more: true });
    const ascending = await versions(created.id, "?order=asc&before=3");
    expect(ascending.data.map((version: Json) => version.version)).toEqual([1, 2]);
    expect(((await client.get(`/assistants/${created.id}/versions/1`)) as Json).assistant).toMatchObject({ instructions: "one", name: "v1", version: 1 });
  });

  it("gives concurrent saves distinct consecutive numbers, and loses none of them", async () => {
    const { id } = await client.beta.assistants.create({ model: "scripted-1" });
    const names = Array.from({ length: 12 }, (_, i) => `parallel ${i}`);
    const results = await Promise.all(names.map((name) => client.beta.assistants.update(id, { name })));
    expect(results.map((result) => (result as Json).version).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
    const list = await versions(id, "?limit=100");
    expect(list.data.map((version: Json) => version.version)).toEqual(Array.from({ length: 13 }, (_, i) => 13 - i));
    expect(new Set(list.data.slice(0, 12).map((version: Json) => version.assistant.name))).toEqual(new Set(names));
  });

  it("restores a version as a new one, and moves labels", async () => {
    const { id } = await client.beta.assistants.create({ model: "scripted-1", instructions: "first", temperature: 0.2 });
    await client.beta.assistants.update(id, { instructions: "second", temperature: 0.9 });
    const restored = (await client.post(`/assistants/${id}/versions/1/restore`, { body: {} })) as Json;
    expect(restored).toMatchObject({ version: 3, instructions: "first", temperature: 0.2 });
    expect((await versions(id)).data[0]).toMatchObject({ version: 3, note: "Restored version 1" });
    // Restoring what the assistant already is changes nothing, so makes no version.
    expect(await client.post(`/assistants/${id}/versions/3/restore`, { body: {} })).toMatchObject({ version: 3 });
    expect(await client.post(`/assistants/${id}/versions/1/restore`, { body: { note: "again" } })).toMatchObject({ version: 3 });

    const set = (await client.post(`/assistants/${id}/labels`, { body: { label: "production", version: 1 } })) as Json;
    expect(set).toMatchObject({ version: 1, labels: ["production"] });
    await client.post(`/assistants/${id}/labels`, { body: { label: "staging", version: 2 } });
    const moved = (await client.post(`/assistants/${id}/labels`, { body: { label: "production", version: 2 } })) as Json;
    expect(moved).toMatchObject({ version: 2, labels: ["production", "staging"] });
    expect((await client.get(`/assistants/${id}/versions/1`)) as Json).toMatchObject({ labels: [] });
    expect(await client.delete(`/assistants/${id}/labels/staging`)).toMatchObject({ object: "assistant.label.deleted", label: "staging", deleted: true });
    expect((await client.get(`/assistants/${id}/versions/2`)) as Json).toMatchObject({ labels: ["production"] });
  });

  it("runs a pinned version, by number or by label, and records the version a run ran with", async () => {
    const { id } = await client.beta.assistants.create({ model: "scripted-1", instructions: "Pinned instructions one.", temperature: 0.3 });
    await client.beta.assistants.update(id, { instructions: "Current instructions two.", temperature: 1.1 });
    await client.post(`/assistants/${id}/labels`, { body: { label: "production", version: 1 } });
    const poll = { pollIntervalMs: 50 };
    const run = async (pin: object) => {
      const thread = await client.beta.threads.create({ messages: [{ role: "user", content: "[[reply: ok]]" }] });
      const before = (await modelRequests()).length;
      const done = await client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: id, ...pin }, poll);
      // This assistant's requests only: other API test files share the scripted model and run at once.
      const mine = (request: Json) => ["Pinned instructions one.", "Current instructions two."].includes(request.messages?.[0]?.content);
      return { run: done as Json, sent: (await modelRequests()).slice(before).filter(mine) };
    };
    for (const pin of [extension({ assistant_version: 1 }), extension({ assistant_version: "production" })]) {
      const { run: done, sent } = await run(pin);
      expect(done).toMatchObject({ status: "completed", assistant_version: 1, instructions: "Pinned instructions one.", temperature: 0.3 });
      expect(sent).toHaveLength(1);
      expect(sent[0]!.messages[0]).toMatchObject({ role: "system", content: "Pinned instructions one." });
      expect(sent[0]!.temperature).toBe(0.3);
    }
    const { run: current, sent } = await run({});
    expect(current).toMatchObject({ assistant_version: 2, instructions: "Current instructions two." });
    expect(sent[0]!.temperature).toBe(1.1);
    // create-thread-and-run pins too.
    const both = (await client.beta.threads.createAndRunPoll({ assistant_id: id, thread: { messages: [{ role: "user", content: "[[reply: ok]]" }] }, ...extension({ assistant_version: "production" }) }, poll)) as Json;
    expect(both).toMatchObject({ status: "completed", assistant_version: 1 });
  });

  it("masks plugin tokens in every version, and keeps them: a restore brings the stored token back", async () => {
    await registerPlugin(ws.apiKey, "acme_crm");
    const plugin = { type: "acme_crm", auth: { type: "user_http", user_token: TOKEN } };
    const created = (await client.beta.assistants.create({ model: "scripted-1", tools: [plugin as never] })) as Json;
    await client.beta.assistants.update(created.id, { tools: [] });
    const listed = JSON.stringify(await versions(created.id));
    expect(listed).not.toContain(TOKEN);
    expect(listed).toContain("****");
    await client.post(`/assistants/${created.id}/versions/1/restore`, { body: {} });
    const stored = await provision((lib) => lib.db.getDb().assistant.findUniqueOrThrow({ where: { id: created.id } }));
    expect(JSON.stringify(stored.tools)).toContain(TOKEN);
  });

  it("answers bad requests in OpenAI's error shape and writes nothing", async () => {
    const { id } = await client.beta.assistants.create({ model: "scripted-1" });
    const call = (method: string, path: string, json?: unknown, key = ws.apiKey) => api(method, path, { key, json });
    expect((await call("GET", `/assistants/${id}/versions/7`)).body.error).toMatchObject({ type: "invalid_request_error", message: `Assistant '${id}' has no version 7.` });
    expect((await call("GET", `/assistants/${id}/versions/latest`)).status).toBe(404);
    expect((await call("GET", `/assistants/${id}/versions?after=x`)).body.error).toMatchObject({ param: "after" });
    expect((await call("POST", `/assistants/${id}/labels`, { label: "Prod!", version: 1 })).body.error).toMatchObject({ param: "label" });
    expect((await call("POST", `/assistants/${id}/labels`, { label: "prod", version: 9 })).status).toBe(404);
    expect((await call("DELETE", `/assistants/${id}/labels/prod`)).status).toBe(404);
    expect((await call("POST", `/assistants/${id}/labels`, { label: "prod", version: 1 }, viewerKey)).status).toBe(403);
    expect((await call("POST", `/assistants/${id}/versions/1/restore`, {}, viewerKey)).status).toBe(403);
    expect((await call("GET", `/assistants/${id}/versions`, undefined, other.apiKey)).status).toBe(404);
    const thread = await client.beta.threads.create();
    const pinned = await call("POST", `/threads/${thread.id}/runs`, { assistant_id: id, assistant_version: "nope" });
    expect(pinned.status).toBe(404);
    expect(pinned.body.error).toMatchObject({ param: "assistant_version", message: `Assistant '${id}' has no label 'nope'.` });
    expect((await call("POST", `/threads/${thread.id}/runs`, { assistant_id: id, assistant_version: 0 })).body.error).toMatchObject({ param: "assistant_version" });
    expect((await call("GET", `/threads/${thread.id}/runs`)).body.data).toHaveLength(0);
    expect((await versions(id)).data).toHaveLength(1);
  });
});
