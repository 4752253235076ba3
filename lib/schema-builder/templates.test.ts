import { describe, expect, it } from "vitest";
import { jsonSchemaProblems } from "@/lib/json-schema";
import { functionDefinitionSchema, FUNCTION_NAME_PATTERN } from "@/lib/assistants/tools";
import { exampleFor } from "@/lib/schema-builder/example";
import { strictProblems } from "@/lib/schema-builder/strict-lint";
import { FUNCTION_TEMPLATES, RESPONSE_TEMPLATES } from "@/lib/schema-builder/templates";
import { buildTree, flattenTree } from "@/lib/schema-builder/tree";

describe("FUNCTION_TEMPLATES", () => {
  it("covers weather, web search, database lookup and email", () => {
    expect(FUNCTION_TEMPLATES.map((template) => template.function.name)).toEqual(["get_weather", "search_web", "lookup_record", "send_email"]);
    expect(new Set(FUNCTION_TEMPLATES.map((template) => template.id)).size).toBe(FUNCTION_TEMPLATES.length);
  });

  it.each(FUNCTION_TEMPLATES.map((template) => [template.id, template] as const))("%s is a valid strict function", (_id, template) => {
    expect(functionDefinitionSchema.safeParse(template.function).success).toBe(true);
    expect(template.function.name).toMatch(FUNCTION_NAME_PATTERN);
    expect(jsonSchemaProblems(template.function.parameters)).toEqual([]);
    expect(strictProblems(template.function.parameters, "function")).toEqual([]);
  });

  it("uses nullable enums, integer bounds, email formats and an anyOf where the brief says", () => {
    const byName = Object.fromEntries(FUNCTION_TEMPLATES.map((template) => [template.function.name, flattenTree(buildTree(template.function.parameters))]));
    const node = (name: string, property: string) => byName[name]!.find((entry) => entry.name === property)!;
    expect(node("get_weather", "unit")).toMatchObject({ kind: "enum", nullable: true, constraints: { enum: ["celsius", "fahrenheit", null] } });
    expect(node("search_web", "max_results")).toMatchObject({ kind: "integer", constraints: { minimum: 1, maximum: 20 } });
    expect(node("search_web", "recency")).toMatchObject({ kind: "enum", nullable: true });
    expect(node("lookup_record", "value")).toMatchObject({ kind: "anyOf" });
    expect(node("lookup_record", "op")).toMatchObject({ kind: "enum" });
    expect(node("send_email", "to").children[0]).toMatchObject({ kind: "string", constraints: { format: "email" } });
    expect(node("send_email", "cc")).toMatchObject({ kind: "array", nullable: true });
  });

  it("have examples", () => {
    expect(exampleFor(FUNCTION_TEMPLATES[0]!.function.parameters)).toEqual({ location: "example", unit: "celsius" });
  });
});

describe("RESPONSE_TEMPLATES", () => {
  it.each(RESPONSE_TEMPLATES.map((template) => [template.id, template] as const))("%s is a valid strict response format", (_id, template) => {
    expect(template.format.name).toMatch(FUNCTION_NAME_PATTERN);
    expect(jsonSchemaProblems(template.format.schema)).toEqual([]);
    expect(strictProblems(template.format.schema, "response_format")).toEqual([]);
  });

  it("has a classification with a label enum and a confidence number", () => {
    const classification = RESPONSE_TEMPLATES.find((template) => template.id === "classification")!;
    const nodes = flattenTree(buildTree(classification.format.schema));
    expect(nodes.find((node) => node.name === "label")).toMatchObject({ kind: "enum" });
    expect(nodes.find((node) => node.name === "confidence")).toMatchObject({ kind: "number", constraints: { minimum: 0, maximum: 1 } });
  });
});
