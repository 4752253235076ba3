import type { RequireApproval } from "@/lib/mcp/schema";

// A require_approval policy (an MCP server's or a plugin's) in words, for the Tools page's cards.

export function approvalText(policy: RequireApproval, noun: "tool" | "operation"): string {
  if (policy === "always") return "Always";
  if (policy === "never") return "Never";
  const never = policy.never?.tool_names ?? [];
  return never.length ? `Per ${noun}: ${never.join(", ")} without asking, the others ask` : `Per ${noun}: every ${noun} asks`;
}
