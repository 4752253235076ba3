import { boundedOutput, redactSecrets } from "@/lib/tools/output";

// An MCP tools/call result as the text a model reads: text parts as they are, structured content
// as JSON when there is no text, other media described (a model given base64 would only waste its
// context on it), resources by their text or URI; `isError` makes it an error output. Pure, so
// every shape is a unit test.

type Content = { type: string; [key: string]: unknown };
export type McpCallResult = { content?: Content[]; structuredContent?: unknown; isError?: boolean; toolResult?: unknown };

const base64Bytes = (data: unknown) => (typeof data === "string" ? Math.floor((data.replace(/=+$/, "").length * 3) / 4) : 0);

function partText(part: Content): string {
  switch (part.type) {
    case "text":
      return String(part.text ?? "");
    case "image":
    case "audio":
      return `[${part.type}: ${String(part.mimeType ?? "unknown type")}, ${base64Bytes(part.data)} bytes, not shown]`;
    case "resource_link":
      return `[resource: ${String(part.name ?? part.uri)} ${String(part.uri ?? "")}]`.replace(/\s+]$/, "]");
    case "resource": {
      const resource = (part.resource ?? {}) as { uri?: string; text?: string; blob?: string; mimeType?: string };
      if (typeof resource.text === "string") return resource.text;
      return `[resource: ${resource.uri ?? "unnamed"}${resource.mimeType ? `, ${resource.mimeType}` : ""}${resource.blob ? `, ${base64Bytes(resource.blob)} bytes` : ""}, not shown]`;
    }
    default:
      return `[${part.type} content, not shown]`;
  }
}

/** The output and whether the tool said it failed. */
/** `secrets`: what the call was made with, taken out before the text is cut. */
export function mcpResultOutput(result: McpCallResult, secrets: readonly string[] = []): { output: string; failed: boolean } {
  const parts = Array.isArray(result.content) ? result.content : [];
  let text = parts.map(partText).join("\n");
  if (!parts.some((part) => part.type === "text") && result.structuredContent !== undefined) text = JSON.stringify(result.structuredContent);
  // Servers of the 2024-10-07 protocol answer `toolResult` instead of content.
  if (!parts.length && result.structuredContent === undefined && result.toolResult !== undefined) text = typeof result.toolResult === "string" ? result.toolResult : JSON.stringify(result.toolResult);
  const failed = result.isError === true;
  if (!text) text = failed ? "the tool reported an error without details" : "(the tool returned no content)";
  return { output: boundedOutput(redactSecrets(failed ? `Error: ${text}` : text, secrets)), failed };
}
