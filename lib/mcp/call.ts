import "server-only";
import { McpUnreachable, withMcpClient, type McpEndpoint } from "@/lib/mcp/client";
import { mcpResultOutput, type McpCallResult } from "@/lib/mcp/tool-result";
import { redactSecrets } from "@/lib/tools/output";

// One tools/call of an MCP server for a run (issue 24): connect under the outbound rules (the
// client in lib/mcp/client.ts), call, close. Whatever goes wrong that is the server's or the
// network's (refused, unreachable, a protocol error, the tool's own error) is an output the model
// reads, never the run's failure; only the run's own signal (cancelled, stopped, out of time)
// throws, so the engine says what happened.

export type McpCallOutcome = { output: string; status: "completed" | "failed" };

/** The server's JSON-RPC error for the call (unknown tool, bad arguments): the server answered, so it is the tool's failure. */
function isProtocolError(error: unknown): error is Error & { code: number } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && error.name === "McpError" && typeof code === "number" && code !== -32001;
}

export async function callMcpTool(
  endpoint: McpEndpoint & { label: string },
  tool: string,
  argumentsJson: string,
  options: { allowed: readonly string[]; signal: AbortSignal; timeoutMs: number },
): Promise<McpCallOutcome> {
  let args: unknown;
  try {
    args = argumentsJson.trim() ? JSON.parse(argumentsJson) : {};
  } catch (error) {
    return { status: "failed", output: `Error: the arguments are not valid JSON: ${(error as Error).message}` };
  }
  if (typeof args !== "object" || args === null || Array.isArray(args)) return { status: "failed", output: "Error: the arguments must be a JSON object." };
  // What the call is made with never comes back in what it answers (a tool that echoes its request).
  const secrets = Object.values(endpoint.headers);
  try {
    return await withMcpClient(endpoint, options, async (client, request) => {
      try {
        const result = (await client.callTool({ name: tool, arguments: args as Record<string, unknown> }, undefined, request)) as McpCallResult;
        const { output, failed } = mcpResultOutput(result, secrets);
        return { output, status: failed ? "failed" : "completed" };
      } catch (error) {
        if (isProtocolError(error)) return { status: "failed", output: redactSecrets(`Error: MCP server '${endpoint.label}' refused the call: ${error.message}`, secrets) };
        throw error;
      }
    });
  } catch (error) {
    if (options.signal.aborted) throw options.signal.reason ?? error;
    if (error instanceof McpUnreachable) return { status: "failed", output: `Error: MCP server '${endpoint.label}' could not be used: ${error.message}` };
    throw error;
  }
}
