import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { isMaskedSecret, maskSecret } from "@/lib/assistants/secrets";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import { getDb, getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { Prisma, type McpServer } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, newId, timeFromId } from "@/lib/ids";
import { listMcpTools, McpUnreachable, type McpEndpoint, type McpToolInfo } from "@/lib/mcp/client";
import type { CreateMcpServerInput, RequireApproval, UpdateMcpServerInput } from "@/lib/mcp/schema";
import type { McpSecrets, McpServerRow } from "@/lib/mcp/wire";
import { keysetSql, toPage, type ListQuery, type Page } from "@/lib/pagination";
import { checkOutboundUrl, OutboundRefused } from "@/lib/security/outbound";
import { openSecret, SecretBoxError, sealSecret } from "@/lib/security/secret-box";
import { invalidParam } from "@/lib/validation";

// The only code that reads or writes the mcp_servers table. Every call is scoped to the caller's
// workspace, so another workspace's server is simply not found; writes need an editor. Server URLs
// are checked against the outbound rules and secrets sealed before the transaction that writes, so
// a bad request writes nothing. The bearer token and header values are sealed together, bound to
// the workspace and server id, and never leave: reads omit them and show their masks.

// What reads return: no secrets, no cached tool list.
const OMIT = { secretsCiphertext: true, tools: true, toolsFetchedAt: true } as const;

const COLUMNS = `id, server_label AS "serverLabel", server_url AS "serverUrl", description, secret_hints AS "secretHints",
  allowed_tools AS "allowedTools", require_approval AS "requireApproval", created_at AS "createdAt", updated_at AS "updatedAt"`;

const secretContext = (workspaceId: string, id: string) => `mcp:${workspaceId}:${id}`;

/** Strings that cannot be one of our server ids are not found without asking the database. */
function assertMcpServerId(id: string): void {
  if (!timeFromId(id, ID_PREFIXES.mcpServer)) throw notFound("MCP server", id);
}

async function storedServer(caller: Caller, id: string): Promise<McpServer> {
  assertMcpServerId(id);
  const row = await getDb().mcpServer.findFirst({ where: { id, workspaceId: caller.workspaceId } });
  if (!row) throw notFound("MCP server", id);
  return row;
}

export async function getMcpServer(caller: Caller, id: string): Promise<McpServerRow> {
  assertMcpServerId(id);
  const row = await getDb().mcpServer.findFirst({ where: { id, workspaceId: caller.workspaceId }, omit: OMIT });
  if (!row) throw notFound("MCP server", id);
  return row;
}

export async function listMcpServers(caller: Caller, query: ListQuery): Promise<Page<McpServerRow>> {
  const { clause, params, reversed } = keysetSql(query, ID_PREFIXES.mcpServer, 2);
  const { rows } = await getPool().query<McpServerRow>(`SELECT ${COLUMNS} FROM mcp_servers WHERE workspace_id = $1 ${clause}`, [caller.workspaceId, ...params]);
  return toPage(rows, query.limit, reversed);
}

/** A server URL as saved: absolute, no fragment, and allowed by the outbound rules (names resolve at call time). */
function checkServerUrl(url: string): string {
  const refuse = (reason: string) => invalidParam("server_url", `Invalid 'server_url': ${reason}`);
  let parsed: URL;
  try {
    parsed = checkOutboundUrl(url, getEnv().ATELIER_TOOL_ALLOWED_HOSTS);
  } catch (error) {
    if (!(error instanceof OutboundRefused)) throw error;
    throw refuse(error.message);
  }
  if (parsed.hash) throw refuse("The URL may not have a fragment.");
  return url;
}

function openSecrets(row: Pick<McpServer, "workspaceId" | "id" | "serverLabel" | "secretsCiphertext">): McpSecrets {
  if (!row.secretsCiphertext) return { authorization: null, headers: {} };
  try {
    return JSON.parse(openSecret(row.secretsCiphertext, secretContext(row.workspaceId, row.id))) as McpSecrets;
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    throw new AppError("internal", `The stored secrets of MCP server '${row.serverLabel}' cannot be decrypted (was ATELIER_SECRET changed?). Enter its authorization and headers again.`, { cause: error });
  }
}

type SecretChange = "set" | "kept" | "removed" | "none";
type SecretColumns = { secretsCiphertext: string | null; secretHints: Prisma.InputJsonValue | typeof Prisma.DbNull };

/**
 * The secret columns for what the request says: an omitted field keeps what is stored, null removes
 * it, a masked value (`****abcd`, as the API shows it) keeps the stored value it stands for, and
 * `headers` is the whole set (a header left out is removed).
 */
