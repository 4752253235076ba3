// The floor under Atelier's API: a plain node:http server that answers the three benchmarked
// endpoints with the same SQL (lib/ and bare-sql.ts) through a `pg` Pool of the app's size, the same zod
// validation and the same JSON objects (lib/assistants/wire.ts), but without Next or Prisma.
// `npm run bench:api` starts it in a child process of its own, like `next start`, so both servers
// get one event loop and compete with the load generator and Postgres on equal terms.
//
// Run: node --conditions=react-server --import tsx scripts/bench/bare-server.ts
// Env: DATABASE_URL (required), DATABASE_POOL_SIZE (default 10, as lib/env.ts), PORT (0 = any free port).
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { errorBody } from "@/lib/api/respond";
import { assistantCreateSchema, type AssistantCreateInput } from "@/lib/assistants/schema";
import { toAssistantObject } from "@/lib/assistants/wire";
import { toListObject } from "@/lib/wire";
// These two load Prisma's modules (through lib/db.ts) but the bare server never calls Prisma: it
// imports them only for the SQL text and the key hash, so both servers send identical statements.
import { SELECT_ASSISTANT_BY_ID_SQL, SELECT_ASSISTANTS_SQL } from "@/lib/assistants/queries";
import { API_KEY_LOOKUP_SQL, hashKey } from "@/lib/auth/api-keys";
import { AppError, notFound } from "@/lib/errors";
import { ID_PREFIXES, newId } from "@/lib/ids";
import type { Assistant } from "@/lib/generated/prisma/client";
import { keysetSql, listQuerySchema, toPage } from "@/lib/pagination";
import { parseOrThrow } from "@/lib/validation";
import { ASSISTANT_COLUMNS, SQL_INSERT_AUDIT_EVENT, SQL_KEY_TOUCH, sqlInsertAssistant } from "./bare-sql";

const MAX_BODY_BYTES = 1024 * 1024;
const LAST_USED_RESOLUTION_MS = 60_000;
const BEARER = /^Bearer\s+(\S+)\s*$/i;


type Row = Record<(typeof ASSISTANT_COLUMNS)[number], unknown>;

/** pg row (snake_case, pg's default type parsers) → the row shape toAssistantObject takes. */
function toAssistant(row: Row): Assistant {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    description: row.description,
    model: row.model,
    instructions: row.instructions,
    temperature: row.temperature,
    topP: row.top_p,
    topK: row.top_k,
    maxTokens: row.max_tokens,
    reasoningEffort: row.reasoning_effort,
    tools: row.tools,
    toolResources: row.tool_resources,
    metadata: row.metadata,
    responseFormat: row.response_format,
    userId: row.user_id,
    webhookUrl: row.webhook_url,
    mockOutputs: row.mock_outputs,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  } as Assistant;
}

/** Same work as lib/auth/api-keys.ts resolveApiKey for a regular key: one indexed lookup. */
type KeyOwner = { workspaceId: string; keyId: string; keyName: string };

async function authenticate(pool: pg.Pool, header: string | undefined): Promise<KeyOwner> {
  const match = header ? BEARER.exec(header) : null;
  if (!match) throw new AppError("unauthorized", "Missing or malformed Authorization header.", { apiCode: "missing_api_key" });
  const { rows } = await pool.query({ name: "api_key_by_hash", text: API_KEY_LOOKUP_SQL, values: [hashKey(match[1]!)] });
  const row = rows[0] as { id: string; workspaceId: string; name: string; revokedAt: Date | null; lastUsedAt: Date | null } | undefined;
  if (!row || row.revokedAt) throw new AppError("unauthorized", "Incorrect API key provided.", { apiCode: "invalid_api_key" });
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    pool.query(SQL_KEY_TOUCH, [new Date(now).toISOString(), row.id]).catch(() => {});
  }
  return { workspaceId: row.workspaceId, keyId: row.id, keyName: row.name };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw new AppError("payload_too_large", "The request body is too large.");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(request.headers["content-type"] ?? "")) {
    throw new AppError("unsupported_media_type", "Send the request body as application/json.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_request", "We could not parse the JSON body of your request.", { apiCode: "invalid_json" });
  }
}

async function retrieve(pool: pg.Pool, workspaceId: string, id: string): Promise<unknown> {
  const { rows } = await pool.query<Assistant>({ name: "assistant_by_id", text: SELECT_ASSISTANT_BY_ID_SQL, values: [id, workspaceId] });
  if (!rows[0]) throw notFound("assistant", id);
  return toAssistantObject(rows[0]);
}

