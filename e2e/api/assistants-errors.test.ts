import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, apiFetch, type ApiResponse } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// Every bad request is refused with the right status, OpenAI's error body (checked against the
// contract's ErrorResponse by `api()`), a `param` naming the culprit, and nothing written: the
// workspace's assistant count and an existing assistant are compared before and after.

let mine: TestWorkspace;
let theirs: TestWorkspace;
let revokedKey: string;
/** An assistant in `mine`, and one in `theirs`, as the API returned them at creation. */
let myAssistant: Record<string, unknown>;
let theirAssistant: Record<string, unknown>;

const ORIGINAL = {
  model: "gpt-4o-mini",
  name: "Original",
  description: "Must not change",
  instructions: "Be precise.",
  tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } } }],
  metadata: { owner: "errors-test" },
  temperature: 0.3,
};

beforeAll(async () => {
  ({ mine, theirs, revokedKey } = await provision(async (lib) => {
    const mine = await createTestWorkspace(lib, "errors");
    const theirs = await createTestWorkspace(lib, "errors-other");
    const revoked = await lib.apiKeys.createApiKey(mine.caller, { name: "revoked key" });
    await lib.apiKeys.revokeApiKey(mine.caller, revoked.info.id);
    return { mine, theirs, revokedKey: revoked.key };
  }));
  const a = await api("POST", "/assistants", { key: mine.apiKey, json: ORIGINAL });
  expect(a.status).toBe(200);
  myAssistant = a.body;
  const b = await api("POST", "/assistants", { key: theirs.apiKey, json: { ...ORIGINAL, name: "Theirs" } });
  expect(b.status).toBe(200);
  theirAssistant = b.body;
});

afterAll(releaseDatabase);

async function assistantCount(key: string): Promise<number> {
  const response = await api("GET", "/assistants?limit=100", { key });
  expect(response.status).toBe(200);
  expect(response.body.has_more).toBe(false);
  return response.body.data.length;
}

/** Nothing was written to either workspace: counts as before, both assistants unchanged. */
async function expectNothingWritten(counts: { mine: number; theirs: number }): Promise<void> {
  expect(await assistantCount(mine.apiKey), "assistants in the caller's workspace").toBe(counts.mine);
  expect(await assistantCount(theirs.apiKey), "assistants in the other workspace").toBe(counts.theirs);
  expect((await api("GET", `/assistants/${myAssistant.id}`, { key: mine.apiKey })).body).toEqual(myAssistant);
  expect((await api("GET", `/assistants/${theirAssistant.id}`, { key: theirs.apiKey })).body).toEqual(theirAssistant);
}

const counts = async () => ({ mine: await assistantCount(mine.apiKey), theirs: await assistantCount(theirs.apiKey) });

function expectError(
  response: ApiResponse,
  status: number,
  expected: { param?: string | null; code?: string | null; type?: string; message?: RegExp } = {},
): void {
  const context = `${status} expected, got ${response.status}: ${response.text.slice(0, 500)}`;
  expect(response.status, context).toBe(status);
  expect(response.headers.get("content-type"), context).toMatch(/^application\/json/);
  const { error } = response.body;
  expect(Object.keys(error).sort(), context).toEqual(["code", "message", "param", "type"]);
  expect(error.message.length, context).toBeGreaterThan(10);
  expect(error.type, context).toBe(expected.type ?? (status >= 500 ? "server_error" : "invalid_request_error"));
  if (expected.param !== undefined) expect(error.param, context).toBe(expected.param);
  if (expected.code !== undefined) expect(error.code, context).toBe(expected.code);
  if (expected.message) expect(error.message, context).toMatch(expected.message);
}

type BadBody = {
  rule: string;
  /** A JSON body; for modify it is sent together with a valid change that must not be applied. */
  json?: unknown;
  /** A raw application/json body (malformed JSON). */
  raw?: string;
  param: string | null;
  code?: string;
  message?: RegExp;
  /** False when the rule does not apply to modify (model is optional there). */
  modify?: boolean;
};

const longName = "n".repeat(257);
const seventeenPairs = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"]));

