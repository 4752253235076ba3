import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { isMaskedSecret, maskSecret } from "@/lib/assistants/secrets";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import { getDb, getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { Prisma, type Plugin } from "@/lib/generated/prisma/client";
import { cursorParam, keysetClause, toPage, type Cursor, type ListQuery, type Page } from "@/lib/pagination";
import { firstServerUrl, loadOpenApi, type LoadedOpenApi, type OpenApiDocument } from "@/lib/plugins/openapi";
import type { PluginOperation } from "@/lib/plugins/operations";
import { PLUGIN_ID_PATTERN, type CreatePluginInput, type PluginAuthInput, type UpdatePluginInput } from "@/lib/plugins/schema";
import type { PluginAuthConfig, PluginRow } from "@/lib/plugins/wire";
import type { RequireApproval } from "@/lib/mcp/schema";
import { asksApproval } from "@/lib/tools/approval";
import { checkOutboundUrl, OutboundRefused } from "@/lib/security/outbound";
import { openSecret, SecretBoxError, sealSecret } from "@/lib/security/secret-box";
import { invalidParam } from "@/lib/validation";

// The only code that reads or writes the plugins table. Every call is scoped to the caller's
// workspace, so another workspace's plugin is simply not found; writes need an editor. Documents
// are parsed and checked, server URLs checked against the outbound rules and secrets sealed before
// the transaction that writes, so a bad request writes nothing. The secret is sealed bound to the
// workspace and plugin id and never leaves: reads omit it and show its mask.

// What reads return: no secret, and neither the derived operations nor the text (only some need them).
const OMIT = { secretCiphertext: true, openapiText: true, operations: true } as const;

const secretContext = (workspaceId: string, id: string) => `plugin:${workspaceId}:${id}`;

/** Strings that cannot be a plugin id are not found without asking the database. */
function assertPluginId(id: string): void {
  if (!PLUGIN_ID_PATTERN.test(id)) throw notFound("plugin", id);
}

export async function getPlugin(caller: Caller, id: string): Promise<PluginRow> {
  assertPluginId(id);
  const row = await getDb().plugin.findUnique({ where: { workspaceId_id: { workspaceId: caller.workspaceId, id } }, omit: OMIT });
  if (!row) throw notFound("plugin", id);
  return row;
}

/**
 * Keyset pages like every list; plugin ids are chosen by people and carry no time, so the cursor's
 * position is read from its row (a cursor that names no plugin here is a 400 on its parameter).
 */
export async function listPlugins(caller: Caller, query: ListQuery): Promise<Page<PluginRow>> {
  const named = cursorParam(query);
  let cursor: Cursor | null = null;
  if (named) {
    const row = await getDb().plugin.findUnique({ where: { workspaceId_id: { workspaceId: caller.workspaceId, id: named.id } }, select: { createdAt: true } });
    if (!row) throw invalidParam(named.param, `Invalid '${named.param}': no plugin '${named.id}' in this workspace.`);
    cursor = { createdAt: row.createdAt, id: named.id };
  }
  const { clause, params, reversed } = keysetClause(query, cursor, 2);
  const { rows } = await getPool().query<PluginRow>(
    `SELECT id, name, description, openapi, server_url AS "serverUrl", auth_type AS "authType", auth_config AS "authConfig",
       secret_hint AS "secretHint", require_approval AS "requireApproval", created_at AS "createdAt", updated_at AS "updatedAt"
     FROM plugins WHERE workspace_id = $1 ${clause}`,
    [caller.workspaceId, ...params],
  );
  return toPage(rows, query.limit, reversed);
}

/** The plugin's operations as function tools, as derived when its document was saved, and whether a run asks before calling each. */
export async function listPluginOperations(caller: Caller, id: string): Promise<(PluginOperation & { requireApproval: boolean })[]> {
  assertPluginId(id);
  const row = await getDb().plugin.findUnique({ where: { workspaceId_id: { workspaceId: caller.workspaceId, id } }, select: { operations: true, requireApproval: true } });
  if (!row) throw notFound("plugin", id);
  return (row.operations as unknown as PluginOperation[]).map((operation) => ({ ...operation, requireApproval: asksApproval(row.requireApproval as RequireApproval, operation.name) }));
}

/** A server URL as saved: absolute http(s), no query or fragment, and allowed by the outbound rules. */
function checkServerUrl(url: string, fromDocument: boolean): string {
  const source = fromDocument ? `the document's first server (${url}) cannot be used: ` : "";
  const refuse = (reason: string) => invalidParam("server_url", `Invalid 'server_url': ${source}${reason}${fromDocument ? " Give a server_url." : ""}`);
  let parsed: URL;
  try {
    parsed = checkOutboundUrl(url, getEnv().ATELIER_TOOL_ALLOWED_HOSTS);
  } catch (error) {
    if (!(error instanceof OutboundRefused)) throw error;
    throw refuse(error.message);
  }
  if (parsed.search || parsed.hash) throw refuse("The URL may not have a query or fragment; operations' paths are appended to it.");
  return url;
}

function serverUrlFrom(given: string | null | undefined, server: LoadedOpenApi["server"]): string {
  if (given) return checkServerUrl(given, false);
  if (server.url === null) throw invalidParam("server_url", `Missing required parameter: 'server_url' (${server.reason}).`);
  return checkServerUrl(server.url, true);
}

type AuthColumns = Pick<Plugin, "authType" | "secretCiphertext" | "secretHint"> & { authConfig: Prisma.InputJsonValue | typeof Prisma.JsonNull };
type AuthChange = "set" | "kept" | "removed" | "none";

/** The auth columns for `input`; a masked secret keeps the stored one of the same kind. */
function authColumns(input: PluginAuthInput, stored: Pick<Plugin, "authConfig" | "secretCiphertext" | "secretHint"> | null, context: string): { columns: AuthColumns; change: AuthChange } {
  if (input.type !== "service") {
    const columns = { authType: input.type, authConfig: Prisma.JsonNull, secretCiphertext: null, secretHint: null };
    return { columns, change: stored?.secretCiphertext ? "removed" : "none" };
  }
  const config: PluginAuthConfig = input.header ? { scheme: "header", header_name: input.header.name } : { scheme: "bearer" };
  const secret = input.header ? input.header.value : input.bearer_token!;
  const param = input.header ? "auth.header.value" : "auth.bearer_token";
  if (isMaskedSecret(secret)) {
    const storedScheme = (stored?.authConfig as PluginAuthConfig | null)?.scheme;
    if (!stored?.secretCiphertext || storedScheme !== config.scheme) {
      throw invalidParam(param, `Invalid '${param}': '${secret}' is a masked value, and this plugin has no stored ${config.scheme === "header" ? "header value" : "bearer token"} to keep; send the real one.`);
    }
    return { columns: { authType: "service", authConfig: config, secretCiphertext: stored.secretCiphertext, secretHint: stored.secretHint }, change: "kept" };
  }
  return { columns: { authType: "service", authConfig: config, secretCiphertext: sealSecret(secret, context), secretHint: maskSecret(secret) }, change: "set" };
}

const toDocumentJson = (document: OpenApiDocument) => document as Prisma.InputJsonValue;
const toOperationsJson = (operations: PluginOperation[]) => operations as unknown as Prisma.InputJsonValue;

export async function createPlugin(caller: Caller, input: CreatePluginInput): Promise<PluginRow> {
  requireWrite(caller);
  const loaded = await loadOpenApi(input.openapi);
  const serverUrl = serverUrlFrom(input.server_url, loaded.server);
  const { columns, change } = authColumns(input.auth ?? { type: "none" }, null, secretContext(caller.workspaceId, input.id));
  const data = {
    workspaceId: caller.workspaceId,
    id: input.id,
    name: input.name,
    description: input.description ?? "",
    openapi: toDocumentJson(loaded.document),
    openapiText: loaded.text,
    operations: toOperationsJson(loaded.operations),
    serverUrl,
    ...columns,
    requireApproval: (input.require_approval ?? "never") as Prisma.InputJsonValue,
    // One instant for both: a new plugin's updated_at is its created_at, to the second, always.
    createdAt: new Date(),
  };
  try {
    const [row] = await getDb().$transaction([
      getDb().plugin.create({ data: { ...data, updatedAt: data.createdAt }, omit: OMIT }),
      recordAudit(caller, { action: "plugin.created", targetType: "plugin", targetId: input.id, targetLabel: input.name, details: { server_url: serverUrl, auth: columns.authType, secret: change, operations: loaded.operations.length } }),
    ]);
    return row;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const message = `This workspace already has a plugin with id '${input.id}'.`;
      throw new AppError("conflict", message, { param: "id", fieldErrors: { id: [message] } });
    }
    throw error;
  }
}

