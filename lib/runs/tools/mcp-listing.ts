import { log } from "@/lib/log";
import type { RunnableMcpServer } from "@/lib/mcp/service";
import type { McpSource } from "@/lib/runs/tools/catalog";

// Which tools of a registered MCP server a run's stretch is offered (lib/runs/tools/server-tools.ts):
// its cached listing, kept fresh without making a model call wait for another server.

export const MCP_CACHE_MS = 5 * 60_000;
export const MCP_LIST_TIMEOUT_MS = 10_000;

const refreshing = new Map<string, Promise<unknown>>();

/**
 * The server's tools for this stretch: the cache when under 5 minutes old; an older cache at once,
 * refreshed behind the run (a model's first token does not wait on another server's listing); only
 * a server never listed is asked before the model is called.
 */
export async function mcpSource(key: string, label: string, server: RunnableMcpServer, signal: AbortSignal): Promise<McpSource> {
  const base = { allowedTools: server.allowedTools, requireApproval: server.requireApproval };
  const fresh = server.tools && server.toolsFetchedAt && Date.now() - server.toolsFetchedAt.getTime() < MCP_CACHE_MS;
  if (fresh) return { ...base, tools: server.tools };
  if (server.tools) {
    // One refresh at a time per server in this process, however many runs find it stale.
    if (!refreshing.has(key)) {
      const refresh = server
        .refresh({ signal: AbortSignal.timeout(MCP_LIST_TIMEOUT_MS), timeoutMs: MCP_LIST_TIMEOUT_MS })
        .catch((error: unknown) => log.warn("mcp tools not refreshed; the older list is used", { server: label, reason: error instanceof Error ? error.message : String(error) }))
        .finally(() => refreshing.delete(key));
      refreshing.set(key, refresh);
    }
    return { ...base, tools: server.tools };
  }
  try {
    return { ...base, tools: await server.refresh({ signal, timeoutMs: MCP_LIST_TIMEOUT_MS }) };
  } catch (error) {
    return { ...base, tools: null, reason: `its tools could not be listed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
