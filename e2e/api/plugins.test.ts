import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, type ApiResponse, type Json } from "./support/http";
import { plant, secretValue } from "./support/planted";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";
import { maskSecret } from "@/lib/assistants/secrets";
import { open } from "@/lib/security/secret-box";

// The plugin registry (issue 24, step 1): /api/v1/plugins create, list, retrieve, update, delete and
// the operations a run will be offered. Documents come as YAML text or an object; every bad input
// is a 400/404/409 naming its parameter with nothing written; secrets are sealed and only masked.

const planted = (name: string, label: string) => {
  const value = secretValue(label);
  return plant({ name, value, evidence: [maskSecret(value)] });
};
const BEARER = planted("a plugin's service bearer token", "plugin-bearer");
const HEADER_VALUE = planted("a plugin's service header value", "plugin-header");
const REPLACED = planted("a plugin's replaced bearer token", "plugin-replaced");

const WEATHER_YAML = `openapi: 3.1.0
info: { title: Weather, version: "1.0" }
servers:
  - url: https://{region}.weather.example/v1
    variables: { region: { default: eu } }
paths:
  /cities/{city}/forecast:
    get:
      operationId: getForecast
      summary: The forecast for a city.
      parameters:
        - $ref: "#/components/parameters/City"
        - { name: days, in: query, schema: { type: integer, minimum: 1, maximum: 14 } }
      responses: { "200": { description: OK } }
  /upload:
    put:
      operationId: upload
      requestBody: { content: { multipart/form-data: { schema: { type: object } } } }
      responses: { "200": { description: OK } }
components:
  parameters:
    City: { name: city, in: path, required: true, schema: { type: string } }
`;

const notesDocument = (server = "https://notes.example/api") => ({
  openapi: "3.0.3",
  info: { title: "Notes", version: "2" },
  servers: [{ url: server }],
  paths: {
    "/notes": {
      post: {
        operationId: "createNote",
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Note" } } } },
        responses: { "201": { description: "created" } },
      },
    },
  },
  components: { schemas: { Note: { type: "object", required: ["text"], properties: { text: { type: "string" }, pinned: { type: "boolean", nullable: true } } } } },
});

let ws: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  ({ ws, other } = await provision(async (lib) => ({ ws: await createTestWorkspace(lib, "plugins"), other: await createTestWorkspace(lib, "plugins-other") })));
});
afterAll(releaseDatabase);

const create = (json: unknown, key = ws.apiKey) => api("POST", "/plugins", { key, json });
const storedRow = (workspaceId: string, id: string) => provision((lib) => lib.db.getDb().plugin.findUnique({ where: { workspaceId_id: { workspaceId, id } } })) as Promise<Json>;
const auditCount = (workspaceId: string) => provision((lib) => lib.db.getDb().auditEvent.count({ where: { workspaceId, targetType: "plugin" } }));
const listIds = async (key = ws.apiKey) => ((await api("GET", "/plugins?limit=100", { key })).body.data as Json[]).map((plugin) => plugin.id);

function expectNoSecret(response: ApiResponse): void {
  for (const secret of [BEARER, HEADER_VALUE, REPLACED]) expect(response.text).not.toContain(secret);
}

