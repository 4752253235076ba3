import { describe, expect, it } from "vitest";
import { buildTree, CONSTRAINTS_BY_KIND, flattenTree, kindOf, nodeKey, type NodeKind, type TreeNode } from "@/lib/schema-builder/tree";
import type { JsonSchema } from "@/lib/schema-builder/types";

const child = (tree: TreeNode, ...names: string[]): TreeNode => {
  let node = tree;
  for (const name of names) node = node.children.find((entry) => entry.name === name)!;
  return node;
};

describe("kindOf", () => {
  it.each<[JsonSchema, NodeKind]>([
    [{ type: "string" }, "string"],
    [{ type: ["integer", "null"] }, "integer"],
    [{ type: ["null", "object"] }, "object"],
    [{ type: "null" }, "null"],
    [{ type: ["null"] }, "null"],
    [{ type: ["string", "number"] }, "any"],
    [{ type: "strng" }, "any"],
    [{}, "any"],
    [{ description: "anything" }, "any"],
    [{ type: "string", enum: ["a", "b"] }, "enum"],
    [{ enum: [1, 2] }, "enum"],
    [{ $ref: "#/$defs/a" }, "ref"],
    [{ anyOf: [{ $ref: "#/$defs/a" }, { type: "null" }] }, "ref"],
    [{ anyOf: [{ $ref: "#/$defs/a", description: "x" }, { type: "null" }] }, "anyOf"],
    [{ anyOf: [{ $ref: "#/$defs/a" }, { $ref: "#/$defs/b" }] }, "anyOf"],
    [{ anyOf: [{ type: "string" }, { type: "number" }] }, "anyOf"],
    [{ anyOf: [true, { type: "string" }], type: "string" }, "string"],
  ])("%j is %s", (schema, kind) => {
    expect(kindOf(schema)).toBe(kind);
  });
});

describe("buildTree", () => {
  const schema: JsonSchema = {
    type: "object",
    description: "Parameters",
    properties: {
      city: { type: "string", description: "City name", minLength: 1, "x-ui": "wide" },
      days: { type: ["integer", "null"], minimum: 1, maximum: 14 },
      tags: { type: "array", items: { type: "string", format: "email" }, minItems: 1, uniqueItems: true },
      unit: { type: ["string", "null"], enum: ["c", "f", null] },
      home: { anyOf: [{ $ref: "#/$defs/place" }, { type: "null" }], title: "Home" },
      value: { anyOf: [{ type: "string" }, { type: "number" }, { type: "null" }] },
    },
    required: ["city", "tags"],
    additionalProperties: false,
    $defs: { place: { type: "object", properties: { name: { type: "string" } }, required: ["name"] } },
  };
  const tree = buildTree(schema);

  it("describes the root", () => {
    expect(tree).toMatchObject({ path: [], key: "#", name: null, role: "root", kind: "object", nullable: false, required: null, description: "Parameters" });
    expect(tree.constraints).toEqual({ additionalProperties: false });
    expect(tree.advanced).toEqual({});
  });

  it("lists properties in key order, then the definitions", () => {
    expect(tree.children.map((node) => [node.role, node.name])).toEqual([
      ["property", "city"],
      ["property", "days"],
      ["property", "tags"],
      ["property", "unit"],
      ["property", "home"],
      ["property", "value"],
      ["definition", "place"],
    ]);
    expect(child(tree, "place").path).toEqual(["$defs", "place"]);
    expect(child(tree, "place", "name").path).toEqual(["$defs", "place", "properties", "name"]);
  });

  it("splits keywords into constraints and advanced", () => {
    const city = child(tree, "city");
    expect(city).toMatchObject({ kind: "string", required: true, description: "City name", constraints: { minLength: 1 }, advanced: { "x-ui": "wide" } });
    const tags = child(tree, "tags");
    expect(tags.constraints).toEqual({ minItems: 1 });
    expect(tags.advanced).toEqual({ uniqueItems: true });
    expect(tags.children[0]).toMatchObject({ role: "items", name: null, path: ["properties", "tags", "items"], constraints: { format: "email" } });
  });

  it("reads nullability and required", () => {
    expect(child(tree, "days")).toMatchObject({ kind: "integer", nullable: true, required: false, constraints: { minimum: 1, maximum: 14 } });
    expect(child(tree, "unit")).toMatchObject({ kind: "enum", nullable: true, constraints: { enum: ["c", "f", null] } });
  });

  it("shows a nullable reference as one ref node", () => {
    const home = child(tree, "home");
    expect(home).toMatchObject({ kind: "ref", nullable: true, constraints: { $ref: "#/$defs/place", title: "Home" }, advanced: {}, children: [] });
  });

  it("drops the null branch from an anyOf's children but keeps the original indexes", () => {
    const value = child(tree, "value");
    expect(value).toMatchObject({ kind: "anyOf", nullable: true });
    expect(value.children.map((node) => [node.role, node.path])).toEqual([
      ["variant", ["properties", "value", "anyOf", 0]],
      ["variant", ["properties", "value", "anyOf", 1]],
    ]);
  });

  it("keeps what it cannot draw as advanced", () => {
    const odd = buildTree({ properties: { a: { type: "string" } }, type: ["string", "number"], additionalProperties: { type: "string" } });
    expect(odd.kind).toBe("any");
    expect(odd.children).toEqual([]);
    expect(odd.advanced).toEqual({ properties: { a: { type: "string" } }, type: ["string", "number"], additionalProperties: { type: "string" } });
    const booleanSchemas = buildTree({ type: "object", properties: { a: true }, items: false });
    expect(booleanSchemas.advanced).toEqual({ properties: { a: true }, items: false });
    expect(buildTree({ type: "string", description: 5 }).advanced).toEqual({ description: 5 });
  });

  it("accounts for every keyword exactly once (nothing lost, nothing duplicated)", () => {
    for (const node of flattenTree(tree)) {
      const shown = Object.keys({ ...node.constraints, ...node.advanced });
      expect(shown.length).toBe(Object.keys(node.constraints).length + Object.keys(node.advanced).length);
      for (const key of Object.keys(node.constraints)) expect(CONSTRAINTS_BY_KIND[node.kind]).toContain(key);
    }
  });

  it("makes keys unique even for names with slashes", () => {
    const slashes = buildTree({ type: "object", properties: { "a/properties/b": { type: "string" }, a: { type: "object", properties: { b: { type: "string" } } } } });
    const keys = flattenTree(slashes).map((node) => node.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(nodeKey(["properties", "a/b", "anyOf", 0])).toBe("#/properties/a~1b/anyOf/0");
  });

  it("shows draft-07 definitions at the root only", () => {
    const draft07 = buildTree({ definitions: { a: { type: "string" } }, properties: {}, type: "object" });
    expect(draft07.children.map((node) => [node.role, node.path])).toEqual([["definition", ["definitions", "a"]]]);
    const nested = buildTree({ type: "object", properties: { x: { type: "object", $defs: { y: { type: "string" } } } } });
    expect(child(nested, "x").advanced).toEqual({ $defs: { y: { type: "string" } } });
  });
});