/**
 * A partial update; the id never changes. A server URL that was the document's first server
 * follows a new document's; `server_url: null` goes back to the document's. An auth with a masked
 * secret keeps the stored secret.
 */
export async function updatePlugin(caller: Caller, id: string, input: UpdatePluginInput): Promise<PluginRow> {
  requireWrite(caller);
  assertPluginId(id);
  const stored = await getDb().plugin.findUnique({ where: { workspaceId_id: { workspaceId: caller.workspaceId, id } } });
  if (!stored) throw notFound("plugin", id);
  const loaded = input.openapi === undefined ? null : await loadOpenApi(input.openapi);
  const storedServer = firstServerUrl(stored.openapi as OpenApiDocument);
  let serverUrl = stored.serverUrl;
  if (input.server_url !== undefined) serverUrl = serverUrlFrom(input.server_url, loaded?.server ?? storedServer);
  else if (loaded && loaded.server.url && storedServer.url === stored.serverUrl) serverUrl = checkServerUrl(loaded.server.url, true);
  const auth = input.auth ? authColumns(input.auth, stored, secretContext(caller.workspaceId, id)) : null;
  const data: Prisma.PluginUpdateInput = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.description !== undefined && { description: input.description }),
    ...(loaded && { openapi: toDocumentJson(loaded.document), openapiText: loaded.text, operations: toOperationsJson(loaded.operations) }),
    serverUrl,
    ...auth?.columns,
    ...(input.require_approval !== undefined && { requireApproval: input.require_approval as Prisma.InputJsonValue }),
  };
  const fields = [
    input.name !== undefined && input.name !== stored.name && "name",
    input.description !== undefined && input.description !== stored.description && "description",
    loaded && "openapi",
    serverUrl !== stored.serverUrl && "server_url",
    auth && "auth",
    input.require_approval !== undefined && JSON.stringify(input.require_approval) !== JSON.stringify(stored.requireApproval) && "require_approval",
  ].filter(Boolean);
  try {
    const [row] = await getDb().$transaction([
      getDb().plugin.update({ where: { workspaceId_id: { workspaceId: caller.workspaceId, id } }, data, omit: OMIT }),
      recordAudit(caller, { action: "plugin.updated", targetType: "plugin", targetId: id, targetLabel: input.name ?? stored.name, details: { fields, secret: auth?.change ?? "kept" } }),
    ]);
    return row;
  } catch (error) {
    // Deleted by someone else in between.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw notFound("plugin", id);
    throw error;
  }
}

