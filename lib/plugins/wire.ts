import { unixSeconds } from "@/lib/wire";
import type { PluginOperation } from "@/lib/plugins/operations";
import type { SchemaProblem } from "@/lib/schema-builder/types";
import type { RequireApproval } from "@/lib/mcp/schema";

// Plugin rows → the API's plugin objects (an Atelier extension, snake_case like OpenAI's objects).
// The secret never reaches this module: rows carry its mask (`secretHint`), which is all `auth` shows.

export type PluginAuthConfig = { scheme: "bearer" } | { scheme: "header"; header_name: string };

export type PluginRow = {
  id: string;
  name: string;
  description: string;
  openapi: unknown;
  serverUrl: string;
  authType: string;
  authConfig: unknown;
  secretHint: string | null;
  requireApproval: unknown;
  createdAt: Date;
  updatedAt: Date;
};

export type PluginAuthObject =
  | { type: "none" }
  | { type: "user" }
  | { type: "service"; bearer_token: string }
  | { type: "service"; header: { name: string; value: string } };

export function toPluginAuthObject(row: Pick<PluginRow, "authType" | "authConfig" | "secretHint">): PluginAuthObject {
  if (row.authType === "user") return { type: "user" };
  if (row.authType !== "service") return { type: "none" };
  const config = row.authConfig as PluginAuthConfig | null;
  const mask = row.secretHint ?? "****";
  if (config?.scheme === "header") return { type: "service", header: { name: config.header_name, value: mask } };
  return { type: "service", bearer_token: mask };
}

export function toPluginObject(row: PluginRow) {
  return {
    object: "plugin" as const,
    id: row.id,
    name: row.name,
    description: row.description,
    openapi: row.openapi,
    server_url: row.serverUrl,
    auth: toPluginAuthObject(row),
    require_approval: row.requireApproval as RequireApproval,
    created_at: unixSeconds(row.createdAt),
    updated_at: unixSeconds(row.updatedAt),
  };
}

export const toPluginDeletedObject = (id: string) => ({ id, object: "plugin.deleted" as const, deleted: true as const });

/** An operation as GET /v1/plugins/{plugin_id}/operations lists it, with its strict-mode problems. */
/** `requireApproval`: whether a run asks a person before calling it (the plugin's require_approval). */
export function toPluginOperationObject(operation: PluginOperation & { requireApproval: boolean }, strictProblems: SchemaProblem[]) {
  return {
    object: "plugin.operation" as const,
    name: operation.name,
    method: operation.method,
    path: operation.path,
    operation_id: operation.operationId,
    description: operation.description,
    parameters: operation.parameters,
    unsupported: operation.unsupported,
    require_approval: operation.requireApproval,
    strict_problems: strictProblems.map((problem) => ({ rule: problem.rule, path: problem.path, message: problem.message })),
  };
}

/** Operations have no ids: the list envelope names the first and last by function name. */
export function toOperationListObject<T extends { name: string }>(data: T[]) {
  return { object: "list" as const, data, first_id: data[0]?.name ?? null, last_id: data.at(-1)?.name ?? null, has_more: false };
}
