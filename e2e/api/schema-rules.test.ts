import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyFix } from "@/lib/schema-builder/fixes";
import { formatPath } from "@/lib/schema-builder/paths";
import { schemaErrors } from "@/lib/schema-builder/problems";
import { FUNCTION_TEMPLATES, RESPONSE_TEMPLATES } from "@/lib/schema-builder/templates";
import type { JsonSchema } from "@/lib/schema-builder/types";
import { api } from "./support/http";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// Client and server agree: for each schema below, the builder's own checks (run here, in the test
// process, exactly as the editor runs them) and the REST API report the same first error at the
// same path; once the builder's one-click fixes are applied, the API accepts the schema as it is.

let ws: TestWorkspace;

beforeAll(async () => {
  ({ ws } = await provision(async (lib) => ({ ws: await createTestWorkspace(lib, "schema-rules") })));
});

afterAll(releaseDatabase);

const strictObject = (properties: Record<string, unknown>, extra: JsonSchema = {}): JsonSchema => ({
  type: "object",
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  ...extra,
});

/** Strict-mode problems of every kind the lint knows, one or two per schema. */
const BROKEN: [string, JsonSchema][] = [
  ["an object that allows other keys", { type: "object", properties: { city: { type: "string" } }, required: ["city"] }],
  ["an optional property", strictObject({ city: { type: "string" } }, { required: [] })],
  ["a required key that is not a property", strictObject({ city: { type: "string" } }, { required: ["city", "zip"] })],
  ["a default", strictObject({ unit: { type: "string", default: "celsius" } })],
  ["uniqueItems", strictObject({ tags: { type: "array", items: { type: "string" }, uniqueItems: true } })],
  ["oneOf", strictObject({ id: { oneOf: [{ type: "string" }, { type: "integer" }] } })],
  ["OpenAPI's nullable", strictObject({ note: { type: "string", nullable: true } })],
  ["a mergeable allOf", strictObject({ who: { allOf: [strictObject({ a: { type: "string" } }), strictObject({ b: { type: "string" } })] } })],
  ["a nested object without additionalProperties", strictObject({ address: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } })],
  ["a property without a type", strictObject({ anything: {} })],
  ["an array without items", strictObject({ list: { type: "array" } })],
  ["a root anyOf", { anyOf: [strictObject({ a: { type: "string" } }), strictObject({ b: { type: "string" } })] }],
  ["too deep", nested(11)],
];

function nested(levels: number): JsonSchema {
  let schema: JsonSchema = { type: "string" };
  for (let i = 1; i < levels; i++) schema = strictObject({ [`level${levels - i}`]: schema });
  return schema;
}

const functionBody = (parameters: JsonSchema) => ({ model: "gpt-4o-mini", tools: [{ type: "function", function: { name: "f", strict: true, parameters } }] });
const responseBody = (schema: JsonSchema) => ({ model: "gpt-4o-mini", response_format: { type: "json_schema", json_schema: { name: "r", strict: true, schema } } });

/** Applies one-click fixes until none is left, as "Fix all" in the builder does. */
function fixAll(schema: JsonSchema, target: "function" | "response_format"): JsonSchema {
  let next = schema;
  for (let round = 0; round < 100; round++) {
    const problem = schemaErrors(next, { strict: true, target }).find((candidate) => candidate.fix);
    if (!problem) return next;
    next = applyFix(next, problem);
  }
  throw new Error("fixes did not converge");
}

describe.each([
  { target: "function" as const, prefix: "tools[0].function.parameters", body: functionBody },
  { target: "response_format" as const, prefix: "response_format.json_schema.schema", body: responseBody },
])("strict $target schemas", ({ target, prefix, body }) => {
  // Function parameters must be an object schema, which a root anyOf is not: refused before strict rules.
  const cases = target === "function" ? BROKEN.filter(([, schema]) => !schema.anyOf) : BROKEN;

  it.each(cases)("refuses %s at the path the builder shows", async (_case, schema) => {
    const [first] = schemaErrors(schema, { strict: true, target });
    expect(first, "the builder flags it").toBeDefined();
    const rest = formatPath(first!.path);
    const param = rest === "" ? prefix : rest.startsWith("[") ? `${prefix}${rest}` : `${prefix}.${rest}`;
    const response = await api("POST", "/assistants", { key: ws.apiKey, json: body(schema) });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ type: "invalid_request_error", param });
    expect(response.body.error.message).toContain(first!.message);
  });

  it.each(cases)("accepts %s once the builder's fixes are applied (or still flags what cannot be fixed)", async (_case, schema) => {
    const fixed = fixAll(schema, target);
    const left = schemaErrors(fixed, { strict: true, target });
    const response = await api("POST", "/assistants", { key: ws.apiKey, json: body(fixed) });
    expect(response.status).toBe(left.length ? 400 : 200);
    if (left.length === 0) {
      const stored = target === "function" ? response.body.tools[0].function.parameters : response.body.response_format.json_schema.schema;
      expect(stored).toEqual(fixed);
    }
  });
});

