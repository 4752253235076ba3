import type { toMcpServerObject } from "@/lib/mcp/wire";

// The MCP server form's fields and the API request they make (POST /v1/mcp_servers, or the partial
// update of POST /v1/mcp_servers/{id}). Pure, so the mapping can be read and tested apart from the form.

export type McpServerObject = ReturnType<typeof toMcpServerObject>;

/** `custom`: a per-tool policy set through the API, which the form keeps but does not edit. */
export type ApprovalChoice = "always" | "never" | "custom";

export type McpServerFormValues = {
  server_label: string;
  server_url: string;
  description: string;
  /** The bearer token; a stored one shows as its mask, which sent back keeps it. Empty: none. */
  authorization: string;
  headers: { name: string; value: string }[];
  /** Tool names separated by commas or new lines; empty: every tool the server lists. */
  allowed_tools: string;
  require_approval: ApprovalChoice;
};

export const EMPTY_MCP_SERVER_FORM: McpServerFormValues = {
  server_label: "",
  server_url: "",
  description: "",
  authorization: "",
  headers: [],
  allowed_tools: "",
  require_approval: "always",
};

export function mcpServerFormValues(server: McpServerObject): McpServerFormValues {
  return {
    server_label: server.server_label,
    server_url: server.server_url,
    description: server.description,
    authorization: server.authorization ?? "",
    headers: Object.entries(server.headers ?? {}).map(([name, value]) => ({ name, value })),
    allowed_tools: (server.allowed_tools ?? []).join(", "),
    require_approval: typeof server.require_approval === "string" ? server.require_approval : "custom",
  };
}

export const toolNamesOf = (text: string) =>
  text
    .split(/[,\n]/)
    .map((name) => name.trim())
    .filter(Boolean);

// Rows left wholly empty are ignored, so an added row nobody filled in does not block saving.
const headersOf = (rows: McpServerFormValues["headers"]) =>
  Object.fromEntries(rows.filter((row) => row.name.trim() || row.value).map((row) => [row.name.trim(), row.value]));

export function createMcpServerRequest(values: McpServerFormValues) {
  const headers = headersOf(values.headers);
  const tools = toolNamesOf(values.allowed_tools);
  return {
    server_label: values.server_label.trim(),
    server_url: values.server_url.trim(),
    description: values.description,
    ...(values.authorization && { authorization: values.authorization }),
    ...(Object.keys(headers).length > 0 && { headers }),
    ...(tools.length > 0 && { allowed_tools: tools }),
    ...(values.require_approval !== "custom" && { require_approval: values.require_approval }),
  };
}

/**
 * Only what changed. `authorization` emptied removes the stored token; `headers` is the whole set
 * (a row removed removes that header; a masked value keeps the stored one).
 */
export function updateMcpServerRequest(values: McpServerFormValues, initial: McpServerFormValues) {
  const headers = headersOf(values.headers);
  const tools = toolNamesOf(values.allowed_tools);
  const changed = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  return {
    ...(values.server_label.trim() !== initial.server_label && { server_label: values.server_label.trim() }),
    ...(values.server_url.trim() !== initial.server_url && { server_url: values.server_url.trim() }),
    ...(values.description !== initial.description && { description: values.description }),
    ...(values.authorization !== initial.authorization && { authorization: values.authorization || null }),
    ...(changed(headers, headersOf(initial.headers)) && { headers: Object.keys(headers).length > 0 ? headers : null }),
    ...(changed(tools, toolNamesOf(initial.allowed_tools)) && { allowed_tools: tools.length > 0 ? tools : null }),
    ...(values.require_approval !== initial.require_approval && values.require_approval !== "custom" && { require_approval: values.require_approval }),
  };
}

/** A path into the request (a zod issue's, or a server field error's) → the field that shows it. */
export function mcpServerFieldOf(path: readonly (string | number | symbol)[]): keyof McpServerFormValues {
  const first = String(path[0] ?? "");
  const fields: (keyof McpServerFormValues)[] = ["server_label", "server_url", "description", "authorization", "headers", "allowed_tools", "require_approval"];
  return fields.find((field) => field === first) ?? "server_url";
}
