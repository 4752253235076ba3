// A small MCP server (streamable HTTP, built with the official SDK) for tests that need a real one:
// the MCP registry's tool listing now, runs calling MCP tools next. It listens on 127.0.0.1 at a free
// port, is stateless (one McpServer and transport per request, the SDK's stateless pattern), and
// records every request's method, path and headers so tests can assert what Atelier sent (the
// bearer token) and what it did not (cookies).
//
//   npx tsx scripts/tool-fixtures/mcp-server.ts [--port 4020] [--token SECRET]
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

export type FixtureRequest = { method: string; path: string; headers: IncomingHttpHeaders };

export type McpFixture = {
  /** The MCP endpoint, e.g. http://127.0.0.1:43123/mcp. */
  url: string;
  port: number;
  /** Every request, in arrival order (refused ones included). */
  requests: FixtureRequest[];
  close(): Promise<void>;
};

export type McpFixtureOptions = {
  port?: number;
  /** When set, requests need `Authorization: Bearer <token>` (401 otherwise). */
  token?: string;
};

/** The tools the fixture offers; `echo` has an optional argument, which strict mode objects to. */
export const MCP_FIXTURE_TOOLS = ["add", "echo", "slow", "fail"] as const;

function fixtureServer(): McpServer {
  const server = new McpServer({ name: "atelier-fixture", version: "1.0.0" });
  server.registerTool(
    "add",
    { title: "Add", description: "Adds two numbers.", inputSchema: { a: z.number().describe("The first number."), b: z.number().describe("The second number.") }, annotations: { readOnlyHint: true } },
    async ({ a, b }) => ({ content: [{ type: "text", text: String(a + b) }] }),
  );
  server.registerTool(
    "echo",
    { description: "Returns the text it is given.", inputSchema: { text: z.string(), upper: z.boolean().optional().describe("Upper-case it.") } },
    async ({ text, upper }) => ({ content: [{ type: "text", text: upper ? text.toUpperCase() : text }] }),
  );
  server.registerTool("slow", { description: "Waits `ms` milliseconds, then answers.", inputSchema: { ms: z.number().int().min(0).max(600_000) } }, async ({ ms }, extra) => {
    // Aborted when the client gives up or the fixture closes, so no timer outlives a test.
    await sleep(ms, undefined, { signal: extra.signal }).catch(() => {});
    return { content: [{ type: "text", text: `waited ${ms} ms` }] };
  });
  server.registerTool("fail", { description: "Always fails.", inputSchema: {} }, async () => {
    throw new Error("the fixture's fail tool failed, as it always does");
  });
  return server;
}

async function handle(req: IncomingMessage, res: ServerResponse, token: string | undefined): Promise<void> {
  const path = new URL(req.url ?? "/", "http://fixture").pathname;
  if (path !== "/mcp") {
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
    return;
  }
  if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) {
    res.writeHead(401, { "content-type": "application/json", "www-authenticate": "Bearer" }).end(JSON.stringify({ error: "unauthorized" }));
    return;
  }
  const server = fixtureServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on("close", () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res);
}

export async function startMcpFixture(options: McpFixtureOptions = {}): Promise<McpFixture> {
  const requests: FixtureRequest[] = [];
  const http = createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: req.url ?? "", headers: { ...req.headers } });
    handle(req, res, options.token).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: String(error) }));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: "string", default: "4020" }, token: { type: "string" } } });
  const fixture = await startMcpFixture({ port: Number(values.port), token: values.token });
  console.log(`MCP fixture at ${fixture.url}${values.token ? " (bearer token required)" : ""}; tools: ${MCP_FIXTURE_TOOLS.join(", ")}`);
  const stop = () => void fixture.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