describe("creating plugins", () => {
  it("from YAML text, with a service bearer token: the server is the document's first, the token sealed and masked", async () => {
    const created = await create({ id: "weather", name: "Weather", description: "Forecasts", openapi: WEATHER_YAML, auth: { type: "service", bearer_token: BEARER } });
    expect(created.status).toBe(200);
    expectNoSecret(created);
    expect(created.body).toMatchObject({
      object: "plugin",
      id: "weather",
      name: "Weather",
      description: "Forecasts",
      server_url: "https://eu.weather.example/v1",
      auth: { type: "service", bearer_token: maskSecret(BEARER) },
      // Model Studio's plugins never ask before a call: the default.
      require_approval: "never",
    });
    expect(created.body.openapi).toMatchObject({ openapi: "3.1.0", info: { title: "Weather" }, components: { parameters: { City: { name: "city" } } } });
    expect(created.body.created_at).toBe(created.body.updated_at);

    const row = await storedRow(ws.id, "weather");
    expect(row.openapiText).toBe(WEATHER_YAML);
    expect(JSON.stringify(row)).not.toContain(BEARER);
    expect(open(row.secretCiphertext, inject("secret"), `plugin:${ws.id}:weather`)).toBe(BEARER);
    expect(() => open(row.secretCiphertext, inject("secret"), `plugin:${other.id}:weather`)).toThrow();
    const audit = await provision((lib) => lib.db.getDb().auditEvent.findFirst({ where: { workspaceId: ws.id, targetId: "weather", action: "plugin.created" } }));
    expect(audit?.details).toMatchObject({ auth: "service", secret: "set", operations: 2 });
  });

  it("from an object, with its own server_url and a service header", async () => {
    const created = await create({ id: "notes", name: "Notes", openapi: notesDocument(), server_url: "https://notes.example/v2", auth: { type: "service", header: { name: "X-Api-Key", value: HEADER_VALUE } } });
    expect(created.status).toBe(200);
    expectNoSecret(created);
    expect(created.body).toMatchObject({ id: "notes", description: "", server_url: "https://notes.example/v2", auth: { type: "service", header: { name: "X-Api-Key", value: maskSecret(HEADER_VALUE) } } });
    expect(created.body.openapi).toEqual(notesDocument());
  });

  it("with user auth (each assistant brings its token), and in another workspace under the same id", async () => {
    const created = await create({ id: "crm", name: "CRM", openapi: notesDocument("https://crm.example"), auth: { type: "user" } });
    expect(created.body).toMatchObject({ id: "crm", auth: { type: "user" } });
    const theirs = await create({ id: "weather", name: "Their weather", openapi: WEATHER_YAML }, other.apiKey);
    expect(theirs.status).toBe(200);
    expect(theirs.body.auth).toEqual({ type: "none" });
  });
});

describe("reading plugins", () => {
  it("retrieves one, and not another workspace's", async () => {
    const got = await api("GET", "/plugins/notes", { key: ws.apiKey });
    expect(got.body).toMatchObject({ id: "notes", name: "Notes" });
    expectNoSecret(got);
    const theirs = await api("GET", "/plugins/notes", { key: other.apiKey });
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.message).toContain("notes");
    expect((await api("GET", "/plugins/NOT%20AN%20ID", { key: ws.apiKey })).status).toBe(404);
  });

  it("lists newest first in pages, both orders, with after and before", async () => {
    const all = await api("GET", "/plugins", { key: ws.apiKey });
    expectNoSecret(all);
    expect(all.body.data.map((plugin: Json) => plugin.id)).toEqual(["crm", "notes", "weather"]);
    const first = await api("GET", "/plugins?limit=2", { key: ws.apiKey });
    expect(first.body).toMatchObject({ object: "list", first_id: "crm", last_id: "notes", has_more: true });
    const next = await api("GET", "/plugins?limit=2&after=notes", { key: ws.apiKey });
    expect(next.body).toMatchObject({ first_id: "weather", last_id: "weather", has_more: false });
    const back = await api("GET", "/plugins?limit=2&before=weather", { key: ws.apiKey });
    expect(back.body.data.map((plugin: Json) => plugin.id)).toEqual(["crm", "notes"]);
    const asc = await api("GET", "/plugins?order=asc&limit=2", { key: ws.apiKey });
    expect(asc.body).toMatchObject({ first_id: "weather", last_id: "notes", has_more: true });
    const ascNext = await api("GET", "/plugins?order=asc&after=notes", { key: ws.apiKey });
    expect(ascNext.body.data.map((plugin: Json) => plugin.id)).toEqual(["crm"]);
    const ascBack = await api("GET", "/plugins?order=asc&before=crm&limit=1", { key: ws.apiKey });
    expect(ascBack.body).toMatchObject({ first_id: "notes", has_more: true });
    expect(await listIds(other.apiKey)).toEqual(["weather"]);
  });

  it.each([
    ["after=nope", "after"],
    ["before=crm", null],
    ["after=crm&before=notes", "before"],
    ["limit=0", "limit"],
    ["order=up", "order"],
  ])("GET /plugins?%s", async (query, param) => {
    // Cursors name a plugin of this workspace: `crm` is one here, not in the other workspace.
    const response = await api("GET", `/plugins?${query}`, { key: param ? ws.apiKey : other.apiKey });
    expect(response.status).toBe(400);
    expect(response.body.error.param).toBe(param ?? "before");
  });

  it("lists a plugin's operations as functions, with strict-mode problems and unsupported ones explained", async () => {
    const response = await api("GET", "/plugins/weather/operations", { key: ws.apiKey });
    expect(response.status).toBe(200);
    const [forecast, upload] = response.body.data;
    expect(response.body).toMatchObject({ object: "list", first_id: "getForecast", last_id: "upload", has_more: false });
    expect(forecast).toMatchObject({
      object: "plugin.operation",
      name: "getForecast",
      method: "GET",
      path: "/cities/{city}/forecast",
      operation_id: "getForecast",
      description: "The forecast for a city.",
      unsupported: null,
      parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } }, required: ["city"], additionalProperties: false },
    });
    expect(forecast.strict_problems).toContainEqual(expect.objectContaining({ rule: "strict/required" }));
    expect(upload.unsupported).toContain("multipart/form-data");
    expect((await api("GET", "/plugins/weather/operations", { key: other.apiKey })).body.data.map((op: Json) => op.name)).toEqual(["getForecast", "upload"]);
    expect((await api("GET", "/plugins/notes/operations", { key: other.apiKey })).status).toBe(404);
  });
});

