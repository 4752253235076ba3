import type { AssistantObject } from "@/lib/assistants/wire";

// What the editor's JSON view offers to copy: the assistant as the API returns it, as an export
// (the create body: no id, no timestamps), and the code that creates it with curl and the openai
// SDKs. Plugin tokens stay masked: an export must not carry secrets.

export type AssistantExport = Omit<AssistantObject, "id" | "object" | "created_at">;

/** The create body for this assistant: the API object without what the server assigns. */
export function toExport(assistant: AssistantObject): AssistantExport {
  const { id: _id, object: _object, created_at: _created, ...body } = assistant;
  return body;
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
  return [
    `import OpenAI from "openai";`,
    ``,
    `const client = new OpenAI({ baseURL: ${JSON.stringify(baseURL)}, apiKey: process.env.ATELIER_API_KEY });`,
    ``,
    `const assistant = await client.beta.assistants.create(${json(body)});`,
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
  const args = Object.entries(body)
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `    ${key}=${pythonLiteral(value, 1)},`);
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
