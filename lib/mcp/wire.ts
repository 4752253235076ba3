import { unixSeconds } from "@/lib/wire";
import type { McpToolInfo } from "@/lib/mcp/client";
import type { RequireApproval } from "@/lib/mcp/schema";
import type { SchemaProblem } from "@/lib/schema-builder/types";

// MCP server rows → the API's objects (an Atelier extension, snake_case like OpenAI's objects). The
// secrets never reach this module: rows carry their masks (`secretHints`), which is all it shows.

/** The masks of a server's secrets, as stored beside them (and the shape of the sealed JSON). */
export type McpSecrets = { authorization: string | null; headers: Record<string, string> };

export type McpServerRow = {
  id: string;
  serverLabel: string;
  serverUrl: string;
  description: string;
  secretHints: unknown;
  allowedTools: unknown;
  requireApproval: unknown;
  createdAt: Date;
  updatedAt: Date;
};

export function toMcpServerObject(row: McpServerRow) {
  const hints = row.secretHints as McpSecrets | null;
  const headers = hints && Object.keys(hints.headers).length > 0 ? hints.headers : null;
  return {
    object: "mcp_server" as const,
    id: row.id,
    server_label: row.serverLabel,
    server_url: row.serverUrl,
    description: row.description,
    authorization: hints?.authorization ?? null,
    headers,
    allowed_tools: (row.allowedTools as string[] | null) ?? null,
    require_approval: row.requireApproval as RequireApproval,
    created_at: unixSeconds(row.createdAt),
    updated_at: unixSeconds(row.updatedAt),
  };
}

export const toMcpServerDeletedObject = (id: string) => ({ id, object: "mcp_server.deleted" as const, deleted: true as const });

/** Whether a run must ask before calling `tool` (anything the policy does not name asks). */
export function requiresApproval(policy: RequireApproval, tool: string): boolean {
  if (policy === "always" || policy === "never") return policy === "always";
  if (policy.always?.tool_names.includes(tool)) return true;
  return !policy.never?.tool_names.includes(tool);
}

export function isToolAllowed(allowedTools: readonly string[] | null, tool: string): boolean {
  return allowedTools === null || allowedTools.includes(tool);
}

/**
 * The schema as a model would be offered it: without the `$schema` SDKs put there (draft-07),
 * which says nothing to a model and which some providers refuse.
 */
export function offeredInputSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...schema };
  delete rest.$schema;
  return rest;
}

/** A tool as GET /v1/mcp_servers/{id}/tools lists it, with what runs will make of it. */
export function toMcpToolObject(tool: McpToolInfo, server: Pick<McpServerRow, "allowedTools" | "requireApproval">, strictProblems: SchemaProblem[]) {
  return {
    object: "mcp_server.tool" as const,
    name: tool.name,
    title: tool.title,
    description: tool.description,
    input_schema: offeredInputSchema(tool.inputSchema),
    annotations: tool.annotations,
    allowed: isToolAllowed((server.allowedTools as string[] | null) ?? null, tool.name),
    require_approval: requiresApproval(server.requireApproval as RequireApproval, tool.name),
    strict_problems: strictProblems.map((problem) => ({ rule: problem.rule, path: problem.path, message: problem.message })),
  };
}