describe("function parameters that are not an object", () => {
  it.each([true, false])("are refused at 'type' with strict %s, as the builder says, and accepted once wrapped", async (strict) => {
    const schema: JsonSchema = { type: "string", description: "A city" };
    const [first] = schemaErrors(schema, { strict, target: "function" });
    expect(first).toMatchObject({ rule: "function/parameters-object", path: ["type"] });
    const json = (parameters: JsonSchema) => ({ model: "m", tools: [{ type: "function", function: { name: "f", strict, parameters } }] });
    const refused = await api("POST", "/assistants", { key: ws.apiKey, json: json(schema) });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ param: "tools[0].function.parameters.type", message: expect.stringContaining(first!.message) });
    const fixed = applyFix(schema, first!);
    expect(schemaErrors(fixed, { strict, target: "function" })).toEqual([]);
    expect((await api("POST", "/assistants", { key: ws.apiKey, json: json(fixed) })).status).toBe(200);
  });
});

describe("templates", () => {
  it.each(FUNCTION_TEMPLATES.map((template) => [template.id, template] as const))("function template %s is accepted in strict mode as it is", async (_id, template) => {
    const response = await api("POST", "/assistants", { key: ws.apiKey, json: { model: "gpt-4o-mini", tools: [{ type: "function", function: template.function }] } });
    expect(response.status).toBe(200);
    expect(response.body.tools[0].function).toEqual(template.function);
  });

  it.each(RESPONSE_TEMPLATES.map((template) => [template.id, template] as const))("response template %s is accepted in strict mode", async (_id, template) => {
    const response = await api("POST", "/assistants", { key: ws.apiKey, json: { model: "gpt-4o-mini", response_format: { type: "json_schema", json_schema: template.format } } });
    expect(response.status).toBe(200);
  });
});

describe("mock outputs", () => {
  const tools = [
    { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: {} } } },
    { type: "function", function: { name: "search", parameters: { type: "object", properties: {} } } },
  ];
  const mocks = { get_weather: { format: "json", output: '{"temperature": 21}' }, search: { format: "text", output: "No results." } };

  it("are stored with the assistant and returned as sent", async () => {
    const created = await api("POST", "/assistants", { key: ws.apiKey, json: { model: "m", tools, mock_outputs: mocks } });
    expect(created.status).toBe(200);
    expect(created.body.mock_outputs).toEqual(mocks);
    const read = await api("GET", `/assistants/${created.body.id}`, { key: ws.apiKey });
    expect(read.body.mock_outputs).toEqual(mocks);
  });

  it("must name a function of the assistant, on update too, and a refused update writes nothing", async () => {
    const created = await api("POST", "/assistants", { key: ws.apiKey, json: { model: "m", tools, mock_outputs: mocks } });
    const refused = await api("POST", `/assistants/${created.body.id}`, { key: ws.apiKey, json: { mock_outputs: { lookup: { format: "text", output: "x" } }, name: "changed" } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ type: "invalid_request_error", param: "mock_outputs.lookup" });
    const read = await api("GET", `/assistants/${created.body.id}`, { key: ws.apiKey });
    expect(read.body).toMatchObject({ name: null, mock_outputs: mocks });
  });

  it("drop with their function when a tools update removes it", async () => {
    const created = await api("POST", "/assistants", { key: ws.apiKey, json: { model: "m", tools, mock_outputs: mocks } });
    const updated = await api("POST", `/assistants/${created.body.id}`, { key: ws.apiKey, json: { tools: [tools[1]] } });
    expect(updated.status).toBe(200);
    expect(updated.body.mock_outputs).toEqual({ search: mocks.search });
  });

  it("refuses a JSON mock that does not parse, naming it", async () => {
    const response = await api("POST", "/assistants", { key: ws.apiKey, json: { model: "m", tools, mock_outputs: { search: { format: "json", output: "{oops" } } } });
    expect(response.status).toBe(400);
    expect(response.body.error.param).toBe("mock_outputs.search.output");
  });
});
