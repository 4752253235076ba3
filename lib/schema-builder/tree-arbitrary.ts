import fc from "fast-check";
import { exampleFor } from "@/lib/schema-builder/example";
import { buildTree, flattenTree, type NodeKind, type TreeNode } from "@/lib/schema-builder/tree";
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

// Random edit sequences for the property tests (tests only). An operation is drawn as numbers and
// resolved against the schema it is applied to (`target` picks a node among those it applies to),
// so every step is an edit the UI could offer at that point. Values are chosen the way the UI
// would let a person choose them, within two rules the UI does not enforce but a person would
// notice: constraints stay satisfiable (no minimum above the maximum), and `default` (only when
// not strict) is a value of the node. `pattern` is left out: a regex can make a schema that no
// example generator satisfies.

export const EMPTY_ROOT: JsonSchema = { type: "object", properties: {}, required: [], additionalProperties: false };

export type TreeOp =
  | { op: "addProperty" | "removeProperty" | "addVariant" | "removeDefinition"; target: number }
  | { op: "renameProperty" | "renameDefinition"; target: number; name: number }
  | { op: "moveProperty"; target: number; delta: -1 | 1 }
  | { op: "setKind"; target: number; kind: NodeKind }
  | { op: "setNullable" | "setRequired"; target: number; flag: boolean }
  | { op: "setKeyword"; target: number; keyword: number; value: number }
  | { op: "setDescription"; target: number; text: string }
  | { op: "setEnumValues"; target: number; values: string[] }
  | { op: "removeVariant"; target: number; index: number }
  | { op: "setAdvanced"; target: number; choice: number }
  | { op: "addDefinition" };

const KINDS: NodeKind[] = ["string", "number", "integer", "boolean", "object", "array", "enum", "anyOf", "ref", "null", "any"];
const ENUM_VALUES = ["red", "green", "blue", "a b", "", "ünï", "42"];
const FORMATS = ["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"];
const NUMBERS = [-5, -1, 0, 1, 2, 3, 5, 10, 100];
const STEPS = [1, 2, 5, 0.5, 0.25];
const SIZES = [0, 1, 2, 3, 5, 10];
const ADVANCED: Record<string, unknown>[] = [{}, { $comment: "kept as is" }, { "x-order": 1 }, { $comment: "two", "x-ui": { widget: "wide" } }];

const target = fc.nat({ max: 1000 });
export const treeOpArbitrary: fc.Arbitrary<TreeOp> = fc.oneof(
  fc.record({ op: fc.constantFrom("addProperty" as const, "removeProperty" as const, "addVariant" as const, "removeDefinition" as const), target }),
  fc.record({ op: fc.constant("addProperty" as const), target }),
  fc.record({ op: fc.constantFrom("renameProperty" as const, "renameDefinition" as const), target, name: fc.nat({ max: 5 }) }),
  fc.record({ op: fc.constant("moveProperty" as const), target, delta: fc.constantFrom(-1 as const, 1 as const) }),
  fc.record({ op: fc.constant("setKind" as const), target, kind: fc.constantFrom(...KINDS) }),
  fc.record({ op: fc.constant("setKind" as const), target, kind: fc.constantFrom<NodeKind>("object", "array", "anyOf") }),
  fc.record({ op: fc.constantFrom("setNullable" as const, "setRequired" as const), target, flag: fc.boolean() }),
  fc.record({ op: fc.constant("setKeyword" as const), target, keyword: fc.nat({ max: 20 }), value: fc.nat({ max: 20 }) }),
  fc.record({ op: fc.constant("setDescription" as const), target, text: fc.string({ maxLength: 12 }) }),
  fc.record({ op: fc.constant("setEnumValues" as const), target, values: fc.uniqueArray(fc.constantFrom(...ENUM_VALUES), { minLength: 1, maxLength: 4 }) }),
  fc.record({ op: fc.constant("removeVariant" as const), target, index: fc.nat({ max: 4 }) }),
  fc.record({ op: fc.constant("setAdvanced" as const), target, choice: fc.nat({ max: ADVANCED.length - 1 }) }),
  fc.record({ op: fc.constant("addDefinition" as const) }),
);