const badBodies: BadBody[] = [
  { rule: "name longer than 256", json: { model: "m", name: longName }, param: "name" },
  {
    rule: "bad function name in tools[1]",
    json: { model: "m", tools: [{ type: "code_interpreter" }, { type: "function", function: { name: "get weather!" } }] },
    param: "tools[1].function.name",
  },
  {
    rule: "function parameters that are not valid JSON Schema",
    json: { model: "m", tools: [{ type: "function", function: { name: "f", parameters: { type: "object", properties: { city: { type: "strin" } } } } }] },
    param: "tools[0].function.parameters.properties.city.type",
  },
  {
    rule: "function parameters of a non-object type",
    json: { model: "m", tools: [{ type: "function", function: { name: "f", parameters: { type: "string" } } }] },
    param: "tools[0].function.parameters.type",
  },
  {
    rule: "duplicate function names",
    json: { model: "m", tools: [{ type: "function", function: { name: "f" } }, { type: "function", function: { name: "f" } }] },
    param: "tools[1].function.name",
  },
  { rule: "a misspelt tool type", json: { model: "m", tools: [{ type: "code_interpeter" }] }, param: "tools[0].type", message: /code_interpreter/ },
  { rule: "17 metadata pairs", json: { model: "m", metadata: seventeenPairs }, param: "metadata" },
  { rule: "a metadata value that is not a string", json: { model: "m", metadata: { n: 1 } }, param: "metadata.n" },
  { rule: "a metadata key longer than 64", json: { model: "m", metadata: { ["k".repeat(65)]: "v" } }, param: `metadata.${"k".repeat(65)}` },
  { rule: "temperature 3", json: { model: "m", temperature: 3 }, param: "temperature" },
  { rule: "top_p above 1", json: { model: "m", top_p: 1.5 }, param: "top_p" },
  { rule: "temperature as a string", json: { model: "m", temperature: "hot" }, param: "temperature" },
  { rule: "top_k not an integer", json: { model: "m", top_k: 2.5 }, param: "top_k" },
  { rule: "webhook_url not https", json: { model: "m", webhook_url: "http://example.com/hook" }, param: "webhook_url" },
  {
    rule: "response_format json_schema without a valid name",
    json: { model: "m", response_format: { type: "json_schema", json_schema: { name: "has space" } } },
    param: "response_format.json_schema.name",
  },
  {
    rule: "two vector stores in tool_resources",
    json: { model: "m", tool_resources: { file_search: { vector_store_ids: ["vs_1", "vs_2"] } } },
    param: "tool_resources.file_search.vector_store_ids",
  },
  { rule: "an unknown reasoning_effort", json: { model: "m", reasoning_effort: "extreme" }, param: "reasoning_effort" },
  { rule: "both metadata and meta_data", json: { model: "m", metadata: {}, meta_data: {} }, param: "meta_data" },
  { rule: "an unknown field", json: { model: "m", colour: "blue" }, param: "colour", message: /colour/ },
  { rule: "a body that is an array", json: [{ model: "m" }], param: null },
  { rule: "a body that is a string", json: "model", param: null },
  { rule: "a body that is null", json: null, param: null },
  { rule: "malformed JSON", raw: '{"model": "m",', param: null, code: "invalid_json" },
  { rule: "a missing model", json: { name: "No model" }, param: "model", message: /model/, modify: false },
  { rule: "an empty model", json: { model: "  " }, param: "model" },
];

describe("400: each schema rule refuses the request and writes nothing", () => {
  it.each(badBodies)("create: $rule → param $param", async (bad) => {
    const before = await counts();
    const response = await api("POST", "/assistants", {
      key: mine.apiKey,
      ...(bad.raw !== undefined ? { rawBody: bad.raw, headers: { "content-type": "application/json" } } : { json: bad.json }),
    });
    expectError(response, 400, { param: bad.param, code: bad.code, message: bad.message });
    await expectNothingWritten(before);
  });

  it.each(badBodies.filter((bad) => bad.modify !== false))("modify: $rule → param $param", async (bad) => {
    const before = await counts();
    let request;
    if (bad.raw !== undefined) request = { rawBody: bad.raw, headers: { "content-type": "application/json" } };
    else if (typeof bad.json === "object" && bad.json !== null && !Array.isArray(bad.json)) {
      // A valid change next to the bad one: a refused request must not be applied in part.
      // Create bodies carry `model: "m"` only to be complete; modify does not need it.
      const { model, ...rest } = bad.json as Record<string, unknown>;
      request = { json: { description: "CHANGED", ...rest, ...(model === "m" ? {} : { model }) } };
    } else request = { json: bad.json };
    const response = await api("POST", `/assistants/${myAssistant.id}`, { key: mine.apiKey, ...request });
    expectError(response, 400, { param: bad.param, code: bad.code, message: bad.message });
    await expectNothingWritten(before);
  });

  it("says 'Missing required parameter' for a missing model", async () => {
    const response = await api("POST", "/assistants", { key: mine.apiKey, json: {} });
    expectError(response, 400, { param: "model", message: /^Missing required parameter: 'model'/ });
  });
});

