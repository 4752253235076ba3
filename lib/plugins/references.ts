import "server-only";
import { getDb } from "@/lib/db";
import { editDistance, isPluginTool, KNOWN_TOOL_TYPES, type AssistantTool } from "@/lib/assistants/tools";
import { invalidParam } from "@/lib/validation";

// Plugin tools name a plugin of the workspace's registry (issue 24): `{"type": "weather"}` is only
// accepted when the workspace has registered `weather` (/v1/plugins), so a typo is a 400 naming
// `tools[i].type`, with the nearest registered id or built-in type, and nothing is written. A
// plugin whose auth is `user` needs each assistant's token (`auth.user_token`), as Model Studio's.
// Tools already stored on the assistant (`known`) pass as they are: an assistant made before its
// plugin was registered (or since deleted) can still be edited; a run skips such a tool and says so.

/** `db`: the caller's transaction when it holds one (the embedded database has a single connection: a second would wait forever). */
export async function checkPluginReferences(
  workspaceId: string,
  tools: readonly AssistantTool[] | undefined,
  options: { param?: string; known?: readonly unknown[] | null; db?: Pick<ReturnType<typeof getDb>, "plugin"> } = {},
): Promise<void> {
  const plugins = (tools ?? []).flatMap((tool, index) => (isPluginTool(tool) ? [{ tool, index }] : []));
  if (!plugins.length) return;
  const known = new Set(((options.known ?? []) as AssistantTool[]).filter(isPluginTool).map((tool) => tool.type));
  const registered = new Map((await (options.db ?? getDb()).plugin.findMany({ where: { workspaceId }, select: { id: true, authType: true } })).map((row) => [row.id, row.authType]));
  const param = options.param ?? "tools";
  for (const { tool, index } of plugins) {
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
