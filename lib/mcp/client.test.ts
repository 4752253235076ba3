import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeMcpError, listMcpTools, McpUnreachable, type McpClientOptions } from "@/lib/mcp/client";
import { startMcpFixture, type McpFixture } from "@/scripts/tool-fixtures/mcp-server";

// The MCP client against the fixture server on loopback: the outbound rules apply before connecting
// and after DNS, the server's headers arrive and nothing else of Atelier's does, and every failure
// is a sentence that names no secret.

const TOKEN = "mcp-client-test-token-0123456789";
const LOOPBACK: McpClientOptions = { allowed: ["127.0.0.1"], timeoutMs: 5000 };

let fixture: McpFixture;
let servers: Server[] = [];
beforeAll(async () => {
  fixture = await startMcpFixture({ token: TOKEN });
});
afterAll(async () => {
  await fixture.close();
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  servers = [];
});

/** A plain HTTP server on loopback answering every request with `handler`. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(McpUnreachable);
  const message = (error as Error).message;
  expect(message).not.toContain(TOKEN);
  return message;
};

describe("listMcpTools", () => {
  it("lists the server's tools with the server's headers and no cookie", async () => {
    const before = fixture.requests.length;
    const tools = await listMcpTools({ url: fixture.url, headers: { Authorization: `Bearer ${TOKEN}`, "X-Team": "blue" } }, LOOPBACK);
    expect(tools.map((tool) => tool.name)).toEqual(["add", "echo", "slow", "fail"]);
    expect(tools[0]).toMatchObject({ title: "Add", description: "Adds two numbers.", annotations: { readOnlyHint: true }, inputSchema: { type: "object", required: ["a", "b"] } });
    expect(tools[3]).toMatchObject({ title: null, annotations: null });
    const seen = fixture.requests.slice(before);
    expect(seen.length).toBeGreaterThan(0);
    for (const request of seen) {
      expect(request.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, "x-team": "blue", "user-agent": "Atelier-MCP/1" });
      expect(request.headers.cookie).toBeUndefined();
    }
  });

  it("refuses a loopback server that is not allowed, before sending anything", async () => {
    const before = fixture.requests.length;
    const message = await failure(listMcpTools({ url: fixture.url, headers: {} }, { ...LOOPBACK, allowed: [] }));
    expect(message).toMatch(/^Refused by the outbound rules: Only https URLs/);
    expect(fixture.requests.length).toBe(before);
  });

  it("refuses a name that resolves to a private address (checked after DNS)", async () => {
    const message = await failure(listMcpTools({ url: `https://localhost:${fixture.port}/mcp`, headers: {} }, { ...LOOPBACK, allowed: [] }));
    expect(message).toMatch(/^Refused by the outbound rules: localhost resolves to .*not a public address/);
  });

  it("says the server answered 401 when the token is wrong, without the token", async () => {
    const message = await failure(listMcpTools({ url: fixture.url, headers: { Authorization: "Bearer wrong-token" } }, LOOPBACK));
    expect(message).toBe("The server answered HTTP 401 (check its authorization token and headers).");
  });

  it("takes the server's secrets out of a message that would carry them", async () => {
    const url = await serve((req, res) => res.writeHead(200, { "content-type": "application/json" }).end(`{"echo": "${req.headers.authorization}"`));
    const message = await failure(listMcpTools({ url, headers: { Authorization: `Bearer ${TOKEN}` } }, LOOPBACK));
    expect(message).toMatch(/^The server did not answer as an MCP server/);
    const echoed = describeMcpError(new Error(`unexpected token in {"echo": "Bearer ${TOKEN}"}`), { seconds: 1, timedOut: false, secrets: [`Bearer ${TOKEN}`, "team-secret"] });
    expect(echoed).toBe('The server did not answer as an MCP server (streamable HTTP): unexpected token in {"echo": "****"}');
  });

  it("gives up after the timeout", async () => {
    const url = await serve(() => {}); // never answers
    const started = Date.now();
    const message = await failure(listMcpTools({ url, headers: {} }, { ...LOOPBACK, timeoutMs: 300 }));
    expect(message).toBe("The server did not answer within 0.3 s.");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("does not follow a redirect to another origin", async () => {
    const url = await serve((_req, res) => res.writeHead(307, { location: "http://127.0.0.1:5432/mcp" }).end());
    const message = await failure(listMcpTools({ url, headers: {} }, LOOPBACK));
    expect(message).toMatch(/redirect, which Atelier does not follow: Redirect to http:\/\/127\.0\.0\.1:5432\/mcp not followed/);
  });

  it("says so for a port fetch refuses", async () => {
    const message = await failure(listMcpTools({ url: "http://127.0.0.1:9/mcp", headers: {} }, LOOPBACK));
    expect(message).toBe("The URL's port is one fetch never connects to (a blocked port); use another.");
  });

  it("says so when nothing listens", async () => {
    const url = await serve(() => {});
    servers.at(-1)!.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const message = await failure(listMcpTools({ url, headers: {} }, LOOPBACK));
    expect(message).toBe("The connection was refused: nothing listens at that address and port.");
  });
});