const pick = <T>(items: readonly T[], index: number): T | undefined => (items.length === 0 ? undefined : items[index % items.length]);

/** Whether some number (an integer for integers) meets the node's numeric constraints. */
function numberSatisfiable(node: Record<string, unknown>, integer: boolean): boolean {
  const step = typeof node.multipleOf === "number" ? node.multipleOf : integer ? 1 : 0.25;
  for (let k = -2000; k <= 2000; k++) {
    const value = k * step;
    const fits =
      (!integer || Number.isInteger(value)) &&
      !(typeof node.minimum === "number" && value < node.minimum) &&
      !(typeof node.maximum === "number" && value > node.maximum) &&
      !(typeof node.exclusiveMinimum === "number" && value <= node.exclusiveMinimum) &&
      !(typeof node.exclusiveMaximum === "number" && value >= node.exclusiveMaximum);
    if (fits) return true;
  }
  return false;
}

function keywordChoices(node: TreeNode, strict: boolean): [string, unknown[]][] {
  const shared: [string, unknown[]][] = [["title", ["Title", "Another title"]]];
  switch (node.kind) {
    case "string":
      return [...shared, ["minLength", SIZES], ["maxLength", SIZES], ["format", FORMATS]];
    case "number":
    case "integer":
      return [...shared, ["minimum", NUMBERS], ["maximum", NUMBERS], ["exclusiveMinimum", NUMBERS], ["exclusiveMaximum", NUMBERS], ["multipleOf", STEPS]];
    case "array":
      return [...shared, ["minItems", SIZES], ["maxItems", SIZES]];
    case "object":
      return strict ? shared : [...shared, ["additionalProperties", [true, false]]];
    default:
      return shared;
  }
}

/** The keyword edit `op` stands for on `node`, or null when it would break the two rules above. */
function keywordEdit(node: TreeNode, schema: JsonSchema, op: { keyword: number; value: number }, strict: boolean): [string, unknown] | null {
  const choices = keywordChoices(node, strict);
  const withDefault = !strict && ["string", "number", "integer", "boolean"].includes(node.kind);
  if (withDefault && op.keyword % (choices.length + 2) >= choices.length) {
    // A default is an example of the node; the example generator then returns it, so it must fit.
    return "default" in node.constraints ? ["default", undefined] : ["default", exampleFor(getNode(schema, node))];
  }
  const [keyword, values] = choices[op.keyword % choices.length]!;
  const value = op.value % (values.length + 1) === values.length ? undefined : values[op.value % (values.length + 1)];
  const next = { ...getNode(schema, node), [keyword]: value };
  if (value !== undefined && keyword !== "title" && "default" in node.constraints) return null;
  const has = (name: string) => next[name] !== undefined;
  if ((keyword === "format" && (has("minLength") || has("maxLength"))) || (/Length$/.test(keyword) && has("format"))) return null;
  if (has("minLength") && has("maxLength") && (next.minLength as number) > (next.maxLength as number)) return null;
  if (has("minItems") && has("maxItems") && (next.minItems as number) > (next.maxItems as number)) return null;
  if ((node.kind === "number" || node.kind === "integer") && !numberSatisfiable(next, node.kind === "integer")) return null;
  return [keyword, value];
}

function getNode(schema: JsonSchema, node: TreeNode): Record<string, unknown> {
  let current: unknown = schema;
  for (const segment of node.path) current = (current as Record<string, unknown>)[segment as string];
  return current as Record<string, unknown>;
}

function freshName(taken: readonly string[], index: number): string {
  let name = `renamed_${index}`;
  while (taken.includes(name)) name += "_";
  return name;
}

const parentOf = (node: TreeNode) => node.path.slice(0, -2);