function secretColumns(input: Pick<CreateMcpServerInput, "authorization" | "headers">, stored: McpServer | null, context: string): { columns: SecretColumns | null; change: SecretChange } {
  const had = stored?.secretsCiphertext ? openSecrets(stored) : { authorization: null, headers: {} };
  const hadAny = had.authorization !== null || Object.keys(had.headers).length > 0;
  if (input.authorization === undefined && input.headers === undefined) return { columns: null, change: hadAny ? "kept" : "none" };

  let authorization = had.authorization;
  if (input.authorization === null) authorization = null;
  else if (input.authorization !== undefined && isMaskedSecret(input.authorization)) {
    if (had.authorization === null) throw invalidParam("authorization", `Invalid 'authorization': '${input.authorization}' is a masked value, and this server has no stored token to keep; send the real one.`);
  } else if (input.authorization !== undefined) authorization = input.authorization;

  let headers = had.headers;
  if (input.headers !== undefined) {
    headers = {};
    for (const [name, value] of Object.entries(input.headers ?? {})) {
      if (!isMaskedSecret(value)) headers[name] = value;
      else {
        const kept = Object.entries(had.headers).find(([storedName]) => storedName.toLowerCase() === name.toLowerCase());
        if (!kept) throw invalidParam(`headers.${name}`, `Invalid 'headers.${name}': '${value}' is a masked value, and this server has no stored '${name}' header to keep; send the real one.`);
        headers[name] = kept[1];
      }
    }
  }

  const secrets: McpSecrets = { authorization, headers };
  const hasAny = authorization !== null || Object.keys(headers).length > 0;
  const same = JSON.stringify(secrets) === JSON.stringify(had);
  const change: SecretChange = same ? (hasAny ? "kept" : "none") : hasAny ? "set" : "removed";
  if (!hasAny) return { columns: { secretsCiphertext: null, secretHints: Prisma.DbNull }, change };
  if (same && stored) return { columns: null, change };
  const hints: McpSecrets = { authorization: authorization === null ? null : maskSecret(authorization), headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, maskSecret(value)])) };
  return { columns: { secretsCiphertext: sealSecret(JSON.stringify(secrets), context), secretHints: hints }, change };
}

const toJson = (value: unknown) => value as Prisma.InputJsonValue;
const nullableJson = (value: unknown) => (value === null ? Prisma.DbNull : toJson(value));

function labelTaken(error: unknown, label: string): AppError | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return null;
  const message = `This workspace already has an MCP server labelled '${label}'.`;
  return new AppError("conflict", message, { param: "server_label", fieldErrors: { server_label: [message] } });
}

export async function createMcpServer(caller: Caller, input: CreateMcpServerInput): Promise<McpServerRow> {
  requireWrite(caller);
  const serverUrl = checkServerUrl(input.server_url);
  const createdAt = new Date();
  const id = newId(ID_PREFIXES.mcpServer, createdAt);
  const { columns, change } = secretColumns(input, null, secretContext(caller.workspaceId, id));
  const data = {
    id,
    workspaceId: caller.workspaceId,
    serverLabel: input.server_label,
    serverUrl,
    description: input.description ?? "",
    ...columns,
    allowedTools: nullableJson(input.allowed_tools ?? null),
    requireApproval: toJson(input.require_approval ?? "always"),
    createdAt,
  };
  try {
    const [row] = await getDb().$transaction([
      // One instant for both: a new server's updated_at is its created_at, to the second, always.
      getDb().mcpServer.create({ data: { ...data, updatedAt: createdAt }, omit: OMIT }),
      recordAudit(caller, { action: "mcp_server.created", targetType: "mcp_server", targetId: id, targetLabel: input.server_label, details: { server_url: serverUrl, secrets: change } }),
    ]);
    return row;
  } catch (error) {
    throw labelTaken(error, input.server_label) ?? error;
  }
}

/** A partial update. A new URL or new secrets drop the cached tool list (it may no longer be true). */
export async function updateMcpServer(caller: Caller, id: string, input: UpdateMcpServerInput): Promise<McpServerRow> {
  requireWrite(caller);
  const stored = await storedServer(caller, id);
  const serverUrl = input.server_url === undefined ? stored.serverUrl : checkServerUrl(input.server_url);
  const secrets = secretColumns(input, stored, secretContext(caller.workspaceId, id));
  const changed = (field: string, next: unknown, before: unknown) => next !== undefined && JSON.stringify(next) !== JSON.stringify(before) && field;
  const fields = [
    changed("server_label", input.server_label, stored.serverLabel),
    changed("server_url", input.server_url, stored.serverUrl),
    changed("description", input.description, stored.description),
    changed("allowed_tools", input.allowed_tools, stored.allowedTools),
    changed("require_approval", input.require_approval, stored.requireApproval),
    (secrets.change === "set" || secrets.change === "removed") && "secrets",
  ].filter((field): field is string => Boolean(field));
  const staleTools = serverUrl !== stored.serverUrl || fields.includes("secrets");
  const data: Prisma.McpServerUpdateInput = {
    ...(input.server_label !== undefined && { serverLabel: input.server_label }),
    serverUrl,
    ...(input.description !== undefined && { description: input.description }),
    ...secrets.columns,
    ...(input.allowed_tools !== undefined && { allowedTools: nullableJson(input.allowed_tools) }),
    ...(input.require_approval !== undefined && { requireApproval: toJson(input.require_approval) }),
    ...(staleTools && { tools: Prisma.DbNull, toolsFetchedAt: null }),
  };
  try {
    const [row] = await getDb().$transaction([
      getDb().mcpServer.update({ where: { id, workspaceId: caller.workspaceId }, data, omit: OMIT }),
      recordAudit(caller, { action: "mcp_server.updated", targetType: "mcp_server", targetId: id, targetLabel: input.server_label ?? stored.serverLabel, details: { fields, secrets: secrets.change } }),
    ]);
    return row;
  } catch (error) {
    // Deleted by someone else in between.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw notFound("MCP server", id);
    throw labelTaken(error, input.server_label ?? stored.serverLabel) ?? error;
  }
}

