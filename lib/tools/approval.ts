import type { RequireApproval } from "@/lib/mcp/schema";

// Whether a tool Atelier calls asks a person first (issue 24), by a `require_approval` policy in
// OpenAI's shape: "always", "never", or per tool name. The same rule for an MCP server's tools and
// a plugin's operations, wherever it is read (a run's catalog, the listings of the Tools page and API).

/** `never` lists run freely; with a per-tool policy, every tool it does not list under `never` asks. */
export function asksApproval(approval: RequireApproval, tool: string): boolean {
  if (approval === "always") return true;
  if (approval === "never") return false;
  if (approval.always?.tool_names.includes(tool)) return true;
  return !approval.never?.tool_names.includes(tool);
}

/** What the model reads for a call a person denied, with the reason they gave. */
export function deniedOutput(reason: string | null): string {
  const said = reason?.trim();
  return said ? `The user denied this call: ${said}${/[.!?]$/.test(said) ? "" : "."} It was not run.` : "The user denied this call. It was not run.";
}
