import type { McpTool, PluginTool } from "@/lib/assistants/tools";
import type { RequireApproval } from "@/lib/mcp/schema";
import type { McpServerRow } from "@/lib/mcp/wire";
import type { PluginRow } from "@/lib/plugins/wire";

// What the assistant editor knows of the workspace's registry (plugins and MCP servers, managed on
// the Tools page), and the pure mappings between its pickers and the tools' API shapes. Client-safe:
// type imports only, so the editor's client components can use it without pulling in services.

export type RegistryPluginAuth = "none" | "service" | "user";

export type RegistryPlugin = { id: string; name: string; auth: RegistryPluginAuth };

export type RegistryMcpServer = { server_label: string; server_url: string; description: string; require_approval: RequireApproval };

/** Plain, serializable data: the pages load it on the server and pass it to the editor as a prop. */
export type ToolRegistry = { plugins: RegistryPlugin[]; mcpServers: RegistryMcpServer[] };

export const EMPTY_TOOL_REGISTRY: ToolRegistry = { plugins: [], mcpServers: [] };

export function toRegistryPlugin(row: Pick<PluginRow, "id" | "name" | "authType">): RegistryPlugin {
  // Anything but the two auth types that change what a tool carries reads as none, as the wire does.
  const auth: RegistryPluginAuth = row.authType === "user" || row.authType === "service" ? row.authType : "none";
  return { id: row.id, name: row.name, auth };
}

export function toRegistryMcpServer(row: Pick<McpServerRow, "serverLabel" | "serverUrl" | "description" | "requireApproval">): RegistryMcpServer {
  return { server_label: row.serverLabel, server_url: row.serverUrl, description: row.description, require_approval: row.requireApproval as RequireApproval };
}

/**
 * The plugin tool for a plugin picked in the editor. Only a plugin whose auth is `user` takes a
 * token; re-picking the tool's own plugin keeps its token (a mask read from the API included, which
 * the service swaps back for the stored token), another plugin starts empty: a token, or its mask,
 * belongs to the plugin it was given for.
 */
export function pluginToolFor(id: string, auth: RegistryPluginAuth | undefined, previous: PluginTool): PluginTool {
  if (auth !== "user") return { type: id };
  const token = previous.type === id ? (previous.auth?.user_token ?? "") : "";
  return { type: id, auth: { type: "user_http", user_token: token } };
}

/** `allowed_tools` as the text input shows it: names separated by commas. */
export function allowedToolsText(value: McpTool["allowed_tools"]): string {
  if (!value) return "";
  return (Array.isArray(value) ? value : value.tool_names).join(", ");
}

/** The text input's names (trimmed, empty pieces dropped); undefined when none, so the field is left out. */
export function parseAllowedTools(text: string): string[] | undefined {
  const names = text
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  return names.length ? names : undefined;
}

/** The "Require approval" select's choices; `custom` (per-tool lists) only shows for a stored value, kept as it is. */
export type ApprovalChoice = "default" | "always" | "never" | "custom";

export function approvalChoice(value: RequireApproval | undefined): ApprovalChoice {
  if (value === undefined) return "default";
  return typeof value === "string" ? value : "custom";
}

/** A field of an MCP tool set or, when undefined, left out (an absent field and an undefined one compare differently). */
export function withMcpField<K extends "allowed_tools" | "require_approval">(tool: McpTool, key: K, value: McpTool[K] | undefined): McpTool {
  const { [key]: _dropped, ...rest } = tool;
  return (value === undefined ? rest : { ...rest, [key]: value }) as McpTool;
}

/**
 * The MCP tool for a server picked in the editor: the narrowing and approvals stay (people set them
 * for this tool), the direct `server_url` and its description go, since they described the server
 * the tool named before.
 */
export function mcpToolFor(label: string, previous: McpTool): McpTool {
  return {
    type: "mcp",
    server_label: label,
    ...(previous.allowed_tools !== undefined && { allowed_tools: previous.allowed_tools }),
    ...(previous.require_approval !== undefined && { require_approval: previous.require_approval }),
  };
}

/** The server's own policy in words, for the "Server default" hint. */
export function describeApproval(policy: RequireApproval): string {
  if (policy === "always") return "ask before every call";
  if (policy === "never") return "call without asking";
  return "ask per tool";
}
