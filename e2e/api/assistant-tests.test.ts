import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api, sdkClient } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// An assistant's test cases (issue 22) through /api/v1/assistants/{id}/tests: created, read,
// listed (by tag, paged), changed and deleted; bad tests refused with the field named and nothing
// written; another workspace's assistant not found; a deleted assistant's tests gone with it.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response shapes vary per call

let ws: TestWorkspace;
let other: TestWorkspace;
let viewerKey: string;
let sdk: ReturnType<typeof sdkClient>;

beforeAll(async () => {
  ({ ws, other, viewerKey } = await provision(async (lib) => {
    const ws = await createTestWorkspace(lib, "tests");
    const other = await createTestWorkspace(lib, "tests-other");
    const { key } = await lib.apiKeys.createApiKey(ws.caller, { name: "viewer", role: "viewer" });
    return { ws, other, viewerKey: key };
  }));
  sdk = sdkClient(ws.apiKey);
});

afterEach(async () => {
  await sdk.settled();
  expect(sdk.contractViolations(), "every response must match the contract and its extensions").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(releaseDatabase);

const client = () => sdk.client;
const newAssistant = async () => (await client().beta.assistants.create({ model: "scripted-1", name: "tested" })).id;

const WEATHER_TEST = {
  name: "weather in Oslo",
  tags: ["weather", "smoke"],
  turns: [
    { content: '[[tool: get_weather {"city": "Oslo"}]]', assertions: [{ type: "tool-called", value: "get_weather", arguments: { city: "Oslo" } }] },
    { content: "And tomorrow?", overrides: { temperature: 0.1 } },
  ],
  mock_outputs: { get_weather: { format: "json", output: '{"temp": 21}' } },
  assertions: [{ type: "icontains", value: "temp" }, { type: "latency", threshold: 5000 }, { type: "not-regex", value: "error", flags: "i" }],
};

describe("assistant tests", () => {
  it("creates, reads, lists by tag and page, changes and deletes a test", async () => {
    const assistantId = await newAssistant();
    const created = (await client().post(`/assistants/${assistantId}/tests`, { body: WEATHER_TEST })) as Json;
    expect(created).toMatchObject({ object: "assistant.test", assistant_id: assistantId, name: "weather in Oslo", tags: ["weather", "smoke"], mock_outputs: WEATHER_TEST.mock_outputs, assertions: WEATHER_TEST.assertions });
    expect(created.id).toMatch(/^test_/);
    expect(created.turns).toEqual([{ role: "user", ...WEATHER_TEST.turns[0] }, { role: "user", ...WEATHER_TEST.turns[1] }]);
    expect(await client().get(`/assistants/${assistantId}/tests/${created.id}`)).toEqual(created);

    const second = (await client().post(`/assistants/${assistantId}/tests`, { body: { name: "greeting", turns: [{ content: "hi" }] } })) as Json;
    expect(second).toMatchObject({ tags: [], mock_outputs: null, assertions: [] });
    const list = (await client().get(`/assistants/${assistantId}/tests`)) as Json;
    expect(list.data.map((test: Json) => test.id)).toEqual([second.id, created.id]);
    const tagged = (await client().get(`/assistants/${assistantId}/tests?tag=smoke`)) as Json;
    expect(tagged.data.map((test: Json) => test.id)).toEqual([created.id]);
    const first = (await client().get(`/assistants/${assistantId}/tests?limit=1&order=asc`)) as Json;
    expect(first).toMatchObject({ has_more: true, first_id: created.id });
    const next = (await client().get(`/assistants/${assistantId}/tests?limit=1&order=asc&after=${created.id}`)) as Json;
    expect(next).toMatchObject({ has_more: false, first_id: second.id });

    const changed = (await client().post(`/assistants/${assistantId}/tests/${second.id}`, { body: { name: "hello", assertions: [{ type: "equals", value: "You said: hi" }], mock_outputs: { f: { format: "text", output: "x" } } } })) as Json;
    expect(changed).toMatchObject({ name: "hello", turns: [{ role: "user", content: "hi" }], assertions: [{ type: "equals", value: "You said: hi" }], mock_outputs: { f: { format: "text", output: "x" } } });
    expect(((await client().post(`/assistants/${assistantId}/tests/${second.id}`, { body: { mock_outputs: null } })) as Json).mock_outputs).toBeNull();

    expect(await client().delete(`/assistants/${assistantId}/tests/${second.id}`)).toEqual({ id: second.id, object: "assistant.test.deleted", deleted: true });
    const gone = await api("GET", `/assistants/${assistantId}/tests/${second.id}`, { key: ws.apiKey });
    expect(gone.status).toBe(404);
    expect(gone.body.error.message).toContain(second.id);

    // Tests go with their assistant.
    await client().beta.assistants.delete(assistantId);
    expect((await api("GET", `/assistants/${assistantId}/tests/${created.id}`, { key: ws.apiKey })).status).toBe(404);
  });

  it("refuses a bad test naming the field, and writes nothing", async () => {
    const assistantId = await newAssistant();
    const cases: [unknown, string][] = [
      [{ turns: [{ content: "hi" }] }, "name"],
      [{ name: "x", turns: [] }, "turns"],
      [{ name: "x", turns: [{ role: "assistant", content: "hi" }] }, "turns[0].role"],
      [{ name: "x", turns: [{ content: "hi" }], assertions: [{ type: "containz", value: "a" }] }, "assertions[0].type"],
      [{ name: "x", turns: [{ content: "hi" }], assertions: [{ type: "regex", value: "(" }] }, "assertions[0].value"],
      [{ name: "x", turns: [{ content: "hi", assertions: [{ type: "latency" }] }] }, "turns[0].assertions[0].threshold"],
      [{ name: "x", turns: [{ content: "hi" }], assertions: [{ type: "is-json", value: { type: "objekt" } }] }, "assertions[0].value.type"],
      [{ name: "x", turns: [{ content: "hi" }], assertions: [{ type: "jsonata", value: "a +" }] }, "assertions[0].value"],
      [{ name: "x", turns: [{ content: "hi", overrides: { temperature: 3 } }] }, "turns[0].overrides.temperature"],
      [{ name: "x", turns: [{ content: "hi" }], surprise: true }, "surprise"],
    ];
    for (const [body, param] of cases) {
      const response = await api("POST", `/assistants/${assistantId}/tests`, { key: ws.apiKey, json: body });
      expect({ status: response.status, param: response.body.error?.param, type: response.body.error?.type }, JSON.stringify(body)).toEqual({ status: 400, param, type: "invalid_request_error" });
    }
    const bad = await api("POST", `/assistants/${assistantId}/tests`, { key: ws.apiKey, json: { name: "x", turns: [{ content: "hi" }], assertions: [{ type: "containz" }] } });
    expect(bad.body.error.message).toContain("containz");
    expect(((await client().get(`/assistants/${assistantId}/tests`)) as Json).data).toEqual([]);
  });

  it("keeps tests to their workspace and lets viewers read but not write", async () => {
    const assistantId = await newAssistant();
    const test = (await client().post(`/assistants/${assistantId}/tests`, { body: { name: "mine", turns: [{ content: "hi" }] } })) as Json;
    for (const [method, path] of [["GET", `/assistants/${assistantId}/tests`], ["GET", `/assistants/${assistantId}/tests/${test.id}`], ["DELETE", `/assistants/${assistantId}/tests/${test.id}`]] as const) {
      const response = await api(method, path, { key: other.apiKey });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect((await api("GET", `/assistants/${assistantId}/tests/${test.id}`, { key: viewerKey })).status).toBe(200);
    const refused = await api("POST", `/assistants/${assistantId}/tests/${test.id}`, { key: viewerKey, json: { name: "viewer's" } });
    expect(refused.status).toBe(403);
    expect(((await client().get(`/assistants/${assistantId}/tests/${test.id}`)) as Json).name).toBe("mine");
    // A test id of the wrong shape, or of another assistant, is not found.
    const otherAssistant = await newAssistant();
    expect((await api("GET", `/assistants/${otherAssistant}/tests/${test.id}`, { key: ws.apiKey })).status).toBe(404);
    expect((await api("GET", `/assistants/${assistantId}/tests/nope`, { key: ws.apiKey })).status).toBe(404);
  });
});