export async function deleteMcpServer(caller: Caller, id: string): Promise<void> {
  requireWrite(caller);
  assertMcpServerId(id);
  try {
    await getDb().$transaction(async (tx) => {
      const row = await tx.mcpServer.delete({ where: { id, workspaceId: caller.workspaceId }, select: { serverLabel: true } });
      await recordAudit(caller, { action: "mcp_server.deleted", targetType: "mcp_server", targetId: id, targetLabel: row.serverLabel }, tx);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw notFound("MCP server", id);
    throw error;
  }
}

/** Keeps a listing as the server's cached tools, only if the row still points where it was asked (not re-pointed meanwhile); a cache, so it does not touch updated_at. */
async function cacheTools(row: Pick<McpServer, "id" | "workspaceId" | "serverUrl" | "secretsCiphertext">, tools: McpToolInfo[]): Promise<void> {
  await getPool().query(
    `UPDATE mcp_servers SET tools = $1::json, tools_fetched_at = now() WHERE id = $2 AND workspace_id = $3 AND server_url = $4 AND secrets_ciphertext IS NOT DISTINCT FROM $5`,
    [JSON.stringify(tools), row.id, row.workspaceId, row.serverUrl, row.secretsCiphertext],
  );
}

/** What requests to the server carry: its headers, and its token as a bearer token. */
function endpointOf(row: McpServer): McpEndpoint {
  const secrets = openSecrets(row);
  return { url: row.serverUrl, headers: { ...secrets.headers, ...(secrets.authorization !== null && { Authorization: `Bearer ${secrets.authorization}` }) } };
}

/**
 * The server's tools, asked live (tools/list), kept as the server's cached list with its time.
 * A server that cannot be reached, or is refused by the outbound rules, is a 502 saying why.
 */
export async function listMcpServerTools(caller: Caller, id: string): Promise<{ server: McpServerRow; tools: McpToolInfo[] }> {
  const row = await storedServer(caller, id);
  const env = getEnv();
  let tools: McpToolInfo[];
  try {
    tools = await listMcpTools(endpointOf(row), { allowed: env.ATELIER_TOOL_ALLOWED_HOSTS, timeoutMs: env.ATELIER_TOOL_TIMEOUT_SECONDS * 1000 });
  } catch (error) {
    if (!(error instanceof McpUnreachable)) throw error;
    throw new AppError("bad_gateway", `MCP server '${row.serverLabel}' could not be reached: ${error.message}`, { apiCode: "mcp_server_unreachable" });
  }
  await cacheTools(row, tools);
  const server: McpServerRow = { id: row.id, serverLabel: row.serverLabel, serverUrl: row.serverUrl, description: row.description, secretHints: row.secretHints, allowedTools: row.allowedTools, requireApproval: row.requireApproval, createdAt: row.createdAt, updatedAt: row.updatedAt };
  return { server, tools };
}

/** A registered server as a run uses it: where it is, what it sends, what it allows, its cached tools. */
export type RunnableMcpServer = {
  endpoint: McpEndpoint;
  allowedTools: string[] | null;
  requireApproval: RequireApproval;
  tools: McpToolInfo[] | null;
  toolsFetchedAt: Date | null;
  /** Lists the server's tools now and keeps them as its cache (McpUnreachable when it cannot). */
  refresh(options: { signal: AbortSignal; timeoutMs: number }): Promise<McpToolInfo[]>;
};

/** The servers labelled `labels` of a workspace, for a run (lib/runs/tools/server-tools.ts): no caller, the run being the workspace's already. */
export async function runnableMcpServers(workspaceId: string, labels: string[]): Promise<Map<string, RunnableMcpServer | { broken: string }>> {
  if (!labels.length) return new Map();
  const rows = await getDb().mcpServer.findMany({ where: { workspaceId, serverLabel: { in: labels } } });
  const allowed = getEnv().ATELIER_TOOL_ALLOWED_HOSTS;
  return new Map(
    rows.map((row): [string, RunnableMcpServer | { broken: string }] => {
      let endpoint: McpEndpoint;
      try {
        endpoint = endpointOf(row);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return [row.serverLabel, { broken: error.message }];
      }
      const server: RunnableMcpServer = {
        endpoint,
        allowedTools: row.allowedTools as string[] | null,
        requireApproval: row.requireApproval as RequireApproval,
        tools: row.tools as McpToolInfo[] | null,
        toolsFetchedAt: row.toolsFetchedAt,
        async refresh({ signal, timeoutMs }) {
          const tools = await listMcpTools(endpoint, { allowed, timeoutMs, signal });
          await cacheTools(row, tools);
          return tools;
        },
      };
      return [row.serverLabel, server];
    }),
  );
}

