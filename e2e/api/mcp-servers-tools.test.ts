import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";
import { expectMatchesContract, expectMatchesSchema, operationIdFor } from "../support/contract";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { plant, secretValue } from "./support/planted";
import type { Json } from "./support/http";
import { maskSecret } from "@/lib/assistants/secrets";
import { startMcpFixture, type McpFixture } from "../../scripts/tool-fixtures/mcp-server";

// GET /v1/mcp_servers/{id}/tools against a real MCP server (the fixture, built with the official
// SDK, on 127.0.0.1), on an app server of this file's own that may call 127.0.0.1
// (ATELIER_TOOL_ALLOWED_HOSTS; the shared one may not) with a 1 s tool timeout: the live listing
// with what runs will make of each tool, the token and headers reaching the fixture and nothing of
// Atelier's (its API key, the caller's cookie), the listing kept as the server's cache, and every
// way a server can fail as a 502 that says why without a secret.

const planted = (name: string, label: string) => {
  const value = secretValue(label);
  return plant({ name, value, evidence: [maskSecret(value)] });
};
const TOKEN = planted("an MCP server's bearer token (live)", "mcp-live-token");
const HEADER_VALUE = planted("an MCP server's header value (live)", "mcp-live-header");
const COOKIE = secretValue("caller-cookie");

let db: TestDatabase;
let app: AppServer;
let fixture: McpFixture;
let silent: Server;
let serverId: string;
let closedPort: number;

beforeAll(async () => {
  [db, fixture] = await Promise.all([createTestDatabase("mcp-servers-tools"), startMcpFixture({ token: TOKEN })]);
  // A server that accepts connections and never answers.
  silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", () => resolve()));
  // A port that was free a moment ago: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  app = await startAppServer({ databaseUrl: db.url, embedded: db.embedded, env: { ATELIER_TOOL_ALLOWED_HOSTS: "127.0.0.1", ATELIER_TOOL_TIMEOUT_SECONDS: "1" } });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
  await fixture?.close();
  silent?.closeAllConnections();
  silent?.close();
});

/** A request to this file's server with its admin key, the body checked against the contract as `api()` does. */
async function call(method: string, path: string, json?: unknown): Promise<{ status: number; body: Json; text: string }> {
  const response = await fetch(`${app.baseURL}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${app.adminKey}`, cookie: `tracking=${COOKIE}`, ...(json !== undefined && { "content-type": "application/json" }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const text = await response.text();
  const body = JSON.parse(text) as Json;
  if (response.status >= 400) expectMatchesSchema("ErrorResponse", body);
  else expectMatchesContract(operationIdFor(method, path)!, response.status, body);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(HEADER_VALUE);
  return { status: response.status, body, text };
}

/** The cached listing, read from the database (no API shows it); null on the embedded database, whose one connection the app holds. */
async function cachedTools(id: string): Promise<{ tools: Json; tools_fetched_at: Date | null } | null> {
  if (db.embedded) return null;
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query("SELECT tools, tools_fetched_at FROM mcp_servers WHERE id = $1", [id])).rows[0];
  } finally {
    await client.end();
  }
}

