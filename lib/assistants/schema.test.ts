import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { assistantCreateSchema, assistantUpdateSchema } from "@/lib/assistants/schema";
import { accepted, type Body, chars, fn, fnParams, pairs, rejected } from "@/lib/assistants/schema.cases";
import { rejection } from "@/lib/testing";

const schemas = [
  { kind: "create", schema: assistantCreateSchema as z.ZodType, base: { model: "gpt-4o" } as Body },
  { kind: "update", schema: assistantUpdateSchema as z.ZodType, base: {} as Body },
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

  it("accepts one inline vector store to be created with the assistant", () => {
    const parsed = schema.safeParse({ ...base, tool_resources: { file_search: { vector_stores: [{ file_ids: ["file_1"], metadata: { k: "v" } }] } } });
    expect(parsed.success).toBe(true);
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
