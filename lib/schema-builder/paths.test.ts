import { describe, expect, it } from "vitest";
import { deleteAt, formatPath, getAt, pathToPointer, pointerToPath, setAt, updateAt } from "@/lib/schema-builder/paths";

function sample() {
  return {
    type: "object",
    properties: { address: { type: "object", required: ["city"], properties: { city: { type: "string" } } } },
    anyOf: [{ type: "string" }, { type: "null" }],
  };
}

describe("getAt", () => {
  it("reads nested keys and array indexes", () => {
    const schema = sample();
    expect(getAt(schema, [])).toBe(schema);
    expect(getAt(schema, ["properties", "address", "required", 0])).toBe("city");
    expect(getAt(schema, ["anyOf", 1, "type"])).toBe("null");
    expect(getAt(schema, ["anyOf", "0", "type"])).toBe("string");
  });

  it("returns undefined for missing steps and through scalars", () => {
    expect(getAt(sample(), ["properties", "nope", "type"])).toBeUndefined();
    expect(getAt(sample(), ["type", "length"])).toBeUndefined();
    expect(getAt(sample(), ["anyOf", 5])).toBeUndefined();
    expect(getAt(null, ["a"])).toBeUndefined();
    // Inherited properties are not schema keys.
    expect(getAt({}, ["toString"])).toBeUndefined();
  });
});

describe("setAt", () => {
  it("sets a value and copies only the path", () => {
    const schema = sample();
    const frozen = JSON.stringify(schema);
    const next = setAt(schema, ["properties", "address", "properties", "city", "type"], "number");
    expect(getAt(next, ["properties", "address", "properties", "city", "type"])).toBe("number");
    expect(JSON.stringify(schema)).toBe(frozen);
    expect(next).not.toBe(schema);
    expect(next.anyOf).toBe(schema.anyOf);
    expect(next.properties.address.required).toBe(schema.properties.address.required);
  });

  it("adds a new key when the parent exists and replaces array elements", () => {
    const next = setAt(sample(), ["properties", "address", "additionalProperties"], false);
    expect(next.properties.address).toMatchObject({ additionalProperties: false, required: ["city"] });
    const replaced = setAt(sample(), ["anyOf", 0], { type: "integer" });
    expect(replaced.anyOf).toEqual([{ type: "integer" }, { type: "null" }]);
    const appended = setAt(sample(), ["anyOf", 2], { type: "boolean" });
    expect(appended.anyOf).toHaveLength(3);
  });

  it("returns the value for the empty path", () => {
    expect(setAt(sample(), [], 42)).toBe(42);
  });

  it("throws when the parent does not exist", () => {
    expect(() => setAt(sample(), ["properties", "missing", "type"], "string")).toThrow(/properties\.missing/);
    expect(() => setAt(sample(), ["type", "x"], 1)).toThrow();
    expect(() => setAt(sample(), ["anyOf", 7], 1)).toThrow(/past the end/);
    expect(() => setAt(sample(), ["anyOf", "x"], 1)).toThrow(/not an array index/);
  });
});

describe("deleteAt", () => {
  it("removes a key without touching the input", () => {
    const schema = sample();
    const next = deleteAt(schema, ["properties", "address", "required"]);
    expect(next.properties.address).not.toHaveProperty("required");
    expect(schema.properties.address.required).toEqual(["city"]);
  });

  it("splices array elements", () => {
    const next = deleteAt(sample(), ["anyOf", 0]);
    expect(next.anyOf).toEqual([{ type: "null" }]);
  });

  it("returns the input itself when nothing is there", () => {
    const schema = sample();
    expect(deleteAt(schema, ["properties", "nope"])).toBe(schema);
    expect(deleteAt(schema, ["nope", "deeper"])).toBe(schema);
  });

  it("refuses to delete the root", () => {
    expect(() => deleteAt(sample(), [])).toThrow(/root/);
  });
});

describe("updateAt", () => {
  it("replaces a node by a function of it", () => {
    const schema = sample();
    const next = updateAt(schema, ["properties", "address", "required"], (required) => [...(required as string[]), "zip"]);
    expect(next.properties.address.required).toEqual(["city", "zip"]);
    expect(schema.properties.address.required).toEqual(["city"]);
  });

  it("passes undefined for a missing key under an existing parent", () => {
    const next = updateAt(sample(), ["properties", "address", "title"], (title) => (title === undefined ? "Address" : "?"));
    expect(next.properties.address).toHaveProperty("title", "Address");
  });
});

describe("formatPath", () => {
  it("renders like OpenAI's error.param", () => {
    expect(formatPath(["properties", "address", "required"])).toBe("properties.address.required");
    expect(formatPath(["anyOf", 0])).toBe("anyOf[0]");
    expect(formatPath(["items", "properties", "x"])).toBe("items.properties.x");
    expect(formatPath(["anyOf", 1, "properties", "a", "enum", 3])).toBe("anyOf[1].properties.a.enum[3]");
    expect(formatPath([0, "type"])).toBe("[0].type");
    expect(formatPath([])).toBe("");
  });
});

describe("JSON pointers", () => {
  it("round-trips escaped segments", () => {
    const path = ["$defs", "a/b", "c~d", "50%"];
    expect(pathToPointer(path)).toBe("#/$defs/a~1b/c~0d/50%25");
    expect(pointerToPath(pathToPointer(path))).toEqual(path);
    expect(pointerToPath("#")).toEqual([]);
    expect(pointerToPath("#anchor")).toBeNull();
    expect(pointerToPath("#/bad%")).toBeNull();
  });
});
