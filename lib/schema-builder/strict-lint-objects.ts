import { formatPath } from "@/lib/schema-builder/paths";

import { isRecord, type SchemaPath, type SchemaProblem } from "@/lib/schema-builder/types";

// The two rules that make strict mode strict: an object lists every key it may have, and every
// listed key is required (optional becomes "required, but may be null").

/** An object schema: `type` is or includes "object", or there is no type but there are properties. */
export function isObjectSchema(node: unknown): boolean {
  if (!isRecord(node)) return false;
  if (node.type === "object") return true;
  if (Array.isArray(node.type)) return node.type.includes("object");
  return node.type === undefined && "properties" in node;
}

function where(path: SchemaPath): string {
  return path.length === 0 ? "the root object" : `'${formatPath(path)}'`;
}

/** Names of `required` entries that are not properties, in order; they are all removed together. */
export function extraRequired(node: Record<string, unknown>): string[] {
  const properties = isRecord(node.properties) ? node.properties : {};
  const required = Array.isArray(node.required) ? node.required : [];
  return required.filter((name): name is string => typeof name === "string" && !Object.hasOwn(properties, name));
}

/** `at.path` is read only when there is a problem; `referenced(path)`: whether a `$ref` points into `path`, which a fix must then not replace. */
export function objectProblems(node: Record<string, unknown>, at: { readonly path: SchemaPath }, referenced: (path: SchemaPath) => boolean): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const properties = isRecord(node.properties) ? node.properties : {};
  const required = Array.isArray(node.required) ? node.required : [];
  const extras = extraRequired(node);
  // Reading `at.path` builds it; a clean object (the usual case) never does.
  const clean = node.additionalProperties === false && extras.length === 0 && Object.keys(properties).every((name) => required.includes(name));
  if (clean) return problems;
  const path = at.path;
  if (node.additionalProperties !== false) {
    const at = [...path, "additionalProperties"];
    const current = "additionalProperties" in node ? `is ${JSON.stringify(node.additionalProperties)}` : "is missing";
    // Replacing a schema-valued additionalProperties that a $ref points into would break the $ref.
    const fixable = !isRecord(node.additionalProperties) || !referenced(at);
    problems.push({
      rule: "strict/additional-properties",
      severity: "error",
      path: at,
      message: `'additionalProperties' must be false in strict mode (every object must list all its keys); on ${where(path)} it ${current}`,
      ...(fixable ? { fix: "Set additionalProperties to false" } : {}),
    });
  }
  for (const [name, schema] of Object.entries(properties)) {
    if (required.includes(name)) continue;
    problems.push({
      rule: "strict/required",
      severity: "error",
      path: [...path, "properties", name],
      message: `Property '${name}' must be listed in 'required': strict mode has no optional properties, so make it required and nullable (the model sends null for "no value")`,
      ...(isRecord(schema) || schema === true ? { fix: "Make required (nullable)" } : {}),
    });
  }
  const fix = extras.length === 1 ? `Remove '${extras[0]}' from required` : `Remove ${extras.map((name) => `'${name}'`).join(", ")} from required`;
  required.forEach((name, index) => {
    if (typeof name !== "string" || !extras.includes(name)) return;
    problems.push({
      rule: "strict/required",
      severity: "error",
      path: [...path, "required", index],
      message: `'required' lists '${name}', which is not in 'properties' (OpenAI: "Extra required key supplied")`,
      fix,
    });
  });
  return problems;
}
