import { isRecord, type JsonSchema } from "@/lib/schema-builder/types";

// Strict mode has no optional properties: an "optional" one is required and accepts null. These
// helpers add and remove that null in the smallest readable way (a "null" in `type`, a null in
// `enum`, a `{type: "null"}` branch), wrapping in anyOf only when nothing smaller works.

const NULL_BRANCH: JsonSchema = { type: "null" };


function isNullBranch(value: unknown): boolean {
  return isRecord(value) && value.type === "null" && Object.keys(value).length === 1;
}

/**
 * Whether the schema explicitly accepts null: every constraint among `type`, `enum`, `const` lets
 * null through, or an `anyOf`/`oneOf` branch does. `true` accepts everything; `{}` counts as not
 * nullable because strict mode needs a type there anyway, and wrapping it says what is meant.
 */
export function isNullable(node: unknown): boolean {
  if (node === true) return true;
  if (!isRecord(node)) return false;
  let constrained = false;
  if ("type" in node) {
    constrained = true;
    if (!(node.type === "null" || (Array.isArray(node.type) && node.type.includes("null")))) return false;
  }
  if ("enum" in node) {
    constrained = true;
    if (!(Array.isArray(node.enum) && node.enum.includes(null))) return false;
  }
  if ("const" in node) {
    constrained = true;
    if (node.const !== null) return false;
  }
  for (const keyword of ["anyOf", "oneOf"] as const) {
    if (keyword in node) {
      constrained = true;
      const branches = node[keyword];
      if (!(Array.isArray(branches) && branches.some(isNullable))) return false;
    }
  }
  if ("$ref" in node || "allOf" in node) return false;
  return constrained;
}

/** Keywords whose presence means null cannot be added in place without changing what they mean. */
const NEEDS_WRAP = ["const", "$ref", "$dynamicRef", "allOf", "oneOf", "not", "if"];

/**
 * `makeNullable` plus whether it wrapped the node in `{anyOf: [node, {type: "null"}]}`: then the
 * old node lives on at `anyOf/0`, which matters to `$ref`s that pointed into it.
 */
export function makeNullableDetailed(node: JsonSchema): { schema: JsonSchema; wrapped: boolean } {
  if (isNullable(node)) return { schema: node, wrapped: false };
  const hasType = typeof node.type === "string" || Array.isArray(node.type);
  const hasEnum = Array.isArray(node.enum);
  const hasAnyOf = Array.isArray(node.anyOf);
  if (NEEDS_WRAP.some((keyword) => keyword in node) || !(hasType || hasEnum || hasAnyOf)) {
    const { description, ...rest } = node;
    const schema: JsonSchema = { anyOf: [rest, { ...NULL_BRANCH }] };
    if (description !== undefined) schema.description = description;
    return { schema, wrapped: true };
  }
  const schema: JsonSchema = { ...node };
  if (typeof node.type === "string") schema.type = [node.type, "null"];
  else if (Array.isArray(node.type) && !node.type.includes("null")) schema.type = [...node.type, "null"];
  if (hasEnum && !(node.enum as unknown[]).includes(null)) schema.enum = [...(node.enum as unknown[]), null];
  if (hasAnyOf && !(node.anyOf as unknown[]).some(isNullable)) schema.anyOf = [...(node.anyOf as unknown[]), { ...NULL_BRANCH }];
  return { schema, wrapped: false };
}

/** The schema, also accepting null (unchanged when it already does). */
export function makeNullable(node: JsonSchema): JsonSchema {
  return makeNullableDetailed(node).schema;
}

/** The inverse of `makeNullable` on its forms: removes the null it adds (unchanged when there is none). */
export function makeNonNullable(node: JsonSchema): JsonSchema {
  if (Array.isArray(node.anyOf) && node.anyOf.some(isNullBranch)) {
    const kept = node.anyOf.filter((branch) => !isNullBranch(branch));
    const { anyOf: _anyOf, ...rest } = node;
    if (kept.length === 0) return node;
    const only = kept[0];
    // Undo the wrap: the single remaining branch takes the outer keywords back (the description),
    // unless they would overwrite its own.
    if (kept.length === 1 && isRecord(only) && !("anyOf" in rest) && Object.keys(rest).every((key) => !(key in only))) {
      return { ...only, ...rest };
    }
    return { ...node, anyOf: kept };
  }
  const schema: JsonSchema = { ...node };
  if (Array.isArray(node.type) && node.type.includes("null")) {
    const types = node.type.filter((type) => type !== "null");
    if (types.length === 0) return node;
    schema.type = types.length === 1 ? types[0] : types;
  }
  if (Array.isArray(node.enum) && node.enum.includes(null)) {
    const values = node.enum.filter((value) => value !== null);
    if (values.length > 0) schema.enum = values;
  }
  return schema;
}
