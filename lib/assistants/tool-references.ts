import "server-only";
import { getDb } from "@/lib/db";
import { editDistance, isMcpTool, isPluginTool, KNOWN_TOOL_TYPES, type AssistantTool } from "@/lib/assistants/tools";
import { getEnv } from "@/lib/env";
import { checkOutboundUrl, OutboundRefused } from "@/lib/security/outbound";
import { invalidParam } from "@/lib/validation";

// Tools that name something in the workspace's registry (issue 24) must name something that is
// there, so a typo is a 400 at the tool's index and nothing is written:
// - a plugin tool's `type` is a registered plugin id (with the nearest id or built-in type as a
//   hint); a plugin whose auth is `user` needs each assistant's token (`auth.user_token`), as
//   Model Studio's;
// - an `mcp` tool's `server_label` is a registered server, unless it carries its own `server_url`,
//   which must then pass the outbound rules (lib/security/outbound.ts) as a registered one would.
// Tools already stored on the assistant (`known`) pass as they are: an assistant made before its
// plugin or server was registered (or since deleted) can still be edited; a run skips such a tool
// and says so.

type RegistryDb = Pick<ReturnType<typeof getDb>, "plugin" | "mcpServer">;

/** `db`: the caller's transaction when it holds one (the embedded database has a single connection: a second would wait forever). */
export async function checkToolReferences(
  workspaceId: string,
  tools: readonly AssistantTool[] | undefined,
  options: { param?: string; known?: readonly unknown[] | null; db?: RegistryDb } = {},
): Promise<void> {
  const list = tools ?? [];
  const param = options.param ?? "tools";
  const known = (options.known ?? []) as AssistantTool[];
  if (list.some(isPluginTool)) await checkPlugins(workspaceId, list, param, known, options.db ?? getDb());
  if (list.some(isMcpTool)) await checkMcpServers(workspaceId, list, param, known, options.db ?? getDb());
}

async function checkPlugins(workspaceId: string, tools: readonly AssistantTool[], param: string, stored: AssistantTool[], db: RegistryDb): Promise<void> {
  const known = new Set(stored.filter(isPluginTool).map((tool) => tool.type));
  const registered = new Map((await db.plugin.findMany({ where: { workspaceId }, select: { id: true, authType: true } })).map((row) => [row.id, row.authType]));
  for (const [index, tool] of tools.entries()) {
    if (!isPluginTool(tool)) continue;
    const authType = registered.get(tool.type);
    if (authType === undefined) {
      if (known.has(tool.type)) continue;
      const near = [...registered.keys(), ...KNOWN_TOOL_TYPES].find((candidate) => editDistance(candidate, tool.type) <= 2);
      const hint = near ? ` Did you mean '${near}'?` : registered.size ? ` Registered plugins: ${[...registered.keys()].slice(0, 10).join(", ")}.` : " This workspace has no plugins yet: register one with POST /v1/plugins or on the Tools page.";
      throw invalidParam(`${param}[${index}].type`, `Unknown tool type '${tool.type}': it is neither a built-in tool nor a plugin registered in this workspace.${hint}`);
    }
    if (authType === "user" && !tool.auth?.user_token) {
      throw invalidParam(`${param}[${index}].auth`, `The plugin '${tool.type}' acts with each assistant's own token: give it as auth: {"type": "user_http", "user_token": "…"}.`);
    }
  }
}

async function checkMcpServers(workspaceId: string, tools: readonly AssistantTool[], param: string, stored: AssistantTool[], db: RegistryDb): Promise<void> {
  const known = new Set(stored.filter(isMcpTool).filter((tool) => !tool.server_url).map((tool) => tool.server_label));
  const registered = (await db.mcpServer.findMany({ where: { workspaceId }, select: { serverLabel: true } })).map((row) => row.serverLabel);
  for (const [index, tool] of tools.entries()) {
    if (!isMcpTool(tool)) continue;
    if (tool.server_url !== undefined) {
      try {
        const url = checkOutboundUrl(tool.server_url, getEnv().ATELIER_TOOL_ALLOWED_HOSTS);
        if (url.hash) throw new OutboundRefused("The URL may not have a fragment.");
      } catch (error) {
        if (!(error instanceof OutboundRefused)) throw error;
        throw invalidParam(`${param}[${index}].server_url`, `Invalid '${param}[${index}].server_url': ${error.message}`);
      }
      continue;
    }
    if (registered.includes(tool.server_label) || known.has(tool.server_label)) continue;
    const near = registered.find((label) => editDistance(label.toLowerCase(), tool.server_label.toLowerCase()) <= 2);
    const hint = near ? ` Did you mean '${near}'?` : registered.length ? ` Registered servers: ${registered.slice(0, 10).join(", ")}.` : " This workspace has no MCP servers yet: register one with POST /v1/mcp_servers or on the Tools page.";
    throw invalidParam(`${param}[${index}].server_label`, `Unknown MCP server '${tool.server_label}': no server with this label is registered in this workspace, and the tool has no server_url.${hint}`);
  }
}
