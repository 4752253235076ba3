// A small HTTP API described by an OpenAPI 3.1 document, for tests of plugins: registering one from
// its document, and runs calling its operations. It listens on 127.0.0.1 at a free port, serves its
// document at /openapi.json (servers[0] is the fixture itself), and records every request's method,
// path, headers and body so tests can assert what Atelier sent (its auth) and what it did not.
//
//   npx tsx scripts/tool-fixtures/openapi-server.ts [--port 4021] [--token SECRET]
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

export type ApiFixtureRequest = { method: string; path: string; headers: IncomingHttpHeaders; body: string };

export type OpenApiFixture = {
  /** The API's base URL (the document's first server), e.g. http://127.0.0.1:43123/v1. */
  url: string;
  port: number;
  /** The document as JSON text, with servers[0] pointing here. */
  document: string;
  /** Every request, in arrival order (refused ones included). */
  requests: ApiFixtureRequest[];
  close(): Promise<void>;
};

export type OpenApiFixtureOptions = {
  port?: number;
  /** When set, API calls need `Authorization: Bearer <token>` (401 otherwise). */
  token?: string;
  /** When set, API calls need this header (401 otherwise). */
  header?: { name: string; value: string };
};

/** Where GET /redirect sends callers unless `?to=` says otherwise: a loopback port no test listens on. */
export const REDIRECT_TARGET = "http://127.0.0.1:5432/";

/** The fixture's OpenAPI 3.1 document for a server at `serverUrl`, as JSON text. */
export function openApiFixtureDocument(serverUrl: string): string {
  const ok = (description: string) => ({ "200": { description, content: { "application/json": { schema: { type: "object" } } } } });
  const document = {
    openapi: "3.1.0",
    info: { title: "Atelier fixture API", version: "1.0.0" },
    servers: [{ url: serverUrl }],
    paths: {
      "/forecast/{city}": {
        get: {
          operationId: "getForecast",
          summary: "The weather forecast for a city.",
          parameters: [
            { name: "city", in: "path", required: true, schema: { type: "string" } },
            { name: "days", in: "query", schema: { type: "integer", minimum: 1, maximum: 14 } },
          ],
          responses: ok("The forecast."),
        },
      },
      "/notes": {
        post: {
          operationId: "createNote",
          summary: "Saves a note.",
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Note" } } } },
          responses: ok("The saved note."),
        },
      },
      "/slow": {
        get: { operationId: "slow", summary: "Answers after `ms` milliseconds.", parameters: [{ name: "ms", in: "query", required: true, schema: { type: "integer", minimum: 0 } }], responses: ok("Done.") },
      },
      "/fail": { get: { operationId: "fail", summary: "Always answers 500.", responses: { "500": { description: "Always." } } } },
      "/redirect": {
        get: {
          operationId: "redirect",
          summary: "Redirects (302) to another loopback port.",
          parameters: [{ name: "to", in: "query", schema: { type: "string" } }],
          responses: { "302": { description: "Somewhere else." } },
        },
      },
      "/big": {
        get: { operationId: "big", summary: "Answers `kib` KiB of text.", parameters: [{ name: "kib", in: "query", required: true, schema: { type: "integer", minimum: 1 } }], responses: ok("A lot.") },
      },
    },
    components: {
      schemas: { Note: { type: "object", required: ["text"], properties: { text: { type: "string" }, pinned: { type: "boolean" } } } },
    },
  };
  return JSON.stringify(document, null, 2);
}

const MAX_BODY_BYTES = 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error("body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function authorized(headers: IncomingHttpHeaders, options: OpenApiFixtureOptions): boolean {
  if (options.token !== undefined && headers.authorization !== `Bearer ${options.token}`) return false;
  if (options.header && headers[options.header.name.toLowerCase()] !== options.header.value) return false;
  return true;
}

async function route(url: URL, method: string, body: string, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const forecast = /^\/v1\/forecast\/([^/]+)$/.exec(url.pathname);
  if (method === "GET" && forecast) {
    const days = Number(url.searchParams.get("days") ?? "3");
    const city = decodeURIComponent(forecast[1]!);
    sendJson(res, 200, { city, days, forecast: Array.from({ length: days }, (_, day) => ({ day: day + 1, summary: day % 2 ? "rain" : "sun", high_c: 20 + day })) });
  } else if (method === "POST" && url.pathname === "/v1/notes") {
    let note: unknown;
    try {
      note = JSON.parse(body);
    } catch {
      return sendJson(res, 400, { error: "the body must be JSON" });
    }
    const text = (note as { text?: unknown } | null)?.text;
    if (typeof text !== "string") return sendJson(res, 400, { error: "text is required" });
    sendJson(res, 200, { id: "note_1", ...(note as object) });
  } else if (method === "GET" && url.pathname === "/v1/slow") {
    const ms = Number(url.searchParams.get("ms") ?? "0");
    // Cut short when the caller goes away, so no timer outlives a test.
    await sleep(ms, undefined, { signal }).catch(() => {});
    if (!res.destroyed) sendJson(res, 200, { waited_ms: ms });
  } else if (method === "GET" && url.pathname === "/v1/fail") {
    sendJson(res, 500, { error: "the fixture's fail operation failed, as it always does" });
  } else if (method === "GET" && url.pathname === "/v1/redirect") {
    res.writeHead(302, { location: url.searchParams.get("to") ?? REDIRECT_TARGET }).end();
  } else if (method === "GET" && url.pathname === "/v1/big") {
    const kib = Math.min(Number(url.searchParams.get("kib") ?? "1"), 64 * 1024);
    res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(kib * 1024));
  } else sendJson(res, 404, { error: `no operation ${method} ${url.pathname}` });
}

export async function startOpenApiFixture(options: OpenApiFixtureOptions = {}): Promise<OpenApiFixture> {
  const requests: ApiFixtureRequest[] = [];
  let document = "";
  const http = createServer((req, res) => {
    const closed = new AbortController();
    res.on("close", () => closed.abort());
    const handle = async () => {
      const body = await readBody(req);
      const method = req.method ?? "";
      requests.push({ method, path: req.url ?? "", headers: { ...req.headers }, body });
      const url = new URL(req.url ?? "/", "http://fixture");
      if (method === "GET" && url.pathname === "/openapi.json") {
        res.writeHead(200, { "content-type": "application/json" }).end(document);
        return;
      }
      if (!authorized(req.headers, options)) return sendJson(res, 401, { error: "unauthorized" });
      await route(url, method, body, res, closed.signal);
    };
    handle().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/v1`;
  document = openApiFixtureDocument(url);
  return {
    url,
    port,
    document,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: "string", default: "4021" }, token: { type: "string" } } });
  const fixture = await startOpenApiFixture({ port: Number(values.port), token: values.token });
  console.log(`OpenAPI fixture at ${fixture.url} (document: http://127.0.0.1:${fixture.port}/openapi.json)${values.token ? "; bearer token required" : ""}`);
  const stop = () => void fixture.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
