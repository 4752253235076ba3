import { describe, expect, it, vi } from "vitest";
import type { McpToolInfo } from "@/lib/mcp/client";
import type { RunnableMcpServer } from "@/lib/mcp/service";
import { MCP_CACHE_MS, mcpSource } from "@/lib/runs/tools/mcp-listing";

const tool = (name: string): McpToolInfo => ({ name, title: null, description: null, inputSchema: { type: "object" }, annotations: null });

function server(cached: McpToolInfo[] | null, fetchedAgoMs: number | null, refresh: RunnableMcpServer["refresh"]): RunnableMcpServer {
  return { endpoint: { url: "https://mcp.example/mcp", headers: {} }, allowedTools: null, requireApproval: "never", tools: cached, toolsFetchedAt: fetchedAgoMs === null ? null : new Date(Date.now() - fetchedAgoMs), refresh };
}

const signal = new AbortController().signal;

describe("mcpSource", () => {
  it("uses a fresh cache without asking the server", async () => {
    const refresh = vi.fn(async () => [tool("new")]);
    expect((await mcpSource("k1", "calc", server([tool("add")], 1_000, refresh), signal)).tools).toEqual([tool("add")]);
    expect(refresh).not.toHaveBeenCalled();
  });

  it("uses a stale cache at once and refreshes it behind the run, once however many runs ask", async () => {
    let finish: (tools: McpToolInfo[]) => void = () => {};
    const refresh = vi.fn(() => new Promise<McpToolInfo[]>((resolve) => (finish = resolve)));
    const stale = server([tool("add")], MCP_CACHE_MS + 1_000, refresh);
    const [first, second] = await Promise.all([mcpSource("k2", "calc", stale, signal), mcpSource("k2", "calc", stale, signal)]);
    expect(first.tools).toEqual([tool("add")]);
    expect(second.tools).toEqual([tool("add")]);
    expect(refresh).toHaveBeenCalledTimes(1);
    finish([tool("add"), tool("sub")]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Done, the next stale read refreshes again.
    await mcpSource("k2", "calc", stale, signal);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it("asks a server never listed before the model is called, and says why when it cannot", async () => {
    expect((await mcpSource("k3", "calc", server(null, null, async () => [tool("add")]), signal)).tools).toEqual([tool("add")]);
    const down = await mcpSource("k4", "calc", server(null, null, async () => Promise.reject(new Error("The connection was refused."))), signal);
    expect(down).toMatchObject({ tools: null, reason: "its tools could not be listed: The connection was refused." });
  });
});
