import { describe, expect, it } from "vitest";
import { jsonSchemaProblems } from "@/lib/json-schema";
import { getAt } from "@/lib/schema-builder/paths";
import { strictProblems } from "@/lib/schema-builder/strict-lint";
import { buildTree } from "@/lib/schema-builder/tree";
import {
  addDefinition,
  addProperty,
  addVariant,
  levelOf,
  moveProperty,
  refTargets,
  removeDefinition,
  removeProperty,
  removeVariant,
  renameDefinition,
  renameProperty,
  setAdvanced,
  setEnumValues,
  setKeyword,
  setKind,
  setNullable,
  setRequired,
} from "@/lib/schema-builder/tree-ops";
import type { JsonSchema } from "@/lib/schema-builder/types";

const EMPTY: JsonSchema = { type: "object", properties: {}, required: [], additionalProperties: false };
const strict = { strict: true };
const loose = { strict: false };

const weather = (): JsonSchema => ({
  type: "object",
  properties: { city: { type: "string", description: "City" }, days: { type: "integer" }, unit: { type: "string", enum: ["c", "f"] } },
  required: ["city", "days", "unit"],
  additionalProperties: false,
});

const expectStrictValid = (schema: JsonSchema) => {
  expect(jsonSchemaProblems(schema)).toEqual([]);
  expect(strictProblems(schema, "function")).toEqual([]);
};

describe("property operations", () => {
  it("adds fresh, required string properties at the end", () => {
    const first = addProperty(EMPTY, [], strict);
    const second = addProperty(first.schema, [], strict);
    expect([first.name, second.name]).toEqual(["field_1", "field_2"]);
    expect(second.schema).toEqual({ ...EMPTY, properties: { field_1: { type: "string" }, field_2: { type: "string" } }, required: ["field_1", "field_2"] });
    expectStrictValid(second.schema);
    expect(EMPTY).toEqual({ type: "object", properties: {}, required: [], additionalProperties: false });
  });

  it("closes an object it adds to in strict mode, and leaves it open otherwise", () => {
    expect(addProperty({ type: "object" }, [], strict).schema).toEqual({ type: "object", properties: { field_1: { type: "string" } }, required: ["field_1"], additionalProperties: false });
    expect(addProperty({ type: "object" }, [], loose).schema).toEqual({ type: "object", properties: { field_1: { type: "string" } }, required: ["field_1"] });
  });

  it("refuses names that are taken or empty, and non-objects", () => {
    expect(() => addProperty(weather(), [], { strict: true, name: "city" })).toThrow("There is already a property named 'city'");
    expect(() => addProperty(weather(), [], { strict: true, name: "" })).toThrow("cannot be empty");
    expect(() => addProperty(weather(), ["properties", "city"], strict)).toThrow("'properties.city' is not an object schema");
  });

  it("removes a property and its required entry", () => {
    const schema = removeProperty(weather(), [], "days");
    expect(Object.keys(schema.properties as object)).toEqual(["city", "unit"]);
    expect(schema.required).toEqual(["city", "unit"]);
    expect(() => removeProperty(weather(), [], "nope")).toThrow("has no property 'nope'");
  });

  it("renames in place, in properties and in required", () => {
    const schema = renameProperty(weather(), [], "days", "nights");
    expect(Object.keys(schema.properties as object)).toEqual(["city", "nights", "unit"]);
    expect(schema.required).toEqual(["city", "nights", "unit"]);
    expect((schema.properties as Record<string, unknown>).nights).toEqual({ type: "integer" });
  });

  it("refuses to rename to an existing or empty name", () => {
    expect(() => renameProperty(weather(), [], "days", "city")).toThrow("There is already a property named 'city'");
    expect(() => renameProperty(weather(), [], "days", "")).toThrow("A property name cannot be empty");
    expect(renameProperty(weather(), [], "days", "days")).toEqual(weather());
  });

  it("moves a property up and down, and not past either end", () => {
    expect(Object.keys(moveProperty(weather(), [], "days", -1).properties as object)).toEqual(["days", "city", "unit"]);
    expect(Object.keys(moveProperty(weather(), [], "days", 1).properties as object)).toEqual(["city", "unit", "days"]);
    const schema = weather();
    expect(moveProperty(schema, [], "city", -1)).toBe(schema);
  });
});