describe("the limits themselves are accepted", () => {
  it("name 256, description 512, 16 metadata pairs of 64/512 characters, temperature 0 and 2, top_p 0 and 1, 128 tools", async () => {
    const before = await counts();
    const metadata = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`${i}`.padEnd(64, "k"), "v".repeat(512)]));
    const tools = Array.from({ length: 128 }, (_, i) => ({ type: "function", function: { name: `f${i}` } }));
    for (const [temperature, top_p] of [[0, 0], [2, 1]]) {
      const response = await api("POST", "/assistants", {
        key: mine.apiKey,
        json: { model: "m".repeat(256), name: "n".repeat(256), description: "d".repeat(512), metadata, temperature, top_p, tools },
      });
      expect(response.status, response.text.slice(0, 300)).toBe(200);
      expect(response.body).toMatchObject({ name: "n".repeat(256), metadata, temperature, top_p });
      expect(response.body.tools).toHaveLength(128);
    }
    expect(await assistantCount(mine.apiKey)).toBe(before.mine + 2);
  });
});

describe("NUL characters (Postgres text and jsonb cannot hold U+0000)", () => {
  it("an assistant id containing NUL is simply not found (404, not 500)", async () => {
    for (const method of ["GET", "POST", "DELETE"]) {
      const response = await api(method, "/assistants/asst_%00", { key: mine.apiKey, json: method === "POST" ? { name: "x" } : undefined });
      expectError(response, 404, { code: "not_found" });
    }
  });

  it("a list cursor containing NUL is a bad parameter (400, not 500)", async () => {
    expectError(await api("GET", "/assistants?after=asst_%00", { key: mine.apiKey }), 400, { param: "after" });
  });

  const nulBodies: Array<[string, string, string]> = [
    ["name", '{"model":"m","name":"a\\u0000b"}', "name"],
    ["instructions", '{"model":"m","instructions":"line\\u0000"}', "instructions"],
    ["a metadata value", '{"model":"m","metadata":{"k":"a\\u0000b"}}', "metadata.k"],
    ["a function description", '{"model":"m","tools":[{"type":"function","function":{"name":"f","description":"x\\u0000"}}]}', "tools[0].function.description"],
  ];
  it.each(nulBodies)("a NUL in %s → 400 naming it, nothing written", async (_label, raw, param) => {
    const before = await counts();
    for (const path of ["/assistants", `/assistants/${myAssistant.id}`]) {
      const response = await api("POST", path, { key: mine.apiKey, rawBody: raw.replace('"model":"m",', path === "/assistants" ? '"model":"m",' : ""), headers: { "content-type": "application/json" } });
      expectError(response, 400, { param });
    }
    await expectNothingWritten(before);
  });
});

