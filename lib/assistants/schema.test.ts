import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { assistantCreateSchema, assistantUpdateSchema } from "@/lib/assistants/schema";
import { rejection } from "@/lib/testing";

// Limits come from the OpenAI contract (CreateAssistantRequest / ModifyAssistantRequest / Metadata /
// FunctionObject / ResponseFormat*), `top_k`/`max_tokens`/plugin tools from Model Studio and
// `user_id`/`webhook_url`/`meta_data` from Project David. They are written out here on purpose,
// not read from LIMITS, so a wrong constant in the code makes these tests fail.

type Body = Record<string, unknown>;

const chars = (n: number, c = "x") => c.repeat(n);
const fn = (name: string, extra: Body = {}) => ({ type: "function", function: { name, ...extra } });
const fnParams = (parameters: unknown) => [{ type: "function", function: { name: "f", parameters } }];
const pairs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}_${i}`);
const codeTools = (n: number) => Array.from({ length: n }, () => ({ type: "code_interpreter" }));
const objectSchema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };


const schemas = [
  { kind: "create", schema: assistantCreateSchema as z.ZodType, base: { model: "gpt-4o" } as Body },
  { kind: "update", schema: assistantUpdateSchema as z.ZodType, base: {} as Body },
];

// Fields that behave the same on create and modify: [case, fields added to the base body].
const accepted: [string, Body][] = [
  ["name of 256 characters", { name: chars(256) }],
  ["name null", { name: null }],
  ["description of 512 characters", { description: chars(512) }],
  ["description null", { description: null }],
  ["instructions of 256000 characters", { instructions: chars(256_000) }],
  ["instructions null", { instructions: null }],
  ["128 tools", { tools: codeTools(128) }],
  ["no tools", { tools: [] }],
  ["function name of 64 characters", { tools: [fn(chars(64))] }],
  ["function name with underscore, dash and digit", { tools: [fn("get_weather-2")] }],
  ["function strict true", { tools: [fn("f", { strict: true })] }],
  ["function strict false", { tools: [fn("f", { strict: false })] }],
  ["function strict null", { tools: [fn("f", { strict: null })] }],
  ["function parameters: an object schema", { tools: fnParams(objectSchema) }],
  ["function parameters: empty schema", { tools: fnParams({}) }],
  [
    "function parameters: draft-07 $schema",
    { tools: fnParams({ $schema: "http://json-schema.org/draft-07/schema#", type: "object", properties: { a: { type: "string" } } }) },
  ],
  [
    "function parameters: $ref to an existing $defs",
    { tools: fnParams({ type: "object", $defs: { c: { type: "string" } }, properties: { city: { $ref: "#/$defs/c" } } }) },
  ],
  ["two functions with different names", { tools: [fn("a"), fn("b")] }],
  ["16 metadata pairs", { metadata: pairs(16) }],
  ["metadata key of 64 characters", { metadata: { [chars(64, "k")]: "v" } }],
  ["metadata value of 512 characters", { metadata: { k: chars(512) } }],
  ["16 pairs at the key and value limits", { metadata: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [chars(62, "k") + String(i).padStart(2, "0"), chars(512)])) }],
  ["empty metadata", { metadata: {} }],
  ["metadata null", { metadata: null }],
  ["temperature 0", { temperature: 0 }],
  ["temperature 2", { temperature: 2 }],
  ["temperature null", { temperature: null }],
  ["top_p 0", { top_p: 0 }],
  ["top_p 1", { top_p: 1 }],
  ["top_p null", { top_p: null }],
  ["top_k 0", { top_k: 0 }],
  ["top_k 50", { top_k: 50 }],
  ["top_k null", { top_k: null }],
  ["max_tokens 1", { max_tokens: 1 }],
  ["max_tokens 4096", { max_tokens: 4096 }],
  ["max_tokens null", { max_tokens: null }],
  ["reasoning_effort low", { reasoning_effort: "low" }],
  ["response_format auto", { response_format: "auto" }],
  ["response_format text", { response_format: { type: "text" } }],
  ["response_format json_object", { response_format: { type: "json_object" } }],
  [
    "response_format json_schema",
    { response_format: { type: "json_schema", json_schema: { name: "weather-report_1", schema: objectSchema, strict: true } } },
  ],
  ["response_format json_schema with name only", { response_format: { type: "json_schema", json_schema: { name: "r" } } }],
  ["response_format null", { response_format: null }],
  ["tool_resources: 20 code_interpreter files", { tool_resources: { code_interpreter: { file_ids: ids(20, "file") } } }],
  ["tool_resources: 1 vector store", { tool_resources: { file_search: { vector_store_ids: ["vs_docs"] } } }],
  ["tool_resources null", { tool_resources: null }],
  ["webhook_url https", { webhook_url: "https://hooks.example.com/atelier?x=1" }],
  ["webhook_url null", { webhook_url: null }],
  ["user_id", { user_id: "user_xyz" }],
  ["user_id null", { user_id: null }],
];

const rejected: [string, Body, string][] = [
  ["name of 257 characters", { name: chars(257) }, "name"],
  ["name not a string", { name: 5 }, "name"],
  ["description of 513 characters", { description: chars(513) }, "description"],
  ["instructions of 256001 characters", { instructions: chars(256_001) }, "instructions"],
  ["129 tools", { tools: codeTools(129) }, "tools"],
  ["tools not an array", { tools: { type: "code_interpreter" } }, "tools"],
  ["tools null", { tools: null }, "tools"],
  ["model null", { model: null }, "model"],
  ["function name of 65 characters", { tools: [fn(chars(65))] }, "tools[0].function.name"],
  ["function name with a space", { tools: [fn("a b")] }, "tools[0].function.name"],
  ["function name with a non-ASCII letter", { tools: [fn("ü")] }, "tools[0].function.name"],
  ["empty function name", { tools: [fn("")] }, "tools[0].function.name"],
  ["function name with a trailing newline", { tools: [fn("get_weather\n")] }, "tools[0].function.name"],
  ["bad function name in the second tool", { tools: [fn("ok"), fn("not ok")] }, "tools[1].function.name"],
  ["duplicate function names", { tools: [fn("lookup"), fn("lookup")] }, "tools[1].function.name"],
  ["duplicate function names further apart", { tools: [fn("a"), { type: "code_interpreter" }, fn("b"), fn("a")] }, "tools[3].function.name"],
  ["function strict not a boolean", { tools: [fn("f", { strict: "yes" })] }, "tools[0].function.strict"],
  ["function parameters not an object", { tools: fnParams([]) }, "tools[0].function.parameters"],
  [
    "function parameters with an unknown type",
    { tools: fnParams({ type: "object", properties: { a: { type: "strng" } } }) },
    "tools[0].function.parameters.properties.a.type",
  ],
  ["17 metadata pairs", { metadata: pairs(17) }, "metadata"],
  ["metadata key of 65 characters", { metadata: { [chars(65, "k")]: "v" } }, `metadata.${chars(65, "k")}`],
  ["metadata value of 513 characters", { metadata: { k: chars(513) } }, "metadata.k"],
  ["metadata value a number", { metadata: { k: 1 } }, "metadata.k"],
  ["metadata value null", { metadata: { k: null } }, "metadata.k"],
  ["metadata value an object", { metadata: { k: { nested: "x" } } }, "metadata.k"],
  ["metadata an array", { metadata: ["a"] }, "metadata"],
  ["metadata a string", { metadata: "a=b" }, "metadata"],
  ["temperature -0.01", { temperature: -0.01 }, "temperature"],
  ["temperature 2.01", { temperature: 2.01 }, "temperature"],
  ["temperature as a string", { temperature: "1" }, "temperature"],
  ["top_p 1.01", { top_p: 1.01 }, "top_p"],
  ["top_p -0.01", { top_p: -0.01 }, "top_p"],
  ["top_k -1", { top_k: -1 }, "top_k"],
  ["top_k 1.5", { top_k: 1.5 }, "top_k"],
  ["max_tokens 0", { max_tokens: 0 }, "max_tokens"],
  ["max_tokens 1.5", { max_tokens: 1.5 }, "max_tokens"],
  ["reasoning_effort unknown", { reasoning_effort: "extreme" }, "reasoning_effort"],
  ["response_format xml", { response_format: { type: "xml" } }, "response_format"],
  ["response_format an unknown string", { response_format: "json" }, "response_format"],
  [
    "response_format json_schema with a bad name",
    { response_format: { type: "json_schema", json_schema: { name: "a b", schema: objectSchema } } },
    "response_format.json_schema.name",
  ],
  [
    "response_format json_schema without a name",
    { response_format: { type: "json_schema", json_schema: { schema: objectSchema } } },
    "response_format.json_schema.name",
  ],
  [
    "response_format json_schema with an invalid schema",
    { response_format: { type: "json_schema", json_schema: { name: "r", schema: { type: "object", properties: { a: { type: "strng" } } } } } },
    "response_format.json_schema.schema.properties.a.type",
  ],
  [
    "response_format json_schema with strict not a boolean",
    { response_format: { type: "json_schema", json_schema: { name: "r", strict: "yes" } } },
    "response_format.json_schema.strict",
  ],
  ["response_format json_schema without json_schema", { response_format: { type: "json_schema" } }, "response_format.json_schema"],
  [
    "tool_resources: 21 code_interpreter files",
    { tool_resources: { code_interpreter: { file_ids: ids(21, "file") } } },
    "tool_resources.code_interpreter.file_ids",
  ],
  [
    "tool_resources: 2 vector stores",
    { tool_resources: { file_search: { vector_store_ids: ["vs_a", "vs_b"] } } },
    "tool_resources.file_search.vector_store_ids",
  ],
  [
    "tool_resources: inline vector_stores",
    { tool_resources: { file_search: { vector_stores: [{ file_ids: ["file_1"] }] } } },
    "tool_resources.file_search.vector_stores",
  ],
  ["tool_resources: unknown tool", { tool_resources: { retrieval: {} } }, "tool_resources.retrieval"],
  ["webhook_url http", { webhook_url: "http://hooks.example.com/atelier" }, "webhook_url"],
  ["webhook_url not a URL", { webhook_url: "not a url" }, "webhook_url"],
  ["webhook_url relative", { webhook_url: "/hooks/atelier" }, "webhook_url"],
  ["unknown top-level key", { frobnicate: true }, "frobnicate"],
];

describe.each(schemas)("assistant $kind schema", ({ schema, base }) => {
  it.each(accepted)("accepts %s", (_case, fields) => {
    const result = schema.safeParse({ ...base, ...fields });
    expect(result.error?.issues).toBeUndefined();
    expect(result.success).toBe(true);
  });

  it.each(rejected)("rejects %s at param %s", (_case, fields, param) => {
    const input = { ...base, ...fields };
    expect(schema.safeParse(input).success).toBe(false);
    expect(rejection(schema, input).param).toBe(param);
  });

  it("reports a bad function name in the first tool as param tools[0].function.name and field tools.0.function.name", () => {
    const error = rejection(schema, { ...base, tools: [fn("bad name")] });
    expect(error.code).toBe("invalid_request");
    expect(error.status).toBe(400);
    expect(error.param).toBe("tools[0].function.name");
    expect(Object.keys(error.fieldErrors)).toEqual(["tools.0.function.name"]);
    expect(error.message).toContain("tools[0].function.name");
  });

  it("names the second of two duplicate functions, and the first one in the message", () => {
    const error = rejection(schema, { ...base, tools: [fn("lookup"), fn("lookup")] });
    expect(Object.keys(error.fieldErrors)).toEqual(["tools.1.function.name"]);
    expect(error.fieldErrors["tools.1.function.name"]!.join(" ")).toMatch(/duplicate/i);
    expect(error.fieldErrors["tools.1.function.name"]!.join(" ")).toContain("lookup");
  });

  it.each([
    ["type string", { type: "string" }],
    ["type array", { type: "array", items: { type: "string" } }],
  ])("rejects function parameters of %s as not an object schema", (_case, parameters) => {
    const error = rejection(schema, { ...base, tools: fnParams(parameters) });
    expect(error.param).toMatch(/^tools\[0\]\.function\.parameters(\.|$)/);
    expect(error.message).toMatch(/object/);
  });

  it("rejects function parameters whose $ref points to a missing $defs entry", () => {
    const parameters = { type: "object", properties: { city: { $ref: "#/$defs/missing" } } };
    const error = rejection(schema, { ...base, tools: fnParams(parameters) });
    expect(error.param).toMatch(/^tools\[0\]\.function\.parameters(\.|$)/);
  });

  it("rejects inline vector_stores with a message that points to vector_store_ids", () => {
    const error = rejection(schema, { ...base, tool_resources: { file_search: { vector_stores: [{ file_ids: ["file_1"] }] } } });
    expect(error.message).toContain("vector_store_ids");
  });

  it("names an unknown top-level key with OpenAI's 'Unrecognized request argument' message", () => {
    const error = rejection(schema, { ...base, frobnicate: true });
    expect(error.param).toBe("frobnicate");
    expect(error.message).toMatch(/Unrecognized request argument/);
    expect(error.message).toContain("frobnicate");
    expect(error.fieldErrors.frobnicate?.join(" ")).toMatch(/Unrecognized request argument/);
  });

  it.each([
    ["an array", [{ model: "gpt-4o" }]],
    ["a string", "gpt-4o"],
    ["a number", 42],
    ["null", null],
  ])("rejects a body that is %s, blaming the body rather than a field", (_case, body) => {
    expect(schema.safeParse(body).success).toBe(false);
    const error = rejection(schema, body);
    expect(error.param).toBeNull();
    expect(Object.keys(error.fieldErrors)).toEqual(["_root"]);
  });

  it("folds the meta_data alias into metadata", () => {
    const result = schema.safeParse({ ...base, meta_data: { department: "knowledge-base" } });
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({ metadata: { department: "knowledge-base" } });
    expect(result.data).not.toHaveProperty("meta_data");
  });

  it("folds a null meta_data alias into a null metadata", () => {
    const result = schema.safeParse({ ...base, meta_data: null });
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({ metadata: null });
  });

  it("applies the metadata limits to the meta_data alias", () => {
    expect(schema.safeParse({ ...base, meta_data: pairs(17) }).success).toBe(false);
    expect(schema.safeParse({ ...base, meta_data: { k: 1 } }).success).toBe(false);
  });

  it.each([
    ["both objects", { metadata: { a: "1" }, meta_data: { b: "2" } }],
    ["one of them null", { metadata: null, meta_data: { b: "2" } }],
  ])("rejects metadata and meta_data together (%s)", (_case, fields) => {
    const error = rejection(schema, { ...base, ...fields });
    expect(["meta_data", "metadata"]).toContain(error.param);
  });

  it("does not silently drop a '__proto__' metadata key (keeps it or rejects it)", () => {
    const input = JSON.parse('{"metadata": {"__proto__": "x", "a": "b"}}') as Body;
    const result = schema.safeParse({ ...base, ...input });
    const outcome = result.success ? JSON.stringify(Object.keys((result.data as { metadata: object }).metadata)) : "rejected";
    expect(["rejected", '["__proto__","a"]']).toContain(outcome);
  });

  it("keeps what it accepts unchanged (no defaults are added)", () => {
    const fields = { name: "Mathy", tools: [{ type: "code_interpreter" }], temperature: 0.2, top_k: 3, max_tokens: 100 };
    expect(schema.parse({ ...base, ...fields })).toEqual({ ...base, ...fields });
  });
});

describe("assistantCreateSchema", () => {
  it.each([
    ["missing", {}],
    ["empty", { model: "" }],
    ["blank", { model: "   " }],
    ["null", { model: null }],
    ["a number", { model: 4 }],
    ["longer than 256 characters", { model: chars(257) }],
  ])("rejects a model that is %s", (_case, body) => {
    expect(assistantCreateSchema.safeParse(body).success).toBe(false);
    expect(rejection(assistantCreateSchema, body).param).toBe("model");
  });

  it("accepts a model of 256 characters", () => {
    expect(assistantCreateSchema.safeParse({ model: chars(256) }).success).toBe(true);
  });

  it("accepts the smallest body, a model only", () => {
    expect(assistantCreateSchema.parse({ model: "qwen-max" })).toEqual({ model: "qwen-max" });
  });

  it("accepts the Model Studio seed body (search, text_to_image, plugin with user auth, top_k, max_tokens)", () => {
    const body = {
      model: "qwen-max",
      name: "Intelligent assistant",
      description: "This is an intelligent assistant",
      instructions: "You are an intelligent assistant.",
      tools: [
        { type: "search" },
        { type: "text_to_image" },
        { type: "code_interpreter" },
        { type: "plugin_type", auth: { type: "user_http", user_token: "bearer-token" } },
      ],
      metadata: {},
      temperature: 0.7,
      top_p: 0.8,
      top_k: 20,
      max_tokens: 1500,
    };
    expect(assistantCreateSchema.safeParse(body).error?.issues).toBeUndefined();
  });

  it("accepts the Project David seed body (user_id, meta_data, web_search, computer, file_search resources)", () => {
    const body = {
      user_id: "user_xyz",
      name: "SearchBot",
      description: "Assistant that searches company docs",
      model: "gpt-4o-mini",
      instructions: "Use the file search tool whenever a query involves internal docs.",
      tools: [{ type: "file_search" }, { type: "web_search" }, { type: "computer" }],
      tool_resources: { file_search: { vector_store_ids: ["vs_docs"] } },
      meta_data: { department: "knowledge-base" },
      top_p: 0.9,
      temperature: 0.7,
      response_format: "auto",
      webhook_url: null,
    };
    const result = assistantCreateSchema.safeParse(body);
    expect(result.error?.issues).toBeUndefined();
    expect(result.data?.metadata).toEqual({ department: "knowledge-base" });
  });
});

describe("assistantUpdateSchema", () => {
  it("accepts an empty body and leaves every field out", () => {
    expect(assistantUpdateSchema.parse({})).toEqual({});
  });

  it("accepts a body without model", () => {
    expect(assistantUpdateSchema.parse({ name: "Renamed" })).toEqual({ name: "Renamed" });
  });

  it("keeps explicit nulls so they clear nullable fields", () => {
    const nulls = {
      name: null,
      description: null,
      instructions: null,
      tool_resources: null,
      metadata: null,
      temperature: null,
      top_p: null,
      top_k: null,
      max_tokens: null,
      reasoning_effort: null,
      response_format: null,
      user_id: null,
      webhook_url: null,
    };
    expect(assistantUpdateSchema.parse(nulls)).toEqual(nulls);
  });

  it.each([
    ["model", { model: null }],
    ["tools", { tools: null }],
  ])("rejects %s: null (not nullable)", (param, body) => {
    expect(rejection(assistantUpdateSchema, body).param).toBe(param);
  });
});