describe("setRequired", () => {
  it("without strict mode adds and removes the name, in property order", () => {
    const optional = setRequired(weather(), [], "days", false, loose);
    expect(optional.required).toEqual(["city", "unit"]);
    expect(setRequired(optional, [], "days", true, loose).required).toEqual(["city", "days", "unit"]);
  });

  it("in strict mode keeps the property required and makes it nullable instead", () => {
    const optional = setRequired(weather(), [], "days", false, strict);
    expect(optional.required).toEqual(["city", "days", "unit"]);
    expect((optional.properties as Record<string, unknown>).days).toEqual({ type: ["integer", "null"] });
    expectStrictValid(optional);
    expect(setRequired(optional, [], "days", true, strict)).toEqual(weather());
  });
});

describe("setNullable", () => {
  it("adds and removes null in the smallest form", () => {
    const withNull = setNullable(weather(), ["properties", "unit"], true);
    expect((withNull.properties as Record<string, unknown>).unit).toEqual({ type: ["string", "null"], enum: ["c", "f", null] });
    expect(setNullable(withNull, ["properties", "unit"], false)).toEqual(weather());
  });

  it("wraps a reference and keeps its other keywords outside", () => {
    const schema: JsonSchema = { ...EMPTY, properties: { home: { $ref: "#/$defs/place", title: "Home" } }, required: ["home"], $defs: { place: { ...EMPTY } } };
    const nullable = setNullable(schema, ["properties", "home"], true);
    expect((nullable.properties as Record<string, unknown>).home).toEqual({ anyOf: [{ $ref: "#/$defs/place" }, { type: "null" }], title: "Home" });
    expect(buildTree(nullable).children[0]).toMatchObject({ kind: "ref", nullable: true });
    expect(setNullable(nullable, ["properties", "home"], false)).toEqual(schema);
  });
});

