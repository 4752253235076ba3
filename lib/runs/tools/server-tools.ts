import "server-only";
import type { JSONSchema7, LanguageModelV3FunctionTool } from "@ai-sdk/provider";
import { isMcpTool, isPluginTool, type AssistantTool, type FunctionTool } from "@/lib/assistants/tools";
import type { Run } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { callMcpTool } from "@/lib/mcp/call";
import { listMcpTools, type McpEndpoint } from "@/lib/mcp/client";
import { runnableMcpServers } from "@/lib/mcp/service";
import { callPluginOperation, type PluginAuth } from "@/lib/plugins/call";
import { runnablePlugins } from "@/lib/plugins/service";
import { buildCatalog, serverToolOf, type CatalogEntry, type McpSource } from "@/lib/runs/tools/catalog";
import { MCP_LIST_TIMEOUT_MS, mcpSource } from "@/lib/runs/tools/mcp-listing";
import { CODE_INTERPRETER_TOOL_NAME } from "@/lib/runs/tools/code-interpreter-spec";
import type { ToolCallRequest, ToolContext, ToolExecutor } from "@/lib/runs/tools/executor";
import { FILE_SEARCH_TOOL_NAME } from "@/lib/runs/tools/file-search";
import type { ServerToolCall, StepFunctionCall } from "@/lib/runs/wire";

// A run's plugin and MCP tools, ready for its model calls (issue 24): read once per stretch of the
// run (lib/runs/segment.ts), as the registry stands then. MCP servers' tool lists come from their
// cache (refreshed behind the run when over 5 minutes old); a server never listed is asked (within
// 10 s) and cached, or left out with the reason. The executor runs
// each call with the registry's auth (a plugin's service secret, or the assistant's user token as a
// bearer token, as Model Studio sends it) under the outbound rules, and records it as a function
// call with `server_tool` saying what it called, how it went and how long it took.

export type ServerToolCatalog = {
  definitions: LanguageModelV3FunctionTool[];
  /** What the run has that is not offered, with why (the step's note). */
  skipped: string[];
  executor: ServerToolExecutor;
  entries: CatalogEntry[];
};

export type ServerToolExecutor = ToolExecutor & {
  /** Whether a call waits for a person's approval before it runs. */
  needsApproval(call: ToolCallRequest): boolean;
  /** The step's record of a call that has not run (yet): awaiting approval, or denied. */
  pendingStepCall(call: ToolCallRequest, status: "awaiting_approval" | "denied", output: string | null): StepFunctionCall;
};


const hasServerTools = (tools: AssistantTool[]) => tools.some((tool) => isPluginTool(tool) || isMcpTool(tool));

/** Names the model is offered otherwise (lib/runs/model-call.ts), which the catalog's must not take. */
function takenNames(tools: AssistantTool[]): string[] {
  const names = tools.filter((tool): tool is FunctionTool => tool.type === "function").map((tool) => tool.function.name);
  if (tools.some((tool) => tool.type === "file_search")) names.push(FILE_SEARCH_TOOL_NAME);
  if (tools.some((tool) => tool.type === "code_interpreter")) names.push(CODE_INTERPRETER_TOOL_NAME);
  return names;
}

