import { AppError } from "@/lib/errors";
import { isPluginTool, type AssistantTool, type PluginTool } from "@/lib/assistants/tools";

// Plugin tokens (`auth.user_token`) are secrets: stored as sent, shown only masked. This module is
// the one place that knows what a mask looks like, on the way out (wire.ts) and on the way back in
// (service.ts), so the two can never disagree.

const MASK = "****";

/** What the API shows of a token: enough to recognise a long one, nothing of a short one. */
export function maskSecret(secret: string): string {
  return secret.length > 12 ? `${MASK}${secret.slice(-4)}` : MASK;
}

export function isMaskedSecret(value: string): boolean {
  return value.startsWith(MASK);
}

export function maskTools(tools: AssistantTool[]): AssistantTool[] {
  return tools.map((tool) =>
    isPluginTool(tool) && tool.auth ? { ...tool, auth: { ...tool.auth, user_token: maskSecret(tool.auth.user_token) } } : tool,
  );
}

/** A plugin tool whose token is a mask sent back, not a real token. */
export function hasMaskedToken(tool: AssistantTool): tool is PluginTool & { auth: NonNullable<PluginTool["auth"]> } {
  return isPluginTool(tool) && tool.auth !== undefined && isMaskedSecret(tool.auth.user_token);
}

function maskedTokenError(tool: PluginTool, index: number): AppError {
  return new AppError(
    "invalid_request",
    `Invalid 'tools[${index}].auth.user_token': '${tool.auth!.user_token}' is a masked token that matches no stored token of plugin '${tool.type}'; send the real token.`,
    {
      param: `tools[${index}].auth.user_token`,
      fieldErrors: { [`tools.${index}.auth.user_token`]: ["send the real token, not a masked one"] },
    },
  );
}

/**
 * A client that round-trips an assistant (read, change a field, write back) sends the masks, which
 * must keep the stored tokens: each mask is matched to the stored tool at the same position, else
 * to the first unused stored tool of the same type and mask (the list may have been reordered).
 * A mask that matches nothing is refused: storing "****1234" as the token would break the plugin
 * silently. With no stored tools (a create), every mask is refused.
 */
export function restoreMaskedTokens(incoming: AssistantTool[], stored: AssistantTool[]): AssistantTool[] {
  const used = new Set<number>();
  const matches = (index: number, tool: PluginTool) => {
    const old = stored[index];
    return (
      !used.has(index) &&
      old !== undefined &&
      isPluginTool(old) &&
      old.type === tool.type &&
      old.auth !== undefined &&
      maskSecret(old.auth.user_token) === tool.auth!.user_token
    );
  };
  return incoming.map((tool, index) => {
    if (!hasMaskedToken(tool)) return tool;
    const source = matches(index, tool) ? index : stored.findIndex((_, other) => matches(other, tool));
    if (source === -1) throw maskedTokenError(tool, index);
    used.add(source);
    return { ...tool, auth: (stored[source] as PluginTool).auth };
  });
}
