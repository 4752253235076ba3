import type { AssistantObject } from "@/lib/assistants/wire";

// What the editor's JSON view offers to copy: the assistant as the API returns it, as an export
// (the create body: no id, no timestamps), and the code that creates it with curl and the openai
// SDKs. Plugin tokens stay masked: an export must not carry secrets.

export type AssistantExport = Omit<AssistantObject, "id" | "object" | "created_at">;

/**
 * Fields Atelier accepts that OpenAI's SDK types do not know (Model Studio, Project David, Atelier):
 * the Python SDK refuses them as keyword arguments and TypeScript as object-literal properties.
 */
const EXTENSION_FIELDS = new Set(["top_k", "max_tokens", "user_id", "webhook_url", "mock_outputs"]);

/** The create body for this assistant: the API object without what the server assigns. */
export function toExport(assistant: AssistantObject): AssistantExport {
  // The version is the stored assistant's, not part of a body that creates one.
  const { id: _id, object: _object, created_at: _created, version: _version, mock_outputs, ...body } = assistant;
  // No mocks is the default; an export without them stays a plain OpenAI body.
  return (Object.keys(mock_outputs).length ? { ...body, mock_outputs } : body) as AssistantExport;
}

/** The body's non-null extension fields, which the SDK snippets pass separately. */
function splitExtensions(body: AssistantExport): { standard: Record<string, unknown>; extensions: Record<string, unknown> } {
  const standard: Record<string, unknown> = {};
  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!EXTENSION_FIELDS.has(key)) standard[key] = value;
    else if (value !== null) extensions[key] = value;
  }
  return { standard, extensions };
}

const json = (value: unknown, indent = 2) => JSON.stringify(value, null, indent);

export function curlSnippet(body: AssistantExport, baseURL: string): string {
  // Single quotes around the body: escape the ones inside it the POSIX-shell way.
  const payload = json(body).replaceAll("'", "'\\''");
  return [
    `curl ${baseURL}/assistants \\`,
    `  -H "Authorization: Bearer $ATELIER_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -H "OpenAI-Beta: assistants=v2" \\`,
    `  -d '${payload}'`,
  ].join("\n");
}

export function typescriptSnippet(body: AssistantExport, baseURL: string): string {
  const { extensions } = splitExtensions(body);
  const hasExtensions = Object.keys(extensions).length > 0;
  return [
    `import OpenAI from "openai";`,
    ``,
    `const client = new OpenAI({ baseURL: ${JSON.stringify(baseURL)}, apiKey: process.env.ATELIER_API_KEY });`,
    ``,
    ...(hasExtensions ? [`// ${Object.keys(extensions).join(", ")}: Atelier extensions, sent as they are.`] : []),
    `const assistant = await client.beta.assistants.create(${json(body)}${hasExtensions ? " as OpenAI.Beta.AssistantCreateParams" : ""});`,
    `console.log(assistant.id);`,
  ].join("\n");
}

/** JSON → Python literals (true/false/null become True/False/None), keeping JSON's string escapes. */
function pythonLiteral(value: unknown, depth = 0): string {
  const pad = "    ".repeat(depth + 1);
  const end = "    ".repeat(depth);
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => pad + pythonLiteral(item, depth + 1)).join(",\n")},\n${end}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([key, item]) => `${pad}${JSON.stringify(key)}: ${pythonLiteral(item, depth + 1)}`).join(",\n")},\n${end}}`;
  }
  return JSON.stringify(value);
}

export function pythonSnippet(body: AssistantExport, baseURL: string): string {
  const { standard, extensions } = splitExtensions(body);
  const args = Object.entries(standard)
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `    ${key}=${pythonLiteral(value, 1)},`);
  // The Python SDK's create() takes only OpenAI's keywords; anything else goes in extra_body.
  if (Object.keys(extensions).length) args.push(`    extra_body=${pythonLiteral(extensions, 1)},`);
  return [
    `import os`,
    `from openai import OpenAI`,
    ``,
    `client = OpenAI(base_url=${JSON.stringify(baseURL)}, api_key=os.environ["ATELIER_API_KEY"])`,
    ``,
    `assistant = client.beta.assistants.create(`,
    ...args,
    `)`,
    `print(assistant.id)`,
  ].join("\n");
}