/** Every list shape, with the keyset clause Atelier builds (lib/pagination.ts). */
async function list(pool: pg.Pool, workspaceId: string, searchParams: URLSearchParams): Promise<unknown> {
  const query = parseOrThrow(listQuerySchema, Object.fromEntries(searchParams));
  const { clause, params, reversed } = keysetSql(query, ID_PREFIXES.assistant, 2);
  const { rows } = await pool.query<Assistant>(`${SELECT_ASSISTANTS_SQL} WHERE workspace_id = $1 ${clause}`, [workspaceId, ...params]);
  return toListObject(toPage(rows, query.limit, reversed), toAssistantObject);
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** Columns and values in schema order, as Prisma's create sends them (defaults filled client-side). */
function insertValues(workspaceId: string, input: AssistantCreateInput): { columns: string[]; values: unknown[] } {
  const createdAt = new Date();
  const byColumn: Record<string, unknown> = {
    id: newId(ID_PREFIXES.assistant, createdAt),
    workspace_id: workspaceId,
    name: input.name,
    description: input.description,
    model: input.model,
    instructions: input.instructions,
    temperature: input.temperature,
    top_p: input.top_p,
    top_k: input.top_k,
    max_tokens: input.max_tokens,
    reasoning_effort: input.reasoning_effort,
    tools: json(input.tools ?? []),
    tool_resources: json(input.tool_resources ?? {}),
    metadata: json(input.metadata ?? {}),
    response_format: input.response_format === undefined ? undefined : json(input.response_format),
    user_id: input.user_id,
    webhook_url: input.webhook_url,
    mock_outputs: input.mock_outputs === undefined ? undefined : json(input.mock_outputs ?? {}),
    version: 1,
    created_at: createdAt.toISOString(),
    updated_at: new Date().toISOString(),
  };
  const columns = ASSISTANT_COLUMNS.filter((column) => byColumn[column] !== undefined);
  return { columns, values: columns.map((column) => byColumn[column]) };
}

/** As Atelier's createAssistant: the row and its activity-log event in one transaction. */
async function create(pool: pg.Pool, owner: KeyOwner, request: IncomingMessage): Promise<unknown> {
  const input = parseOrThrow(assistantCreateSchema, await readJson(request));
  const { columns, values } = insertValues(owner.workspaceId, input);
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query(sqlInsertAssistant(columns), values);
    const row = rows[0] as Row;
    await client.query(SQL_INSERT_AUDIT_EVENT, [
      newId(ID_PREFIXES.auditEvent),
      owner.workspaceId,
      "api_key",
      owner.keyId,
      `API key “${owner.keyName}”`,
      "assistant.created",
      "assistant",
      row.id,
      row.name,
      new Date().toISOString(),
    ]);
    await client.query("COMMIT");
    return toAssistantObject(toAssistant(row));
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function route(pool: pg.Pool, request: IncomingMessage): Promise<unknown> {
  const url = new URL(request.url ?? "/", "http://bare");
  const owner = await authenticate(pool, request.headers.authorization);
  if (url.pathname === "/api/v1/assistants") {
    if (request.method === "GET") return list(pool, owner.workspaceId, url.searchParams);
    if (request.method === "POST") return create(pool, owner, request);
  }
  const one = /^\/api\/v1\/assistants\/([^/]+)$/.exec(url.pathname);
  if (one && request.method === "GET") return retrieve(pool, owner.workspaceId, decodeURIComponent(one[1]!));
  throw new AppError("not_found", `Invalid URL (${request.method} ${url.pathname})`, { apiCode: "unknown_url" });
}

function send(response: ServerResponse, status: number, body: unknown, requestId: string): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "x-request-id": requestId, "content-length": Buffer.byteLength(text) });
  response.end(text);
}

export async function startBareServer(opts: { databaseUrl: string; poolSize: number; port: number }) {
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize });
  // An idle connection that dies (the database dropped WITH (FORCE) at clean-up) must not crash the
  // process; the pool replaces it on the next query.
  pool.on("error", () => {});
  const server = createServer((request, response) => {
    const requestId = `req_${randomUUID().replaceAll("-", "")}`;
    route(pool, request).then(
      (body) => send(response, 200, body, requestId),
      (error: unknown) => {
        // autocannon hangs up mid-request when a run ends; nothing to answer or report.
        if (request.destroyed && !(error instanceof AppError)) return;
        const appError = error instanceof AppError ? error : new AppError("internal", `Internal error (${requestId}).`);
        if (!(error instanceof AppError)) console.error(error);
        send(response, appError.status, errorBody(appError), requestId);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(opts.port, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

// As a child process: report the port over IPC (or stdout), stop on SIGTERM/SIGINT or when the parent goes.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set");
  const server = await startBareServer({
    databaseUrl,
    poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    port: Number(process.env.PORT ?? 0),
  });
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.on("disconnect", stop);
  if (process.send) process.send({ ready: true, port: server.port });
  else console.log(`bare server listening on http://127.0.0.1:${server.port}`);
}