/** The catalog for `run`, or null when it has no plugin or MCP tool (nothing is read then). */
export async function resolveServerTools(run: Run, signal: AbortSignal): Promise<ServerToolCatalog | null> {
  const tools = run.tools as AssistantTool[];
  if (!hasServerTools(tools)) return null;
  const env = getEnv();
  const allowed = env.ATELIER_TOOL_ALLOWED_HOSTS;
  const pluginIds = [...new Set(tools.filter(isPluginTool).map((tool) => tool.type))];
  const mcpTools = tools.filter(isMcpTool);
  const [plugins, registered] = await Promise.all([runnablePlugins(run.workspaceId, pluginIds), runnableMcpServers(run.workspaceId, mcpTools.filter((tool) => !tool.server_url).map((tool) => tool.server_label))]);

  const endpoints = new Map<string, McpEndpoint>();
  const sources = new Map<string, McpSource>();
  await Promise.all(
    mcpTools.map(async (tool) => {
      const label = tool.server_label;
      if (tool.server_url) {
        // A server given inline: no secrets, no registry; its own require_approval (default always).
        const endpoint = { url: tool.server_url, headers: {} };
        endpoints.set(label, endpoint);
        const approval = { allowedTools: null, requireApproval: tool.require_approval ?? "always" } as const;
        try {
          sources.set(label, { ...approval, tools: await listMcpTools(endpoint, { allowed, timeoutMs: MCP_LIST_TIMEOUT_MS, signal }) });
        } catch (error) {
          sources.set(label, { ...approval, tools: null, reason: `its tools could not be listed: ${(error as Error).message}` });
        }
        return;
      }
      const server = registered.get(label);
      if (!server) return;
      if ("broken" in server) {
        sources.set(label, { tools: null, reason: server.broken, allowedTools: null, requireApproval: null });
        return;
      }
      endpoints.set(label, server.endpoint);
      sources.set(label, await mcpSource(`${run.workspaceId}:${label}`, label, server, signal));
    }),
  );

  const { entries, skipped } = buildCatalog({ tools, taken: takenNames(tools), plugins, mcp: sources });
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const timeoutMs = env.ATELIER_TOOL_TIMEOUT_SECONDS * 1000;

  const stepCall = (call: ToolCallRequest, entry: CatalogEntry, output: string | null, server: Partial<ServerToolCall>): StepFunctionCall => ({
    id: call.id,
    type: "function",
    function: { name: call.name, arguments: call.arguments, output },
    server_tool: { ...serverToolOf(entry), ...server } as ServerToolCall,
  });
  const started = new Map<string, number>();

  async function execute(call: ToolCallRequest, context: ToolContext) {
    const entry = byName.get(call.name)!;
    const begun = Date.now();
    started.set(call.id, begun);
    const source = entry.source;
    let result: { output: string; status: "completed" | "failed"; httpStatus?: number | null };
    if (source.type === "plugin") {
      const plugin = plugins.get(source.pluginId)!;
      const tool = tools[source.toolIndex];
      const auth: PluginAuth | string =
        plugin.auth.type === "broken" ? plugin.auth.reason
        : plugin.auth.type === "user" ? (tool && isPluginTool(tool) && tool.auth ? { type: "bearer", token: tool.auth.user_token } : "the plugin acts with each assistant's token, and this assistant's tool has none")
        : plugin.auth;
      result = typeof auth === "string"
        ? { status: "failed", output: `Error: plugin '${source.pluginId}' cannot be called: ${auth}.`, httpStatus: null }
        : await callPluginOperation({ pluginId: source.pluginId, serverUrl: plugin.serverUrl, operation: source.operation, auth }, call.arguments, { allowed, signal: context.signal, timeoutMs });
    } else {
      result = await callMcpTool({ ...endpoints.get(source.serverLabel)!, label: source.serverLabel }, source.tool, call.arguments, { allowed, signal: context.signal, timeoutMs });
    }
    const duration = Date.now() - begun;
    started.delete(call.id);
    // One line per call: what was called and how it went; never its URL, headers or output.
    log.info("server tool call", { runId: context.run.id, ...serverToolOf(entry), status: result.status, ms: duration });
    return { output: result.output, stepCall: stepCall(call, entry, result.output, { status: result.status, duration_ms: duration, ...(source.type === "plugin" && { http_status: result.httpStatus ?? null }) }) };
  }

  const executor: ServerToolExecutor = {
    name: "server_tools",
    timeoutMs,
    handles: (call) => byName.has(call.name),
    needsApproval: (call) => byName.get(call.name)?.needsApproval ?? false,
    execute,
    failedStepCall: (call, _context, output) => {
      const begun = started.get(call.id);
      started.delete(call.id);
      return stepCall(call, byName.get(call.name)!, output, { status: "failed", ...(begun !== undefined && { duration_ms: Date.now() - begun }) });
    },
    pendingStepCall: (call, status, output) => stepCall(call, byName.get(call.name)!, output, { status }),
  };
  const definitions = entries.map((entry): LanguageModelV3FunctionTool => ({ type: "function", name: entry.name, description: entry.description, inputSchema: entry.parameters as JSONSchema7 }));
  return { definitions, skipped, executor, entries };
}