export async function deletePlugin(caller: Caller, id: string): Promise<void> {
  requireWrite(caller);
  assertPluginId(id);
  try {
    await getDb().$transaction(async (tx) => {
      const row = await tx.plugin.delete({ where: { workspaceId_id: { workspaceId: caller.workspaceId, id } }, select: { name: true } });
      await recordAudit(caller, { action: "plugin.deleted", targetType: "plugin", targetId: id, targetLabel: row.name }, tx);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw notFound("plugin", id);
    throw error;
  }
}

/** How a run's calls of a plugin authenticate: its service secret, opened; `user` takes each assistant's token. */
export type RunnablePlugin = {
  name: string;
  serverUrl: string;
  operations: PluginOperation[];
  requireApproval: RequireApproval;
  auth: { type: "none" } | { type: "user" } | { type: "bearer"; token: string } | { type: "header"; name: string; value: string } | { type: "broken"; reason: string };
};

/**
 * The plugins `ids` of a workspace as a run calls them (lib/runs/tools/server-tools.ts): no caller,
 * the run being the workspace's already. A secret that cannot be opened (ATELIER_SECRET changed)
 * makes the plugin's calls fail with that reason instead of the whole run.
 */
export async function runnablePlugins(workspaceId: string, ids: string[]): Promise<Map<string, RunnablePlugin>> {
  if (!ids.length) return new Map();
  const rows = await getDb().plugin.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true, name: true, serverUrl: true, operations: true, authType: true, authConfig: true, secretCiphertext: true, requireApproval: true } });
  return new Map(
    rows.map((row) => {
      let auth: RunnablePlugin["auth"] = { type: row.authType === "user" ? "user" : "none" };
      if (row.authType === "service") {
        const config = row.authConfig as PluginAuthConfig | null;
        try {
          const secret = openSecret(row.secretCiphertext ?? "", secretContext(workspaceId, row.id));
          auth = config?.scheme === "header" ? { type: "header", name: config.header_name, value: secret } : { type: "bearer", token: secret };
        } catch (error) {
          if (!(error instanceof SecretBoxError)) throw error;
          auth = { type: "broken", reason: `the plugin's stored secret cannot be decrypted (was ATELIER_SECRET changed?); enter it again on the Tools page` };
        }
      }
      return [row.id, { name: row.name, serverUrl: row.serverUrl, operations: row.operations as unknown as PluginOperation[], requireApproval: row.requireApproval as RequireApproval, auth }];
    }),
  );
}

