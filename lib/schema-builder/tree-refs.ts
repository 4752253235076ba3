import { formatPath, getAt, pathToPointer, setAt } from "@/lib/schema-builder/paths";
import { collectRefs, isReferencedWithin, moveRefs } from "@/lib/schema-builder/strict-lint-refs";
import { DEFINITION_KEYWORDS } from "@/lib/schema-builder/tree";
import { isRecord, type JsonSchema, type SchemaPath } from "@/lib/schema-builder/types";

// Definitions (`$defs`) and the references to them. The builder only offers references that do
// not lead back to where they are used: a cycle of bare references never ends, and in strict mode
// (where every property is required) even a cycle through properties has no finite value, so
// neither the model nor the example generator could produce one. People who want recursion can
// still write it in the JSON view.

type DefinitionKeyword = (typeof DEFINITION_KEYWORDS)[number];

/** Where new definitions go: `$defs`, unless the schema already uses draft-07's `definitions` only. */
function definitionKeyword(schema: JsonSchema): DefinitionKeyword {
  return isRecord(schema.definitions) && !isRecord(schema.$defs) ? "definitions" : "$defs";
}

function definitionsOf(schema: JsonSchema, keyword: DefinitionKeyword): Record<string, unknown> {
  const definitions = schema[keyword];
  return isRecord(definitions) ? definitions : {};
}

/** Which keyword holds the definition `name`; throws when there is none. */
function keywordHolding(schema: JsonSchema, name: string): DefinitionKeyword {
  const keyword = DEFINITION_KEYWORDS.find((candidate) => Object.hasOwn(definitionsOf(schema, candidate), name));
  if (!keyword) throw new Error(`There is no definition '${name}'`);
  return keyword;
}

// A key named "__proto__" would set the prototype when assigned; paths cannot address it either.
export function checkName(name: string, taken: Record<string, unknown>, what: string): void {
  if (name.trim() === "") throw new Error(`A ${what} name cannot be empty`);
  if (name === "__proto__") throw new Error(`'__proto__' cannot be used as a ${what} name`);
  if (Object.hasOwn(taken, name)) throw new Error(`There is already a ${what} named '${name}'`);
}

/** `prefix_1`, `prefix_2`…: the first one not taken. */
export function freshName(taken: Record<string, unknown>, prefix: string): string {
  for (let index = 1; ; index++) if (!Object.hasOwn(taken, `${prefix}_${index}`)) return `${prefix}_${index}`;
}


/** Adds an empty object definition (strict-valid as it stands) at the end of `$defs`. */
export function addDefinition(schema: JsonSchema, options: { name?: string } = {}): { schema: JsonSchema; name: string } {
  const keyword = definitionKeyword(schema);
  const definitions = definitionsOf(schema, keyword);
  const name = options.name ?? freshName(definitions, "def");
  checkName(name, definitions, "definition");
  const definition: JsonSchema = { type: "object", properties: {}, required: [], additionalProperties: false };
  return { schema: { ...schema, [keyword]: Object.fromEntries([...Object.entries(definitions), [name, definition]]) }, name };
}

/**
 * Throws while a `$ref` outside `path` points at it or into it (`inside`: only strictly into it, for
 * edits that keep the node but drop its children), so no edit leaves a reference dangling.
 */
export function assertUnreferenced(schema: JsonSchema, path: SchemaPath, what: string, options: { inside?: boolean } = {}): void {
  const users = collectRefs(schema).filter(
    (site) => site.target !== null && isReferencedWithin([site], path) && (!options.inside || site.target.length > path.length),
  );
  if (users.length > 0) {
    throw new Error(`${what} is still used by the $ref at ${users.map((site) => formatPath(site.path.slice(0, -1)) || "the root").join(", ")}; change those first`);
  }
}

/** Removes a definition; throws while something outside it still refers to it. */
export function removeDefinition(schema: JsonSchema, name: string): JsonSchema {
  const keyword = keywordHolding(schema, name);
  assertUnreferenced(schema, [keyword, name], `'${name}'`);
  const rest = Object.fromEntries(Object.entries(definitionsOf(schema, keyword)).filter(([key]) => key !== name));
  return { ...schema, [keyword]: rest };
}

/** Renames a definition in place (same position) and points every reference to it at the new name. */
export function renameDefinition(schema: JsonSchema, from: string, to: string): JsonSchema {
  const keyword = keywordHolding(schema, from);
  if (from === to) return schema;
  const definitions = definitionsOf(schema, keyword);
  checkName(to, definitions, "definition");
  const renamed = Object.fromEntries(Object.entries(definitions).map(([key, value]) => [key === from ? to : key, value]));
  return moveRefs({ ...schema, [keyword]: renamed }, [keyword, from], [keyword, to]);
}

/** The part of the schema a path belongs to for reference cycles: a definition, or the root ("#"). */
function scopeOf(path: readonly (string | number)[]): string {
  const [first, name] = path;
  return typeof first === "string" && (DEFINITION_KEYWORDS as readonly string[]).includes(first) && name !== undefined
    ? pathToPointer([first, name])
    : "#";
}

/**
 * The definitions a `$ref` at `path` may point to (as `#/$defs/name` pointers, in order): those
 * from which no chain of references leads back to the definition (or root) holding `path`.
 */
export function refTargets(schema: JsonSchema, path: SchemaPath): string[] {
  const edges = new Map<string, Set<string>>();
  for (const site of collectRefs(schema)) {
    if (site.target === null) continue;
    const from = scopeOf(site.path);
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from)!.add(scopeOf(site.target));
  }
  const home = scopeOf(path);
  const leadsHome = (start: string): boolean => {
    const seen = new Set<string>();
    const queue = [start];
    while (queue.length > 0) {
      const scope = queue.pop()!;
      if (scope === home) return true;
      if (seen.has(scope)) continue;
      seen.add(scope);
      queue.push(...(edges.get(scope) ?? []));
    }
    return false;
  };
  const targets: string[] = [];
  for (const keyword of DEFINITION_KEYWORDS) {
    for (const [name, definition] of Object.entries(definitionsOf(schema, keyword))) {
      const pointer = pathToPointer([keyword, name]);
      if (isRecord(definition) && !leadsHome(pointer)) targets.push(pointer);
    }
  }
  return targets;
}

/** Points the reference node at `path` (`{$ref}` or its nullable anyOf wrapper) at `target`. */
export function setRefTarget(schema: JsonSchema, path: SchemaPath, target: string): JsonSchema {
  if (!refTargets(schema, path).includes(target)) {
    throw new Error(`'${target}' is not a definition this node can refer to (it does not exist, or it would refer back here)`);
  }
  const node = getAt(schema, path);
  if (isRecord(node) && typeof node.$ref === "string") return setAt(schema, [...path, "$ref"], target);
  const branches = isRecord(node) && Array.isArray(node.anyOf) ? node.anyOf : [];
  const index = branches.findIndex((branch) => isRecord(branch) && typeof branch.$ref === "string");
  if (index < 0) throw new Error(`'${formatPath(path)}' is not a reference`);
  return setAt(schema, [...path, "anyOf", index, "$ref"], target);
}