describe("bodies that would exhaust the server", () => {
  it("JSON nested 5,000 levels deep → 400 naming where, nothing written (not a stack overflow 500)", async () => {
    const before = await counts();
    const raw = `{"model":"m","metadata":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    for (const path of ["/assistants", `/assistants/${myAssistant.id}`]) {
      const response = await api("POST", path, { key: mine.apiKey, rawBody: raw, headers: { "content-type": "application/json" } });
      expectError(response, 400, {});
      expect(response.body.error.param).toMatch(/^metadata/);
      expect(response.body.error.message).toMatch(/nested more than 64 levels/);
    }
    await expectNothingWritten(before);
  });

  it("a JSON Schema with a dangling $ref or a broken pattern → 400 at that keyword", async () => {
    const tool = (parameters: object) => ({ model: "m", tools: [{ type: "function", function: { name: "f", parameters } }] });
    const dangling = await api("POST", "/assistants", { key: mine.apiKey, json: tool({ type: "object", properties: { a: { $ref: "#/$defs/nope" } } }) });
    expectError(dangling, 400, { param: "tools[0].function.parameters.properties.a.$ref" });
    const pattern = await api("POST", "/assistants", { key: mine.apiKey, json: tool({ type: "object", properties: { a: { type: "string", pattern: "[" } } }) });
    expectError(pattern, 400, { param: "tools[0].function.parameters.properties.a.pattern" });
  });
});

describe("400: bad list parameters", () => {
  const cases: Array<[string, string]> = [
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=abc", "limit"],
    ["limit=2.5", "limit"],
    ["order=sideways", "order"],
    ["after=nope", "after"],
    ["before=asst_short", "before"],
    ["after=thread_012345678901234567890123", "after"],
    ["limit=1&limit=2", "limit"],
    ["colour=blue", "colour"],
  ];
  it.each(cases)("GET /assistants?%s → param %s", async (query, param) => {
    const response = await api("GET", `/assistants?${query}`, { key: mine.apiKey });
    expectError(response, 400, { param });
  });

  it("after and before together", async () => {
    const id = myAssistant.id as string;
    const response = await api("GET", `/assistants?after=${id}&before=${id}`, { key: mine.apiKey });
    expect(response.status).toBe(400);
    expect(["after", "before"]).toContain(response.body.error.param);
  });
});

describe("401: missing or bad credentials", () => {
  const CHALLENGE = /^Bearer realm=/;
  const credentials: Array<{ label: string; headers: () => Record<string, string>; code: string }> = [
    { label: "no Authorization header", headers: () => ({}), code: "missing_api_key" },
    { label: "Authorization: Basic", headers: () => ({ authorization: "Basic eDp5" }), code: "invalid_authorization_header" },
    { label: "Bearer without a key", headers: () => ({ authorization: "Bearer " }), code: "invalid_authorization_header" },
    { label: "a wrong key", headers: () => ({ authorization: "Bearer sk-atl-wrongwrongwrongwrongwrongwrong1234" }), code: "invalid_api_key" },
    { label: "a revoked key", headers: () => ({ authorization: `Bearer ${revokedKey}` }), code: "invalid_api_key" },
  ];

  it.each(credentials)("$label → 401 $code on read, write and unknown paths", async ({ headers, code }) => {
    const before = await counts();
    const attempts: Array<[string, string, unknown]> = [
      ["GET", "/assistants", undefined],
      ["POST", "/assistants", { model: "gpt-4o-mini", name: "Should not exist" }],
      ["GET", `/assistants/${myAssistant.id}`, undefined],
      ["POST", `/assistants/${myAssistant.id}`, { name: "Hijacked" }],
      ["DELETE", `/assistants/${myAssistant.id}`, undefined],
      ["GET", "/no-such-endpoint", undefined],
    ];
    for (const [method, path, json] of attempts) {
      const response = await api(method, path, { headers: headers(), json });
      expectError(response, 401, { code, param: null });
      expect(response.headers.get("www-authenticate"), `${method} ${path}`).toMatch(CHALLENGE);
    }
    await expectNothingWritten(before);
  });

  it("does not echo a wrong key back in full", async () => {
    const key = "sk-atl-ThisIsASecretLookingKeyThatIsWrong9876";
    const response = await api("GET", "/assistants", { headers: { authorization: `Bearer ${key}` } });
    expectError(response, 401, { code: "invalid_api_key" });
    expect(response.text).not.toContain(key);
  });

  it("a revoked key fails while the workspace's live key still works", async () => {
    expect((await api("GET", "/assistants", { key: revokedKey })).status).toBe(401);
    expect((await api("GET", "/assistants", { key: mine.apiKey })).status).toBe(200);
  });
});

describe("404: unknown ids, other workspaces' assistants, unknown paths", () => {
  const unknownIds = ["asst_0000000000000000000000ZZ", "asst_nope", "not-an-id"];

  it.each(unknownIds)("retrieve, modify and delete %s → 404", async (id) => {
    const before = await counts();
    for (const [method, json] of [["GET"], ["POST", { name: "x" }], ["DELETE"]] as Array<[string, unknown?]>) {
      const response = await api(method, `/assistants/${id}`, { key: mine.apiKey, json });
      expectError(response, 404, { code: "not_found", param: null, message: new RegExp(id) });
    }
    await expectNothingWritten(before);
  });

  it("another workspace's assistant is not found for retrieve, modify and delete, and stays as it was", async () => {
    const before = await counts();
    const id = theirAssistant.id as string;
    expectError(await api("GET", `/assistants/${id}`, { key: mine.apiKey }), 404, { code: "not_found" });
    expectError(await api("POST", `/assistants/${id}`, { key: mine.apiKey, json: { name: "Taken over", metadata: { pwned: "yes" } } }), 404, {
      code: "not_found",
    });
    // Also with a body that would need the stored tools (a masked plugin token).
    expectError(
      await api("POST", `/assistants/${id}`, {
        key: mine.apiKey,
        json: { tools: [{ type: "acme.plugin", auth: { type: "user_http", user_token: "****1234" } }] },
      }),
      404,
      { code: "not_found" },
    );
    expectError(await api("DELETE", `/assistants/${id}`, { key: mine.apiKey }), 404, { code: "not_found" });
    // Not in my list either, and the owner still sees it unchanged.
    const listed = await api("GET", "/assistants?limit=100", { key: mine.apiKey });
    expect(listed.body.data.map((a: { id: string }) => a.id)).not.toContain(id);
    await expectNothingWritten(before);
  });

  it("the admin key (default workspace) does not see a test workspace's assistant either", async () => {
    expectError(await api("GET", `/assistants/${theirAssistant.id}`, { key: inject("adminKey") }), 404, { code: "not_found" });
  });

  it.each([
    ["GET", "/nope"],
    ["POST", "/nope"],
    ["GET", "/assistants/x/y"],
    ["DELETE", "/models/unknown/deeper"],
  ])("%s /api/v1%s → 404 in OpenAI's shape", async (method, path) => {
    const response = await api(method, path, { key: mine.apiKey });
    expectError(response, 404, { code: "unknown_url", param: null, message: /Invalid URL/ });
  });
});

describe("405: unsupported methods", () => {
  it("PUT, PATCH and DELETE on /assistants → 405 with Allow: GET, POST", async () => {
    const before = await counts();
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      const response = await api(method, "/assistants", { key: mine.apiKey, json: { model: "gpt-4o-mini" } });
      expectError(response, 405, { code: "method_not_allowed" });
      expect(response.headers.get("allow")).toBe("GET, POST");
    }
    await expectNothingWritten(before);
  });

  it("PUT and PATCH on an assistant → 405 with Allow: GET, POST, DELETE, and it is unchanged", async () => {
    const before = await counts();
    for (const method of ["PUT", "PATCH"]) {
      const response = await api(method, `/assistants/${myAssistant.id}`, { key: mine.apiKey, json: { name: "Patched" } });
      expectError(response, 405, { code: "method_not_allowed" });
      expect(response.headers.get("allow")).toBe("GET, POST, DELETE");
    }
    await expectNothingWritten(before);
  });
});

describe("413: request bodies over 1 MiB", () => {
  const huge = () => JSON.stringify({ model: "gpt-4o-mini", instructions: "x".repeat(1024 * 1024 + 10) });

  it("create and modify refuse a >1 MiB JSON body", async () => {
    const before = await counts();
    const created = await api("POST", "/assistants", { key: mine.apiKey, rawBody: huge(), headers: { "content-type": "application/json" } });
    expectError(created, 413, { code: "request_too_large" });
    const modified = await api("POST", `/assistants/${myAssistant.id}`, {
      key: mine.apiKey,
      rawBody: huge(),
      headers: { "content-type": "application/json" },
    });
    expectError(modified, 413, { code: "request_too_large" });
    await expectNothingWritten(before);
  });

  it("also without a Content-Length (chunked upload)", async () => {
    const before = await counts();
    const bytes = new TextEncoder().encode(huge());
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 64 * 1024) controller.enqueue(bytes.slice(offset, offset + 64 * 1024));
        controller.close();
      },
    });
    const response = await apiFetch("/assistants", {
      method: "POST",
      headers: { authorization: `Bearer ${mine.apiKey}`, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expectError(response, 413, { code: "request_too_large" });
    await expectNothingWritten(before);
  });
});

describe("415: bodies that are not JSON", () => {
  it.each([
    ["text/plain", "text/plain"],
    ["form data", "application/x-www-form-urlencoded"],
  ])("%s → 415 on create and modify", async (_label, contentType) => {
    const before = await counts();
    const body = JSON.stringify({ model: "gpt-4o-mini", name: "Plain" });
    for (const path of ["/assistants", `/assistants/${myAssistant.id}`]) {
      const response = await api("POST", path, { key: mine.apiKey, rawBody: body, headers: { "content-type": contentType } });
      expectError(response, 415, { code: "unsupported_media_type" });
    }
    await expectNothingWritten(before);
  });

  it("a JSON body with no Content-Type at all → 415", async () => {
    const before = await counts();
    // fetch adds text/plain for a string body; a Blob without a type sends no Content-Type.
    const response = await apiFetch("/assistants", {
      method: "POST",
      headers: { authorization: `Bearer ${mine.apiKey}` },
      body: new Blob([JSON.stringify({ model: "gpt-4o-mini" })]),
    });
    expectError(response, 415, { code: "unsupported_media_type" });
    await expectNothingWritten(before);
  });
});