describe("setKind", () => {
  it("keeps description, title and advanced keywords, and drops the old constraints and default", () => {
    const schema: JsonSchema = { ...EMPTY, properties: { a: { type: "string", description: "A", title: "T", minLength: 2, default: "x", "x-ui": 1 } }, required: ["a"] };
    const changed = setKind(schema, ["properties", "a"], "integer", loose);
    expect((changed.properties as Record<string, unknown>).a).toEqual({ type: "integer", description: "A", title: "T", "x-ui": 1 });
  });

  it("keeps nullability", () => {
    const schema: JsonSchema = { ...EMPTY, properties: { a: { type: ["string", "null"] } }, required: ["a"] };
    expect((setKind(schema, ["properties", "a"], "enum", strict).properties as Record<string, unknown>).a).toEqual({ type: ["string", "null"], enum: ["option_1", null] });
    expect((setKind(schema, ["properties", "a"], "anyOf", strict).properties as Record<string, unknown>).a).toEqual({
      anyOf: [{ type: "string" }, { type: "number" }, { type: "null" }],
    });
  });

  it("builds strict-valid skeletons", () => {
    let schema = addProperty(EMPTY, [], strict).schema;
    for (const kind of ["object", "array", "enum", "anyOf", "boolean", "null", "number"] as const) {
      schema = setKind(schema, ["properties", "field_1"], kind, strict);
      expectStrictValid(schema);
    }
    expect(setKind(schema, ["properties", "field_1"], "array", strict).properties).toEqual({ field_1: { type: "array", items: { type: "string" } } });
    expect(setKind(schema, ["properties", "field_1"], "object", strict).properties).toEqual({ field_1: { ...EMPTY } });
  });

  it("refuses what strict mode cannot express", () => {
    expect(() => setKind(EMPTY, [], "string", strict)).toThrow("root must be an object");
    const schema = addProperty(EMPTY, [], strict).schema;
    expect(() => setKind(schema, ["properties", "field_1"], "any", strict)).toThrow("'any' is not available");
    expect(setKind(schema, ["properties", "field_1"], "any", loose).properties).toEqual({ field_1: {} });
  });

  it("points a reference at a definition that does not lead back, or refuses", () => {
    const schema = addProperty(EMPTY, [], strict).schema;
    expect(() => setKind(schema, ["properties", "field_1"], "ref", strict)).toThrow("no definition to refer to");
    const withDef = addDefinition(schema).schema;
    const ref = setKind(withDef, ["properties", "field_1"], "ref", strict);
    expect((ref.properties as Record<string, unknown>).field_1).toEqual({ $ref: "#/$defs/def_1" });
    expectStrictValid(ref);
    // def_1 cannot refer to itself; def_2 may refer to def_1, but then def_1 not to def_2.
    expect(refTargets(ref, ["$defs", "def_1"])).toEqual([]);
    const two = addProperty(addDefinition(ref).schema, ["$defs", "def_2"], strict).schema;
    const def2ToDef1 = setKind(two, ["$defs", "def_2", "properties", "field_1"], "ref", strict);
    expect(refTargets(def2ToDef1, ["$defs", "def_1", "properties", "x"])).toEqual([]);
    expect(refTargets(def2ToDef1, ["properties", "field_1"])).toEqual(["#/$defs/def_1", "#/$defs/def_2"]);
  });

  it("does not nest deeper than strict mode allows", () => {
    let schema = EMPTY;
    let path: (string | number)[] = [];
    for (let level = 2; level <= 10; level++) {
      schema = addProperty(schema, path, { strict: true, name: "n" }).schema;
      path = [...path, "properties", "n"];
      schema = setKind(schema, path, "object", strict);
    }
    expect(levelOf(path)).toBe(10);
    expectStrictValid(schema);
    expect(() => addProperty(schema, path, strict)).toThrow("at most 10 levels");
    expect(() => setKind(schema, path, "array", strict)).toThrow("at most 10 levels");
    expect(addProperty(schema, path, loose).name).toBe("field_1");
  });
});

describe("keyword operations", () => {
  it("sets and removes keywords in place", () => {
    const set = setKeyword(weather(), ["properties", "city"], "maxLength", 40);
    expect((set.properties as Record<string, unknown>).city).toEqual({ type: "string", description: "City", maxLength: 40 });
    const changed = setKeyword(set, ["properties", "city"], "description", "Town");
    expect(Object.keys((changed.properties as { city: object }).city)).toEqual(["type", "description", "maxLength"]);
    expect((setKeyword(set, ["properties", "city"], "maxLength", undefined).properties as Record<string, unknown>).city).toEqual({ type: "string", description: "City" });
  });

  it("refuses structural keywords and kind changes", () => {
    expect(() => setKeyword(weather(), ["properties", "city"], "type", "number")).toThrow("setKind");
    expect(() => setKeyword(weather(), ["properties", "city"], "enum", ["a"])).toThrow("would change what kind");
    expect((setKeyword(weather(), ["properties", "unit"], "enum", [1, 2]).properties as Record<string, unknown>).unit).toEqual({ type: "string", enum: [1, 2] });
  });

  it("replaces enum values, keeping null when nullable", () => {
    const nullable = setNullable(weather(), ["properties", "unit"], true);
    const updated = setEnumValues(nullable, ["properties", "unit"], ["kelvin"]);
    expect((updated.properties as Record<string, unknown>).unit).toEqual({ type: ["string", "null"], enum: ["kelvin", null] });
    expect(() => setEnumValues(weather(), ["properties", "unit"], [])).toThrow("at least one value");
    expect(() => setEnumValues(weather(), ["properties", "unit"], ["a", "a"])).toThrow("lists 'a' twice");
  });

  it("adds variants before the null branch and removes them down to one", () => {
    const schema: JsonSchema = { ...EMPTY, properties: { v: { anyOf: [{ type: "string" }, { type: "null" }] } }, required: ["v"] };
    const added = addVariant(schema, ["properties", "v"]);
    expect((added.properties as Record<string, unknown>).v).toEqual({ anyOf: [{ type: "string" }, { type: "number" }, { type: "null" }] });
    const removed = removeVariant(added, ["properties", "v"], 0);
    expect((removed.properties as Record<string, unknown>).v).toEqual({ anyOf: [{ type: "number" }, { type: "null" }] });
    expect(() => removeVariant(removed, ["properties", "v"], 0)).toThrow("at least one variant");
  });

  it("replaces only the advanced keywords", () => {
    const schema: JsonSchema = { type: "string", minLength: 1, "x-a": 1, "x-b": 2 };
    expect(setAdvanced(schema, [], { "x-b": 3, "x-c": 4 })).toEqual({ type: "string", minLength: 1, "x-b": 3, "x-c": 4 });
    expect(() => setAdvanced(schema, [], { minLength: 2 })).toThrow("'minLength' is not an advanced keyword here");
    expect(() => setAdvanced(schema, [], { type: "number" })).toThrow("'type' is not an advanced keyword here");
    expect(() => setAdvanced(schema, [], { enum: ["a"] })).toThrow("would change what kind");
    expect(setAdvanced({ type: "string", "x-a": 1 }, [], {})).toEqual({ type: "string" });
  });
});

