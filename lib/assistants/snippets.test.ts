import { describe, expect, it } from "vitest";
import { curlSnippet, pythonSnippet, toExport, typescriptSnippet } from "@/lib/assistants/snippets";
import { assistantCreateSchema } from "@/lib/assistants/schema";
import type { AssistantObject } from "@/lib/assistants/wire";

const ASSISTANT: AssistantObject = {
  id: "asst_1",
  object: "assistant",
  created_at: 1,
  version: 1,
  name: "It's here",
  description: null,
  model: "gpt-4o-mini",
  instructions: "Say \"hi\".\nThen stop.",
  tools: [{ type: "function", function: { name: "f", parameters: { type: "object", properties: {}, required: [], additionalProperties: false }, strict: true } }],
  tool_resources: {},
  metadata: { team: "a" },
  temperature: 0.5,
  top_p: null,
  response_format: "auto",
  reasoning_effort: null,
  top_k: null,
  max_tokens: null,
  user_id: null,
  webhook_url: null,
  mock_outputs: {},
};

describe("export and snippets", () => {
  it("exports the create body, which the API schema accepts as it is", () => {
    const body = toExport(ASSISTANT);
    expect(body).not.toHaveProperty("id");
    expect(body).not.toHaveProperty("created_at");
    expect(assistantCreateSchema.safeParse(body).success).toBe(true);
  });

  it("curl: the body survives the shell's single quotes", () => {
    const snippet = curlSnippet(toExport(ASSISTANT), "http://localhost:3000/api/v1");
    expect(snippet).toContain("curl http://localhost:3000/api/v1/assistants");
    const quoted = snippet.slice(snippet.indexOf("-d '") + 4, -1).replaceAll("'\\''", "'");
    expect(JSON.parse(quoted)).toEqual(toExport(ASSISTANT));
  });

  it("TypeScript passes the body as an object literal", () => {
    const snippet = typescriptSnippet(toExport(ASSISTANT), "http://x/api/v1");
    const literal = snippet.slice(snippet.indexOf("create(") + 7, snippet.lastIndexOf(");\nconsole"));
    expect(JSON.parse(literal)).toEqual(toExport(ASSISTANT));
  });

  it("leaves empty mock outputs out of the export, and keeps them when there are some", () => {
    expect(toExport(ASSISTANT)).not.toHaveProperty("mock_outputs");
    const mocks = { f: { format: "text" as const, output: "ok" } };
    expect(toExport({ ...ASSISTANT, mock_outputs: mocks }).mock_outputs).toEqual(mocks);
  });

  it("passes extension fields the way each SDK accepts them", () => {
    const body = toExport({ ...ASSISTANT, top_k: 40, mock_outputs: { f: { format: "text", output: "ok" } } });
    const python = pythonSnippet(body, "http://x/api/v1");
    expect(python).not.toMatch(/^ {4}top_k=/m);
    expect(python).toMatch(/extra_body=\{\n {8}"top_k": 40,\n {8}"mock_outputs": \{/);
    const typescript = typescriptSnippet(body, "http://x/api/v1");
    expect(typescript).toContain("// top_k, mock_outputs: Atelier extensions");
    expect(typescript).toContain("} as OpenAI.Beta.AssistantCreateParams);");
  });

  it("Python uses keyword arguments with Python literals and leaves nulls out", () => {
    const snippet = pythonSnippet(toExport(ASSISTANT), "http://x/api/v1");
    expect(snippet).toContain('base_url="http://x/api/v1"');
    expect(snippet).toContain('    name="It\'s here",');
    expect(snippet).toContain('"strict": True');
    expect(snippet).not.toContain("description=");
    expect(snippet).not.toMatch(/\bnull\b|\btrue\b/);
  });
});
