import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { loadOpenApi } from "@/lib/plugins/openapi";
import { MCP_FIXTURE_TOOLS, startMcpFixture, type McpFixture } from "./mcp-server";
import { REDIRECT_TARGET, startOpenApiFixture, type OpenApiFixture } from "./openapi-server";

// The tool fixtures other tests rely on: they start on loopback, answer as documented, refuse what
// lacks their token, and record what they were sent.

describe("the MCP fixture", () => {
  let open: McpFixture;
  let guarded: McpFixture;
  beforeAll(async () => {
    [open, guarded] = await Promise.all([startMcpFixture(), startMcpFixture({ token: "fixture-token" })]);
  });
  afterAll(() => Promise.all([open.close(), guarded.close()]));

  const connect = async (url: string, headers: Record<string, string> = {}) => {
    const client = new Client({ name: "fixture-test", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
    return client;
  };

  it("lists its tools and runs them (add, echo, slow; fail as an error result)", async () => {
    expect(open.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = await connect(open.url);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual([...MCP_FIXTURE_TOOLS]);
      expect(tools[0]!.inputSchema).toMatchObject({ type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] });
      expect(await client.callTool({ name: "add", arguments: { a: 2, b: 40 } })).toMatchObject({ content: [{ type: "text", text: "42" }] });
      expect(await client.callTool({ name: "echo", arguments: { text: "hi", upper: true } })).toMatchObject({ content: [{ text: "HI" }] });
      expect(await client.callTool({ name: "slow", arguments: { ms: 20 } })).toMatchObject({ content: [{ text: "waited 20 ms" }] });
      const failed = await client.callTool({ name: "fail", arguments: {} });
      expect(failed.isError).toBe(true);
    } finally {
      await client.close();
    }
  });

  it("needs its token when it has one, and records every request's headers", async () => {
    await expect(connect(guarded.url)).rejects.toMatchObject({ code: 401 });
    const client = await connect(guarded.url, { Authorization: "Bearer fixture-token" });
    await client.close();
    const [refused, ...accepted] = guarded.requests;
    expect(refused).toMatchObject({ method: "POST", path: "/mcp" });
    expect(refused!.headers.authorization).toBeUndefined();
    expect(accepted.length).toBeGreaterThan(0);
    for (const request of accepted) {
      expect(request.headers.authorization).toBe("Bearer fixture-token");
      expect(request.headers.cookie).toBeUndefined();
    }
  });

  it("answers 404 off its endpoint", async () => {
    expect((await fetch(open.url.replace(/\/mcp$/, "/other"))).status).toBe(404);
  });
});

describe("the OpenAPI fixture", () => {
  let api: OpenApiFixture;
  let guarded: OpenApiFixture;
  beforeAll(async () => {
    [api, guarded] = await Promise.all([startOpenApiFixture(), startOpenApiFixture({ token: "api-token", header: { name: "X-Api-Key", value: "api-key" } })]);
  });
  afterAll(() => Promise.all([api.close(), guarded.close()]));

  it("serves its document, which the plugin loader accepts with every operation", async () => {
    const served = await fetch(`http://127.0.0.1:${api.port}/openapi.json`);
    expect(await served.text()).toBe(api.document);
    const loaded = await loadOpenApi(api.document);
    expect(loaded.server).toEqual({ url: api.url });
    expect(loaded.operations.map((operation) => [operation.name, operation.unsupported])).toEqual([
      ["getForecast", null],
      ["createNote", null],
      ["slow", null],
      ["fail", null],
      ["redirect", null],
      ["big", null],
    ]);
  });

  it("answers its operations", async () => {
    expect(await (await fetch(`${api.url}/forecast/Paris?days=2`)).json()).toMatchObject({ city: "Paris", days: 2, forecast: [{ day: 1 }, { day: 2 }] });
    const note = await fetch(`${api.url}/notes`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "hello" }) });
    expect(await note.json()).toEqual({ id: "note_1", text: "hello" });
    expect((await fetch(`${api.url}/notes`, { method: "POST", body: "{}" })).status).toBe(400);
    expect(await (await fetch(`${api.url}/slow?ms=10`)).json()).toEqual({ waited_ms: 10 });
    expect((await fetch(`${api.url}/fail`)).status).toBe(500);
    const redirect = await fetch(`${api.url}/redirect`, { redirect: "manual" });
    expect([redirect.status, redirect.headers.get("location")]).toEqual([302, REDIRECT_TARGET]);
    expect((await (await fetch(`${api.url}/big?kib=3`)).text()).length).toBe(3 * 1024);
    expect(api.requests.find((request) => request.method === "POST")).toMatchObject({ path: "/v1/notes", body: JSON.stringify({ text: "hello" }) });
  });

  it("needs its token and header when it has them (its document does not)", async () => {
    expect((await fetch(`${guarded.url}/fail`)).status).toBe(401);
    expect((await fetch(`${guarded.url}/fail`, { headers: { authorization: "Bearer api-token" } })).status).toBe(401);
    expect((await fetch(`${guarded.url}/fail`, { headers: { authorization: "Bearer api-token", "x-api-key": "api-key" } })).status).toBe(500);
    expect((await fetch(`http://127.0.0.1:${guarded.port}/openapi.json`)).status).toBe(200);
    expect(guarded.requests.at(-2)!.headers).toMatchObject({ authorization: "Bearer api-token", "x-api-key": "api-key" });
  });
});
