import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { toRegistryMcpServer, toRegistryPlugin, type ToolRegistry } from "@/lib/assistants/tool-registry";
import { listMcpServers } from "@/lib/mcp/service";
import { listPlugins } from "@/lib/plugins/service";

// The registry summary the assistant editor picks plugins and MCP servers from, loaded by its pages.
// The first 100 of each, as the Tools page shows them: registries are small, and a tool naming one
// past them still renders (flagged as not registered) and saves, since the API checks the registry.
const LIMIT = 100;

export async function loadToolRegistry(caller: Caller): Promise<ToolRegistry> {
  const [plugins, servers] = await Promise.all([listPlugins(caller, { limit: LIMIT, order: "asc" }), listMcpServers(caller, { limit: LIMIT, order: "asc" })]);
  return { plugins: plugins.data.map(toRegistryPlugin), mcpServers: servers.data.map(toRegistryMcpServer) };
}