describe("updating plugins", () => {
  it("changes the name alone, keeping everything else", async () => {
    const before = await storedRow(ws.id, "weather");
    const updated = await api("POST", "/plugins/weather", { key: ws.apiKey, json: { name: "Weather 2" } });
    expect(updated.body).toMatchObject({ id: "weather", name: "Weather 2", description: "Forecasts", server_url: "https://eu.weather.example/v1", auth: { type: "service", bearer_token: maskSecret(BEARER) } });
    const after = await storedRow(ws.id, "weather");
    expect(after.secretCiphertext).toBe(before.secretCiphertext);
    expect(after.operations).toEqual(before.operations);
  });

  it("keeps the stored secret when its mask is sent back, and replaces it when a new one is", async () => {
    const before = await storedRow(ws.id, "weather");
    const kept = await api("POST", "/plugins/weather", { key: ws.apiKey, json: { auth: { type: "service", bearer_token: maskSecret(BEARER) } } });
    expect(kept.status).toBe(200);
    expect((await storedRow(ws.id, "weather")).secretCiphertext).toBe(before.secretCiphertext);
    const headerKept = await api("POST", "/plugins/notes", { key: ws.apiKey, json: { auth: { type: "service", header: { name: "X-Key", value: maskSecret(HEADER_VALUE) } } } });
    expect(headerKept.body.auth).toEqual({ type: "service", header: { name: "X-Key", value: maskSecret(HEADER_VALUE) } });
    const replaced = await api("POST", "/plugins/weather", { key: ws.apiKey, json: { auth: { type: "service", bearer_token: REPLACED } } });
    expectNoSecret(replaced);
    expect(replaced.body.auth).toEqual({ type: "service", bearer_token: maskSecret(REPLACED) });
    expect(open((await storedRow(ws.id, "weather")).secretCiphertext, inject("secret"), `plugin:${ws.id}:weather`)).toBe(REPLACED);
  });

  it("replaces the document: operations derived again, a server URL that was the document's follows it", async () => {
    const updated = await api("POST", "/plugins/weather", { key: ws.apiKey, json: { openapi: notesDocument("https://weather.example/v3") } });
    expect(updated.body).toMatchObject({ server_url: "https://weather.example/v3", openapi: notesDocument("https://weather.example/v3") });
    const operations = await api("GET", "/plugins/weather/operations", { key: ws.apiKey });
    expect(operations.body.data.map((op: Json) => op.name)).toEqual(["createNote"]);
    expect(operations.body.data[0].parameters).toMatchObject({ properties: { text: { type: "string" }, pinned: { type: ["boolean", "null"] } }, required: ["text"] });
    expect((await storedRow(ws.id, "weather")).openapiText).toBeNull();
    // An explicit server_url stays with a new document; null goes back to the document's.
    const notes = await api("POST", "/plugins/notes", { key: ws.apiKey, json: { openapi: notesDocument("https://elsewhere.example") } });
    expect(notes.body.server_url).toBe("https://notes.example/v2");
    const reset = await api("POST", "/plugins/notes", { key: ws.apiKey, json: { server_url: null } });
    expect(reset.body.server_url).toBe("https://elsewhere.example");
  });

  it("sets which operations ask for approval, listed per operation; a bad policy is refused naming it", async () => {
    // The plugin's document now has one operation, createNote (the test above replaced it).
    const updated = await api("POST", "/plugins/weather", { key: ws.apiKey, json: { require_approval: { never: { tool_names: ["other"] } } } });
    expect(updated.status).toBe(200);
    expect(updated.body.require_approval).toEqual({ never: { tool_names: ["other"] } });
    const operations = (await api("GET", "/plugins/weather/operations", { key: ws.apiKey })).body.data as Json[];
    // A per-operation policy: what it lists under never runs freely; what it lists nowhere asks.
    expect(operations.map((operation) => [operation.name, operation.require_approval])).toEqual([["createNote", true]]);
    const refused = await api("POST", "/plugins/weather", { key: ws.apiKey, json: { require_approval: "sometimes" } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.param).toBe("require_approval");
    const back = await api("POST", "/plugins/weather", { key: ws.apiKey, json: { require_approval: "never" } });
    expect(back.body.require_approval).toBe("never");
    expect(((await api("GET", "/plugins/weather/operations", { key: ws.apiKey })).body.data as Json[]).every((operation) => operation.require_approval === false)).toBe(true);
  });

  it("removes the secret when auth becomes none", async () => {
    const updated = await api("POST", "/plugins/weather", { key: ws.apiKey, json: { auth: { type: "none" } } });
    expect(updated.body.auth).toEqual({ type: "none" });
    expect(await storedRow(ws.id, "weather")).toMatchObject({ authType: "none", secretCiphertext: null, secretHint: null });
    const audit = await provision((lib) => lib.db.getDb().auditEvent.findFirst({ where: { workspaceId: ws.id, targetId: "weather", action: "plugin.updated" }, orderBy: { createdAt: "desc" } }));
    expect(audit?.details).toEqual({ fields: ["auth"], secret: "removed" });
  });
});

describe("bad input writes nothing", () => {
  const VALID = { id: "fresh", name: "Fresh", openapi: notesDocument() };

  it.each([
    ["an id with capitals", { ...VALID, id: "Fresh" }, 400, "id"],
    ["an id over 64 characters", { ...VALID, id: "a".repeat(65) }, 400, "id"],
    ["a built-in tool type as id", { ...VALID, id: "code_interpreter" }, 400, "id"],
    ["mcp as id", { ...VALID, id: "mcp" }, 400, "id"],
    ["a taken id", { ...VALID, id: "notes" }, 409, "id"],
    ["no name", { id: "fresh", openapi: notesDocument() }, 400, "name"],
    ["no document", { id: "fresh", name: "x" }, 400, "openapi"],
    ["a document that is a number", { ...VALID, openapi: 42 }, 400, "openapi"],
    ["YAML that does not parse", { ...VALID, openapi: "openapi: 3.1.0\npaths: [oops\n" }, 400, "openapi"],
    ["Swagger 2.0", { ...VALID, openapi: { swagger: "2.0", info: { title: "x", version: "1" }, paths: {} } }, 400, "openapi.swagger"],
    ["an invalid document", { ...VALID, openapi: { openapi: "3.1.0", info: { title: "x" }, paths: {} } }, 400, "openapi"],
    ["a broken local $ref", { ...VALID, openapi: { ...notesDocument(), components: { schemas: { Note: { $ref: "#/components/schemas/Gone" } } } } }, 400, "openapi"],
    ["a remote $ref", { ...VALID, openapi: { ...notesDocument(), components: { schemas: { Note: { $ref: "https://schemas.example/note.json" } } } } }, 400, "openapi.components.schemas.Note.$ref"],
    ["a metadata address as server", { ...VALID, server_url: "http://169.254.169.254/latest" }, 400, "server_url"],
    ["a loopback server not allowed", { ...VALID, server_url: "http://127.0.0.1:5432" }, 400, "server_url"],
    ["a server URL with a query", { ...VALID, server_url: "https://notes.example/v1?key=x" }, 400, "server_url"],
    ["a document whose server is private", { ...VALID, openapi: notesDocument("https://10.0.0.7/api") }, 400, "server_url"],
    ["no server at all", { ...VALID, openapi: { ...notesDocument(), servers: [{ url: "/relative" }] } }, 400, "server_url"],
    ["both a bearer token and a header", { ...VALID, auth: { type: "service", bearer_token: "t", header: { name: "X-K", value: "v" } } }, 400, "auth.bearer_token"],
    ["a service auth without a secret", { ...VALID, auth: { type: "service" } }, 400, "auth.bearer_token"],
    ["a masked token with nothing stored", { ...VALID, auth: { type: "service", bearer_token: "****abcd" } }, 400, "auth.bearer_token"],
    ["an Authorization header", { ...VALID, auth: { type: "service", header: { name: "Authorization", value: "v" } } }, 400, "auth.header.name"],
    ["an unknown auth type", { ...VALID, auth: { type: "oauth" } }, 400, "auth.type"],
    ["an unknown field", { ...VALID, allowed_tools: ["x"] }, 400, "allowed_tools"],
    ["a bad approval policy", { ...VALID, require_approval: "sometimes" }, 400, "require_approval"],
    ["a NUL in the document", { ...VALID, openapi: { ...notesDocument(), info: { title: "a\u0000b", version: "1" } } }, 400, "openapi.info.title"],
    ["a NUL in the document's text", { ...VALID, openapi: 'openapi: "3.1.0"\ninfo: { title: "a\\0b", version: "1" }\n' }, 400, "openapi.info.title"],
  ])("refuses a create with %s, writing nothing", async (_case, body, status, param) => {
    const [ids, audits] = [await listIds(), await auditCount(ws.id)];
    const response = await create(body);
    expect(response.status).toBe(status);
    expect(response.body.error.param).toBe(param);
    expect(await listIds()).toEqual(ids);
    expect(await auditCount(ws.id)).toBe(audits);
  });

  it.each([
    ["a new id", { id: "renamed" }, 400, "id"],
    ["an invalid document", { openapi: { openapi: "3.1.0" } }, 400, "openapi"],
    ["a document with a remote $ref", { openapi: { ...notesDocument(), paths: { "/a": { $ref: "http://127.0.0.1/paths.json" } } } }, 400, "openapi.paths./a.$ref"],
    ["a refused server", { server_url: "http://localhost:8080" }, 400, "server_url"],
    ["an empty name", { name: "" }, 400, "name"],
    ["a masked header for a bearer token", { auth: { type: "service", header: { name: "X-K", value: "****" } } }, 400, "auth.header.value"],
  ])("refuses an update with %s, writing nothing", async (_case, body, status, param) => {
    const [before, audits] = [await storedRow(ws.id, "crm"), await auditCount(ws.id)];
    const response = await api("POST", "/plugins/crm", { key: ws.apiKey, json: body });
    expect(response.status).toBe(status);
    expect(response.body.error.param).toBe(param);
    expect(await storedRow(ws.id, "crm")).toEqual(before);
    expect(await auditCount(ws.id)).toBe(audits);
  });

  it("an update or delete of a plugin that is not there is a 404 naming it", async () => {
    for (const [method, json] of [["POST", { name: "x" }], ["DELETE", undefined]] as const) {
      const response = await api(method, "/plugins/ghost", { key: ws.apiKey, json });
      expect(response.status).toBe(404);
      expect(response.body.error.message).toContain("ghost");
    }
  });

  it("a key of another workspace cannot change this workspace's plugin", async () => {
    expect((await api("POST", "/plugins/crm", { key: other.apiKey, json: { name: "theirs" } })).status).toBe(404);
    expect((await storedRow(ws.id, "crm")).name).toBe("CRM");
  });
});

describe("deleting plugins", () => {
  it("deletes one, which is then gone; the other workspace's of the same id stays", async () => {
    const deleted = await api("DELETE", "/plugins/weather", { key: ws.apiKey });
    expect(deleted.body).toEqual({ id: "weather", object: "plugin.deleted", deleted: true });
    expect((await api("GET", "/plugins/weather", { key: ws.apiKey })).status).toBe(404);
    expect((await api("DELETE", "/plugins/weather", { key: ws.apiKey })).status).toBe(404);
    expect(await listIds()).toEqual(["crm", "notes"]);
    expect((await api("GET", "/plugins/weather", { key: other.apiKey })).status).toBe(200);
    const audit = await provision((lib) => lib.db.getDb().auditEvent.findFirst({ where: { workspaceId: ws.id, targetId: "weather", action: "plugin.deleted" } }));
    expect(audit?.targetLabel).toBe("Weather 2");
  });
});
