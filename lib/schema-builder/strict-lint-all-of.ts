import { deepEqual } from "@/lib/schema-builder/strict-lint-walk";
import { isRecord, type JsonSchema } from "@/lib/schema-builder/types";

// Strict mode has no allOf. The common use, composing an object from parts, can be merged into one
// schema; anything where the parts disagree cannot be merged without changing what it accepts, so
// the lint says why and leaves the restructuring to a person.

export type AllOfMerge = { merged: JsonSchema } | { reason: string };

// Annotations may differ between parts without changing what the schema accepts.
const ANNOTATIONS = new Set(["description", "title", "$comment"]);

function sourceName(index: number): string {
  return index === 0 ? "the schema itself" : `branch ${index - 1}`;
}

/**
 * The node with its allOf merged into it: `properties` and `required` united, every other keyword
 * equal wherever it appears, distinct descriptions joined. Or the reason it cannot be merged.
 */
export function mergeAllOf(node: JsonSchema): AllOfMerge {
  const branches = Array.isArray(node.allOf) ? node.allOf : [];
  for (const [index, branch] of branches.entries()) {
    if (!isRecord(branch)) return { reason: `branch ${index} is a boolean schema, not an object schema` };
    if ("$ref" in branch || "$dynamicRef" in branch) return { reason: `branch ${index} uses $ref` };
    if ("allOf" in branch) return { reason: `branch ${index} has an allOf of its own` };
  }
  const { allOf: _allOf, ...own } = node;
  const sources = [own, ...(branches as JsonSchema[])];
  const merged: JsonSchema = {};
  const origin = new Map<string, number>();
  const descriptions: string[] = [];
  for (const [index, source] of sources.entries()) {
    for (const [key, value] of Object.entries(source)) {
      const firstSeen = origin.get(key);
      if (firstSeen === undefined) origin.set(key, index);
      if (key === "description" && typeof value === "string") {
        if (!descriptions.includes(value)) descriptions.push(value);
        merged.description = descriptions.join(" ");
      } else if (key === "properties") {
        if (!isRecord(value)) return { reason: `'properties' of ${sourceName(index)} is not an object` };
        const properties = { ...(isRecord(merged.properties) ? merged.properties : {}) };
        for (const [name, schema] of Object.entries(value)) {
          if (Object.hasOwn(properties, name) && !deepEqual(properties[name], schema)) {
            return { reason: `property '${name}' differs between ${sourceName(firstSourceOf(sources, name, index))} and ${sourceName(index)}` };
          }
          properties[name] = schema;
        }
        merged.properties = properties;
      } else if (key === "required") {
        if (!Array.isArray(value)) return { reason: `'required' of ${sourceName(index)} is not a list` };
        const required = Array.isArray(merged.required) ? [...(merged.required as unknown[])] : [];
        for (const name of value) if (!required.includes(name)) required.push(name);
        merged.required = required;
      } else if (firstSeen === undefined) {
        merged[key] = value;
      } else if (!ANNOTATIONS.has(key) && !deepEqual(merged[key], value)) {
        return { reason: `'${key}' differs between ${sourceName(firstSeen)} and ${sourceName(index)}` };
      }
    }
  }
  return { merged };
}

function firstSourceOf(sources: JsonSchema[], property: string, before: number): number {
  const index = sources.findIndex((source, at) => at < before && isRecord(source.properties) && Object.hasOwn(source.properties, property));
  return index === -1 ? 0 : index;
}
