import fc from "fast-check";
import { pathToPointer } from "@/lib/schema-builder/paths";
import { walkSubschemas } from "@/lib/schema-builder/strict-lint-walk";
import type { JsonSchema } from "@/lib/schema-builder/types";

// Random JSON Schemas for property tests (imported by tests only): valid JSON Schema, but full of
// what strict mode rejects, so every rule and every fix gets exercised. `$defs` always holds the
// names the generated `$ref`s use, so references resolve.

const NAMES = ["a", "b", "c", "id", "name", "tags"];
const DEF_NAMES = ["node", "item"];

const description = fc.option(fc.constantFrom("A value", "Pick one.", "Kind?"), { nil: undefined });

/** Adds the optional keys that are present. */
function compact(schema: Record<string, unknown>): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined));
}

const scalar: fc.Arbitrary<JsonSchema> = fc.oneof(
  fc
    .record({
      type: fc.constantFrom<unknown>("string", ["string", "null"], ["null", "string"]),
      description,
      format: fc.option(fc.constantFrom("email", "uri", "date"), { nil: undefined }),
      pattern: fc.option(fc.constantFrom("^[a-z]+$", "^(?!x)"), { nil: undefined }),
      maxLength: fc.option(fc.nat(20), { nil: undefined }),
      default: fc.option(fc.constantFrom("x", ""), { nil: undefined }),
      nullable: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(compact),
  fc.record({ type: fc.constantFrom("integer", "number", "boolean"), description, default: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }) }).map(compact),
  fc.record({ enum: fc.uniqueArray(fc.oneof(fc.constantFrom("x", "y", "z"), fc.integer({ min: 0, max: 2 }), fc.constant(null)), { minLength: 1, maxLength: 4 }), type: fc.option(fc.constant("string"), { nil: undefined }) }).map(compact),
  fc.record({ const: fc.constantFrom("on", 1, true), description }).map(compact),
  fc.record({ $ref: fc.constantFrom(...DEF_NAMES.map((name) => `#/$defs/${name}`), "#"), description, nullable: fc.option(fc.constant(true), { nil: undefined }) }).map(compact),
  fc.record({ description: fc.constant("untyped") }),
);

type Schema = JsonSchema | boolean;

function objectOf(child: fc.Arbitrary<Schema>): fc.Arbitrary<JsonSchema> {
  return fc
    .record({
      properties: fc.dictionary(fc.constantFrom(...NAMES), child, { maxKeys: 3 }),
      requiredPick: fc.subarray(NAMES),
      extraRequired: fc.subarray(["ghost", "phantom"]),
      typed: fc.constantFrom<unknown>("object", ["object", "null"], undefined),
      additionalProperties: fc.option(fc.oneof(fc.boolean(), child), { nil: undefined }),
      minProperties: fc.option(fc.nat(2), { nil: undefined }),
      nullable: fc.option(fc.boolean(), { nil: undefined }),
      description,
    })
    .map(({ properties, requiredPick, extraRequired, typed, ...rest }) => {
      const required = [...requiredPick.filter((name) => name in properties), ...extraRequired];
      return compact({ type: typed, properties, required: required.length > 0 || requiredPick.length > 2 ? required : undefined, ...rest });
    });
}

function arrayOf(child: fc.Arbitrary<Schema>): fc.Arbitrary<JsonSchema> {
  return fc
    .record({
      type: fc.constantFrom<unknown>("array", ["array", "null"]),
      items: fc.option(child, { nil: undefined }),
      uniqueItems: fc.option(fc.boolean(), { nil: undefined }),
      prefixItems: fc.option(fc.array(child, { minLength: 1, maxLength: 2 }), { nil: undefined }),
      contains: fc.option(child, { nil: undefined }),
      default: fc.option(fc.constant([]), { nil: undefined }),
    })
    .map(compact);
}

const mergeableAllOf: fc.Arbitrary<JsonSchema> = fc
  .tuple(fc.subarray(NAMES, { minLength: 1 }), fc.boolean(), description)
  .map(([names, splitRequired, text]) => {
    const half = Math.ceil(names.length / 2);
    const part = (keys: string[], withType: boolean): JsonSchema =>
      compact({ type: withType ? "object" : undefined, properties: Object.fromEntries(keys.map((key) => [key, { type: "string" }])), required: splitRequired ? keys : undefined });
    return compact({ description: text, allOf: [part(names.slice(0, half), true), part(names.slice(half), false)] });
  });

const conflictingAllOf: fc.Arbitrary<JsonSchema> = fc.constantFrom<JsonSchema>(
  { allOf: [{ $ref: "#/$defs/item" }, { type: "object", properties: { x: { type: "string" } } }] },
  { allOf: [{ type: "string" }, { type: "integer" }] },
  { allOf: [{ properties: { a: { type: "string" } } }, { properties: { a: { type: "number" } } }] },
  { type: "object", allOf: [{ allOf: [{ type: "object" }] }] },
);

const tree = fc.letrec<{ schema: Schema; object: JsonSchema }>((tie) => ({
  schema: fc.oneof(
    { depthSize: "xsmall", maxDepth: 4, withCrossShrink: true },
    scalar,
    fc.boolean(),
    tie("object"),
    arrayOf(tie("schema")),
    fc.array(tie("schema"), { minLength: 1, maxLength: 3 }).map((branches) => ({ anyOf: branches })),
    fc.tuple(fc.array(tie("schema"), { minLength: 1, maxLength: 3 }), fc.boolean()).map(([branches, withAnyOf]) => compact({ oneOf: branches, anyOf: withAnyOf ? [{ type: "string" }] : undefined })),
    mergeableAllOf,
    conflictingAllOf,
    fc.tuple(scalar, tie("schema")).map(([base, condition]) => ({ ...base, not: condition })),
    fc.tuple(scalar, tie("schema"), tie("schema")).map(([base, condition, then]) => ({ ...base, if: condition, then })),
  ),
  object: objectOf(tie("schema")),
}));

/** Points a new root property at a random existing subschema, the way hand-written `$ref`s do. */
function withLocalRef(schema: JsonSchema, pick: number): JsonSchema {
  const paths: string[] = [];
  walkSubschemas(schema, ({ path, node }) => {
    if (typeof node === "object") paths.push(pathToPointer(path));
  });
  const pointer = paths[pick % paths.length]!;
  const properties = typeof schema.properties === "object" && schema.properties !== null ? schema.properties : {};
  return { ...schema, properties: { ...properties, link: { $ref: pointer } } };
}

/** A random schema, valid JSON Schema, usually breaking several strict rules. */
export const schemaArbitrary: fc.Arbitrary<JsonSchema> = fc
  .record({
    root: fc.oneof(
      { weight: 5, arbitrary: tree.object },
      { weight: 1, arbitrary: fc.array(tree.object, { minLength: 1, maxLength: 2 }).map((anyOf) => ({ anyOf })) },
      { weight: 1, arbitrary: arrayOf(tree.schema) },
      { weight: 1, arbitrary: scalar },
    ),
    defs: fc.tuple(tree.schema, tree.object),
    dialect: fc.constantFrom<string | undefined>(undefined, "https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-07/schema#"),
    link: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ root, defs, dialect, link }) => {
    const schema = compact({ $schema: dialect, ...root, $defs: { [DEF_NAMES[0]!]: defs[1], [DEF_NAMES[1]!]: defs[0] } });
    return link === undefined ? schema : withLocalRef(schema, link);
  });