describe("listing an MCP server's tools", () => {
  it("asks the server live, with its token and headers and nothing of Atelier's, and says what runs will make of each tool", async () => {
    const created = await call("POST", "/mcp_servers", {
      server_label: "fixture",
      server_url: fixture.url,
      authorization: TOKEN,
      headers: { "X-Team": HEADER_VALUE },
      allowed_tools: ["add", "echo", "fail"],
      require_approval: { never: { tool_names: ["add"] }, always: { tool_names: ["fail"] } },
    });
    expect(created.status).toBe(200);
    expect(created.body.authorization).toBe(maskSecret(TOKEN));
    serverId = created.body.id;

    const listed = await call("GET", `/mcp_servers/${serverId}/tools`);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ object: "list", first_id: "add", last_id: "fail", has_more: false });
    const byName = Object.fromEntries((listed.body.data as Json[]).map((tool) => [tool.name, tool]));
    expect(Object.keys(byName)).toEqual(["add", "echo", "slow", "fail"]);
    expect(byName.add).toEqual({
      object: "mcp_server.tool",
      name: "add",
      title: "Add",
      description: "Adds two numbers.",
      input_schema: { type: "object", properties: { a: { type: "number", description: "The first number." }, b: { type: "number", description: "The second number." } }, required: ["a", "b"] },
      annotations: { readOnlyHint: true },
      allowed: true,
      require_approval: false,
      strict_problems: [expect.objectContaining({ rule: "strict/additional-properties" })],
    });
    expect(byName.echo).toMatchObject({ allowed: true, require_approval: true });
    expect(byName.echo.strict_problems.map((problem: Json) => problem.rule)).toContain("strict/required");
    expect(byName.slow).toMatchObject({ allowed: false, require_approval: true });
    expect(byName.fail).toMatchObject({ allowed: true, require_approval: true });

    expect(fixture.requests.length).toBeGreaterThan(0);
    for (const request of fixture.requests) {
      expect(request.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, "x-team": HEADER_VALUE });
      expect(request.headers.cookie).toBeUndefined();
      expect(JSON.stringify(request.headers)).not.toContain(app.adminKey);
      expect(JSON.stringify(request.headers)).not.toContain(COOKIE);
    }
  });

  it("keeps the listing as the server's cache, with its time, without changing updated_at", async () => {
    const cache = await cachedTools(serverId);
    if (cache) {
      expect((cache.tools as Json[]).map((tool) => tool.name)).toEqual(["add", "echo", "slow", "fail"]);
      expect(cache.tools_fetched_at!.getTime()).toBeGreaterThan(Date.now() - 60_000);
    }
    const server = await call("GET", `/mcp_servers/${serverId}`);
    expect(server.body.updated_at).toBe(server.body.created_at);
  });

  it("a wrong token: 502 saying the server answered 401, without the token; new secrets drop the cache", async () => {
    const wrong = secretValue("wrong-token");
    expect((await call("POST", `/mcp_servers/${serverId}`, { authorization: wrong })).status).toBe(200);
    if (!db.embedded) expect(await cachedTools(serverId)).toEqual({ tools: null, tools_fetched_at: null });
    const listed = await call("GET", `/mcp_servers/${serverId}/tools`);
    expect(listed.status).toBe(502);
    expect(listed.body.error).toEqual({
      type: "server_error",
      code: "mcp_server_unreachable",
      param: null,
      message: "MCP server 'fixture' could not be reached: The server answered HTTP 401 (check its authorization token and headers).",
    });
    expect(listed.text).not.toContain(wrong);
  });

  it.each([
    ["nothing listens", () => `http://127.0.0.1:${closedPort}/mcp`, /The connection was refused: nothing listens at that address and port\./],
    ["a port fetch never connects to", () => "http://127.0.0.1:9/mcp", /The URL's port is one fetch never connects to/],
    ["the server never answers", () => `http://127.0.0.1:${(silent.address() as AddressInfo).port}/mcp`, /The server did not answer within 1 s\./],
    ["a page that is not an MCP endpoint", () => fixture.url.replace(/\/mcp$/, "/nope"), /answered HTTP 404 \(is this the server's MCP endpoint\?\)/],
  ])("%s: 502 saying so", async (_case, url, message) => {
    const created = await call("POST", "/mcp_servers", { server_label: `broken-${Math.random().toString(36).slice(2, 8)}`, server_url: url(), authorization: TOKEN });
    expect(created.status).toBe(200);
    const started = Date.now();
    const listed = await call("GET", `/mcp_servers/${created.body.id}/tools`);
    expect(listed.status).toBe(502);
    expect(listed.body.error.code).toBe("mcp_server_unreachable");
    expect(listed.body.error.message).toMatch(message);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("allowing 127.0.0.1 does not allow the metadata address", async () => {
    const refused = await call("POST", "/mcp_servers", { server_label: "metadata", server_url: "http://169.254.169.254/latest" });
    expect(refused.status).toBe(400);
    expect(refused.body.error.param).toBe("server_url");
  });

  it("leaves no secret in the server's log", async () => {
    const log = await readFile(app.logFile, "utf8");
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain(HEADER_VALUE);
  });
});
