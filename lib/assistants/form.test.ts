import { describe, expect, it } from "vitest";
import { EMPTY_FORM, assistantFormSchema, toApiInput, toFormValues, type AssistantFormValues } from "@/lib/assistants/form";
import { assistantCreateSchema } from "@/lib/assistants/schema";
import type { AssistantObject } from "@/lib/assistants/wire";

const FULL: AssistantObject = {
  id: "asst_x",
  object: "assistant",
  created_at: 1,
  version: 1,
  name: "Support",
  description: "Triage",
  model: "gpt-4o-mini",
  instructions: "Be brief.",
  tools: [
    { type: "code_interpreter" },
    { type: "function", function: { name: "lookup", description: "Find", parameters: { type: "object", properties: { q: { type: "string" } } }, strict: false } },
  ],
  tool_resources: { code_interpreter: { file_ids: ["file_1"] }, file_search: { vector_store_ids: ["vs_1"] } },
  metadata: { team: "support", tier: "2" },
  temperature: 0.3,
  top_p: null,
  response_format: { type: "json_object" },
  reasoning_effort: "low",
  top_k: 40,
  max_tokens: 512,
  user_id: "u1",
  webhook_url: "https://example.com/hook",
  mock_outputs: { lookup: { format: "json", output: '{"found": true}' } },
};

const parse = (values: AssistantFormValues) => assistantFormSchema.safeParse(values);
const paths = (values: AssistantFormValues) => (parse(values).error?.issues ?? []).map((issue) => issue.path.join("."));

describe("assistant form ⇄ API", () => {
  it("maps an assistant to form values and back to the same API fields", () => {
    const values = toFormValues(FULL);
    expect(values.metadata).toEqual([
      { key: "team", value: "support" },
      { key: "tier", value: "2" },
    ]);
    const result = parse(values);
    expect(result.success).toBe(true);
    const { id: _id, object: _object, created_at: _created, version: _version, ...fields } = FULL;
    expect(result.data).toEqual(fields);
  });

  it("turns empty text into null and leaves empty tool resources out", () => {
    const input = toApiInput({ ...EMPTY_FORM, model: " m ", name: "  " });
    expect(input).toMatchObject({ model: "m", name: null, description: null, instructions: null, user_id: null, webhook_url: null, reasoning_effort: null });
    expect(input.tool_resources).toEqual({});
    expect(input.metadata).toEqual({});
    expect(assistantCreateSchema.safeParse(input).success).toBe(true);
  });

  it("reports API rules at the form's own paths", () => {
    expect(paths({ ...EMPTY_FORM, model: "" })).toEqual(["model"]);
    expect(paths({ ...EMPTY_FORM, model: "m", name: "n".repeat(257) })).toEqual(["name"]);
    expect(paths({ ...EMPTY_FORM, model: "m", temperature: 2.5 })).toEqual(["temperature"]);
    expect(paths({ ...EMPTY_FORM, model: "m", metadata: [{ key: "k".repeat(65), value: "" }] })).toEqual(["metadata.0.key"]);
    expect(paths({ ...EMPTY_FORM, model: "m", tools: [{ type: "function", function: { name: "bad name" } }] })).toEqual(["tools.0.function.name"]);
    expect(paths({ ...EMPTY_FORM, model: "m", webhook_url: "ftp://insecure.example" })).toEqual(["webhook_url"]);
    expect(
      paths({ ...EMPTY_FORM, model: "m", tool_resources: { code_interpreter: { file_ids: Array.from({ length: 21 }, (_, i) => `f${i}`) }, file_search: { vector_store_ids: [] } } }),
    ).toEqual(["tool_resources.code_interpreter.file_ids"]);
  });

  it("carries a function's mock output on the tool, so a rename or reorder moves it along", () => {
    const values = toFormValues(FULL);
    const lookup = values.tools.findIndex((tool) => tool.type === "function");
    expect(values.tools[lookup]!.mock_output).toEqual({ format: "json", output: '{"found": true}' });
    const renamed = structuredClone(values);
    (renamed.tools[lookup] as { function: { name: string } }).function.name = "find";
    renamed.tools.reverse();
    expect(toApiInput(renamed).mock_outputs).toEqual({ find: { format: "json", output: '{"found": true}' } });
    expect(toApiInput(renamed).tools.some((tool) => "mock_output" in tool)).toBe(false);
  });

  it("reports a mock output's problem on its tool", () => {
    const values = toFormValues(FULL);
    const lookup = values.tools.findIndex((tool) => tool.type === "function");
    values.tools[lookup]!.mock_output = { format: "json", output: "{not json" };
    expect(paths(values)).toEqual([`tools.${lookup}.mock_output.output`]);
  });

  it("keeps mocks of functions named like Object's own members, and blames the tool whose mock was sent", () => {
    const fn = (name: string) => ({ type: "function" as const, function: { name, parameters: { type: "object", properties: {} } } });
    const values = toFormValues({ ...FULL, tools: [fn("toString"), fn("constructor")], mock_outputs: { constructor: { format: "text" as const, output: "made" } } });
    expect(values.tools[0]!.mock_output).toBeUndefined();
    expect(values.tools[1]!.mock_output).toEqual({ format: "text", output: "made" });
    expect(toApiInput(values).mock_outputs).toEqual({ constructor: { format: "text", output: "made" } });

    const twins = toFormValues({ ...FULL, tools: [fn("a"), fn("a")], mock_outputs: {} });
    twins.tools[0]!.mock_output = { format: "text" as const, output: "first" };
    twins.tools[1]!.mock_output = { format: "json" as const, output: "{broken" };
    expect(toApiInput(twins).mock_outputs).toEqual({ a: { format: "text", output: "first" } });
    expect(paths(twins).some((path) => path.startsWith("tools.1.mock_output"))).toBe(false);
  });

  it("checks metadata rows before the API schema, so each row's problem is reported once", () => {
    const values = { ...EMPTY_FORM, model: "m", metadata: Array.from({ length: 17 }, (_, i) => ({ key: `k${i}`, value: "" })) };
    expect(paths(values)).toEqual(["metadata"]);
  });
});
