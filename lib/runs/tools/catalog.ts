import { isMcpTool, isPluginTool, type AssistantTool, type McpTool } from "@/lib/assistants/tools";
import type { McpToolInfo } from "@/lib/mcp/client";
import type { RequireApproval } from "@/lib/mcp/schema";
import { functionName, type PluginOperation } from "@/lib/plugins/operations";
import { describeOperation } from "@/lib/plugins/request";
import type { ServerToolCall } from "@/lib/runs/wire";
import { asksApproval } from "@/lib/tools/approval";

// Which of a run's plugin and MCP tools the model is offered, under which names (issue 24). Pure:
// the registry rows come in (lib/runs/tools/server-tools.ts reads them), the entries go out.
// - A plugin's supported operations and an MCP server's tools become function tools.
// - Names are unique within a model call: a name the run already offers (its own functions,
//   file_search, python) or an earlier source took is renamed `<plugin id | server label>_<name>`.
//   The same tools and registry always give the same names, and each entry keeps what it calls
//   (plugin and operation, or server and tool), which the step records.
// - An MCP tool is offered when the registry and the assistant's tool both allow it. It needs
//   approval when the registry says so or the assistant's tool adds it (never fewer approvals
//   than the registry asks for). A plugin's operation needs it when the plugin says so (by default
//   never, as Model Studio's).
// - What cannot be offered is named with the reason, for the step's note.

export type PluginSource = { operations: PluginOperation[]; requireApproval?: RequireApproval };
/** `tools`: null when the server could not be listed (`reason` says why). */
export type McpSource = { tools: McpToolInfo[] | null; reason?: string; allowedTools: string[] | null; requireApproval: RequireApproval | null };

export type CatalogSource =
  | { type: "plugin"; pluginId: string; toolIndex: number; operation: PluginOperation }
  | { type: "mcp"; serverLabel: string; toolIndex: number; tool: string };

export type CatalogEntry = {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  source: CatalogSource;
  needsApproval: boolean;
};

export type CatalogInput = {
  tools: readonly AssistantTool[];
  /** Names the run offers the model otherwise. */
  taken: readonly string[];
  plugins: ReadonlyMap<string, PluginSource>;
  /** By server label (an inline server's too). */
  mcp: ReadonlyMap<string, McpSource>;
};

export { asksApproval };

/** The assistant's tool only adds approvals: `always`, or the tools it lists under `always`. */
function toolAsks(tool: McpTool, name: string): boolean {
  const approval = tool.require_approval;
  if (approval === undefined || approval === "never") return false;
  if (approval === "always") return true;
  return approval.always?.tool_names.includes(name) ?? false;
}

const allowedByTool = (tool: McpTool): string[] | null => (tool.allowed_tools === undefined ? null : Array.isArray(tool.allowed_tools) ? tool.allowed_tools : tool.allowed_tools.tool_names);

/** An MCP input schema as a function's parameters: an object at the root, without `$schema`. */
export function mcpParameters(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema, ...rest } = schema;
  void $schema;
  return { ...rest, type: "object", properties: typeof rest.properties === "object" && rest.properties !== null ? rest.properties : {} };
}

export function buildCatalog(input: CatalogInput): { entries: CatalogEntry[]; skipped: string[] } {
  const taken = new Set(input.taken);
  const entries: CatalogEntry[] = [];
  const skipped: string[] = [];
  // A name is first come, first served; a later source's clash takes its source's prefix.
  const claim = (name: string, prefix: string): string => {
    // MCP allows names a function cannot have (`.`, `/`): those are made valid first.
    const valid = functionName(name, new Set());
    if (!taken.has(valid)) {
      taken.add(valid);
      return valid;
    }
    return functionName(`${prefix}_${valid}`, taken);
  };
  const seenPlugins = new Set<string>();
  for (const [toolIndex, tool] of input.tools.entries()) {
    if (isPluginTool(tool)) {
      // Two tools of one plugin (Model Studio allows it) offer its operations once: the first's token.
      if (seenPlugins.has(tool.type)) continue;
      seenPlugins.add(tool.type);
      const plugin = input.plugins.get(tool.type);
      if (!plugin) {
        skipped.push(`${tool.type} (no plugin with this id is registered)`);
        continue;
      }
      const unsupported = plugin.operations.filter((operation) => operation.unsupported);
      if (unsupported.length) skipped.push(`${tool.type}: ${unsupported.map((operation) => operation.name).join(", ")} (not callable: ${unsupported[0]!.unsupported})`);
      for (const operation of plugin.operations) {
        if (operation.unsupported) continue;
        entries.push({
          name: claim(operation.name, tool.type),
          description: operation.description || `${operation.method} ${operation.path}`,
          parameters: operation.parameters,
          source: { type: "plugin", pluginId: tool.type, toolIndex, operation },
          needsApproval: asksApproval(plugin.requireApproval ?? "never", operation.name),
        });
      }
    } else if (isMcpTool(tool)) {
      const server = input.mcp.get(tool.server_label);
      if (!server) {
        skipped.push(`mcp ${tool.server_label} (no MCP server with this label is registered)`);
        continue;
      }
      if (!server.tools) {
        skipped.push(`mcp ${tool.server_label} (${server.reason ?? "its tools could not be listed"})`);
        continue;
      }
      const narrowed = allowedByTool(tool);
      for (const info of server.tools) {
        if (server.allowedTools && !server.allowedTools.includes(info.name)) continue;
        if (narrowed && !narrowed.includes(info.name)) continue;
        entries.push({
          name: claim(info.name, tool.server_label),
          description: info.description ?? info.title ?? `${info.name} (MCP server ${tool.server_label})`,
          parameters: mcpParameters(info.inputSchema),
          source: { type: "mcp", serverLabel: tool.server_label, toolIndex, tool: info.name },
          needsApproval: asksApproval(server.requireApproval ?? "always", info.name) || toolAsks(tool, info.name),
        });
      }
    }
  }
  return { entries, skipped };
}

/** What an entry calls, as a step records it (`server_tool`), before it runs. */
export function serverToolOf(entry: CatalogEntry): ServerToolCall {
  const { source } = entry;
  return source.type === "plugin"
    ? { type: "plugin", plugin_id: source.pluginId, operation: source.operation.name, request: describeOperation(source.operation), status: "in_progress" }
    : { type: "mcp", server_label: source.serverLabel, tool: source.tool, status: "in_progress" };
}

/** Whether a recorded call and an entry call the same thing (a resumed run finds its calls this way, whatever their names now). */
export const callsSameTool = (recorded: ServerToolCall, entry: CatalogEntry): boolean => {
  const { source } = entry;
  return source.type === "plugin"
    ? recorded.type === "plugin" && recorded.plugin_id === source.pluginId && recorded.operation === source.operation.name
    : recorded.type === "mcp" && recorded.server_label === source.serverLabel && recorded.tool === source.tool;
};