/** Applies `op` to `schema` where it applies; returns `schema` itself when no node fits it. */
export function applyTreeOp(schema: JsonSchema, op: TreeOp, strict: boolean): JsonSchema {
  const nodes = flattenTree(buildTree(schema));
  const options = { strict };
  const among = (keep: (node: TreeNode) => boolean) => pick(nodes.filter(keep), "target" in op ? op.target : 0);
  const properties = (node: TreeNode) => node.role === "property";
  switch (op.op) {
    case "addProperty": {
      const node = among((candidate) => candidate.kind === "object" && (!strict || levelOf([...candidate.path, "properties", "x"]) <= 10));
      return node ? addProperty(schema, node.path, options).schema : schema;
    }
    case "removeProperty": {
      const node = among(properties);
      return node ? removeProperty(schema, parentOf(node), node.name!) : schema;
    }
    case "renameProperty": {
      const node = among(properties);
      if (!node) return schema;
      const siblings = nodes.filter((other) => other.role === "property" && String(parentOf(other)) === String(parentOf(node))).map((other) => other.name!);
      return renameProperty(schema, parentOf(node), node.name!, freshName(siblings, op.name));
    }
    case "moveProperty": {
      const node = among(properties);
      return node ? moveProperty(schema, parentOf(node), node.name!, op.delta) : schema;
    }
    case "setKind": {
      const node = among((candidate) => !(strict && candidate.role === "root"));
      if (!node || (strict && op.kind === "any")) return schema;
      if (op.kind === "ref" && (node.kind === "ref" || refTargets(schema, node.path).length === 0)) return schema;
      if (op.kind === "array" && strict && levelOf([...node.path, "items"]) > 10) return schema;
      return setKind(schema, node.path, op.kind, options);
    }
    case "setNullable": {
      const node = among((candidate) => candidate.role !== "root");
      return node ? setNullable(schema, node.path, op.flag) : schema;
    }
    case "setRequired": {
      const node = among(properties);
      return node ? setRequired(schema, parentOf(node), node.name!, op.flag, options) : schema;
    }
    case "setKeyword": {
      const node = among(() => true);
      const edit = node && keywordEdit(node, schema, op, strict);
      return node && edit ? setKeyword(schema, node.path, edit[0], edit[1]) : schema;
    }
    case "setDescription": {
      const node = among(() => true);
      // The UI removes the keyword when the text is emptied.
      return node ? setKeyword(schema, node.path, "description", op.text === "" ? undefined : op.text) : schema;
    }
    case "setEnumValues": {
      const node = among((candidate) => candidate.kind === "enum");
      return node ? setEnumValues(schema, node.path, op.values) : schema;
    }
    case "addVariant": {
      const node = among((candidate) => candidate.kind === "anyOf");
      return node ? addVariant(schema, node.path) : schema;
    }
    case "removeVariant": {
      const variants = (node: TreeNode) => node.children.filter((child) => child.role === "variant");
      const node = among((candidate) => candidate.kind === "anyOf" && variants(candidate).length > 1);
      const variant = node && pick(variants(node), op.index);
      return node && variant ? removeVariant(schema, node.path, variant.path[variant.path.length - 1] as number) : schema;
    }
    case "setAdvanced": {
      const node = among(() => true);
      return node ? setAdvanced(schema, node.path, ADVANCED[op.choice]!) : schema;
    }
    case "addDefinition":
      return addDefinition(schema).schema;
    case "removeDefinition": {
      const node = among((candidate) => candidate.role === "definition" && !JSON.stringify(schema).includes(`"#/$defs/${candidate.name}"`));
      return node ? removeDefinition(schema, node.name!) : schema;
    }
    case "renameDefinition": {
      const node = among((candidate) => candidate.role === "definition");
      const taken = nodes.filter((other) => other.role === "definition").map((other) => other.name!);
      return node ? renameDefinition(schema, node.name!, freshName(taken, op.name)) : schema;
    }
  }
}

/** Applies the operations in order from `start`. */
export function applyTreeOps(start: JsonSchema, ops: readonly TreeOp[], strict: boolean): JsonSchema {
  return ops.reduce((schema, op) => applyTreeOp(schema, op, strict), start);
}