describe("definitions", () => {
  it("adds, renames (rewriting references) and removes definitions", () => {
    const added = addDefinition(EMPTY, { name: "place" }).schema;
    const withRef = setKind(addProperty(added, [], { strict: true, name: "home" }).schema, ["properties", "home"], "ref", strict);
    const renamed = renameDefinition(withRef, "place", "location");
    expect(renamed.$defs).toEqual({ location: { ...EMPTY } });
    expect((renamed.properties as Record<string, unknown>).home).toEqual({ $ref: "#/$defs/location" });
    expect(() => removeDefinition(renamed, "location")).toThrow("'location' is still used by the $ref at properties.home");
    expect(removeDefinition(removeProperty(renamed, [], "home"), "location").$defs).toEqual({});
  });
});

describe("edits never leave a $ref dangling", () => {
  const schema: JsonSchema = {
    type: "object",
    properties: {
      home: { type: "object", properties: { city: { type: "string" } } },
      work: { $ref: "#/properties/home/properties/city" },
      either: { anyOf: [{ type: "string" }, { type: "integer" }, { type: "boolean" }] },
      same: { $ref: "#/properties/either/anyOf/2" },
    },
  };

  it("refuses to remove a property something refers into", () => {
    expect(() => removeProperty(schema, [], "home")).toThrow("'home' is still used by the $ref at properties.work");
    expect(removeProperty(schema, [], "work").properties).not.toHaveProperty("work");
  });

  it("refuses to change the kind of a node whose parts are referenced, but not of a referenced node", () => {
    expect(() => setKind(schema, ["properties", "home"], "string", { strict: false })).toThrow("still used by the $ref at properties.work");
    expect(getAt(setKind(schema, ["properties", "home", "properties", "city"], "integer", { strict: false }), ["properties", "home", "properties", "city"])).toEqual({ type: "integer" });
  });

  it("refuses to remove a referenced option and renumbers references to the options after it", () => {
    expect(() => removeVariant(schema, ["properties", "either"], 2)).toThrow("Option 3 is still used");
    const removed = removeVariant(schema, ["properties", "either"], 0);
    expect(getAt(removed, ["properties", "same"])).toEqual({ $ref: "#/properties/either/anyOf/1" });
    expect(getAt(removed, ["properties", "either", "anyOf", 1])).toEqual({ type: "boolean" });
  });
});
