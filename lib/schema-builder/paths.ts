import type { SchemaPath } from "@/lib/schema-builder/types";

// Reading and editing plain JSON by SchemaPath. Edits copy only the containers along the path and
// share everything else, so a React state update stays cheap and the input is never mutated.

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === "object" && value !== null;
}

function childOf(container: Container, segment: string | number): unknown {
  if (Array.isArray(container)) {
    const index = typeof segment === "number" ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
    return index >= 0 && index < container.length ? container[index] : undefined;
  }
  return Object.hasOwn(container, String(segment)) ? container[String(segment)] : undefined;
}

function arrayIndex(container: unknown[], segment: string | number, path: SchemaPath): number {
  const index = typeof segment === "number" ? segment : /^\d+$/.test(segment) ? Number(segment) : NaN;
  if (!Number.isInteger(index) || index < 0) throw new Error(`'${formatPath(path)}': ${JSON.stringify(segment)} is not an array index`);
  return index;
}

/** The value at `path`, or undefined when any step of it is missing. */
export function getAt(root: unknown, path: SchemaPath): unknown {
  let node = root;
  for (const segment of path) {
    if (!isContainer(node)) return undefined;
    node = childOf(node, segment);
  }
  return node;
}

/**
 * Copies the containers from the root down to the parent of `path` and lets `edit` change that
 * parent's copy. Throws when the parent does not exist: paths come from a lint of the same
 * schema, so a missing parent is a bug worth hearing about rather than something to paper over.
 */
function editParent<T>(root: T, path: SchemaPath, edit: (parent: Container, last: string | number) => void): T {
  if (path.length === 0) throw new Error("the empty path has no parent");
  const copy = (node: unknown, depth: number): Container => {
    if (!isContainer(node)) throw new Error(`nothing to edit at '${formatPath(path.slice(0, depth))}'`);
    const clone: Container = Array.isArray(node) ? [...node] : { ...node };
    if (depth === path.length - 1) {
      edit(clone, path[depth]!);
      return clone;
    }
    const segment = path[depth]!;
    if (Array.isArray(clone)) {
      const index = arrayIndex(clone, segment, path);
      clone[index] = copy(clone[index], depth + 1);
    } else {
      clone[String(segment)] = copy(childOf(clone, segment), depth + 1);
    }
    return clone;
  };
  return copy(root, 0) as T;
}

/** A copy of `root` with `value` at `path` (the empty path returns `value`); the parent must exist. */
export function setAt<T>(root: T, path: SchemaPath, value: unknown): T {
  if (path.length === 0) return value as T;
  return editParent(root, path, (parent, last) => {
    if (Array.isArray(parent)) {
      const index = arrayIndex(parent, last, path);
      if (index > parent.length) throw new Error(`'${formatPath(path)}' is past the end of the array`);
      parent[index] = value;
    } else {
      parent[String(last)] = value;
    }
  });
}

/**
 * A copy of `root` without the value at `path`: a key is removed, an array element is spliced out
 * (later elements move up). Deleting what is not there returns `root` itself.
 */
export function deleteAt<T>(root: T, path: SchemaPath): T {
  if (path.length === 0) throw new Error("cannot delete the root");
  const parent = getAt(root, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (!isContainer(parent) || childOf(parent, last) === undefined) return root;
  return editParent(root, path, (copy, key) => {
    if (Array.isArray(copy)) copy.splice(arrayIndex(copy, key, path), 1);
    else delete copy[String(key)];
  });
}

/** A copy of `root` with the value at `path` replaced by `update(old value)`; the parent must exist. */
export function updateAt<T>(root: T, path: SchemaPath, update: (node: unknown) => unknown): T {
  return setAt(root, path, update(getAt(root, path)));
}

/** Renders a path the way OpenAI's `error.param` does: `properties.address.required`, `anyOf[0]`. */
export function formatPath(path: SchemaPath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? segment : `.${segment}`;
  }
  return text;
}

/** One JSON Pointer segment; `%` too, because `$ref`s are URI fragments and get percent-decoded. */
export function encodePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1").replace(/%/g, "%25");
}

/** `["properties", "a/b"]` → `#/properties/a~1b`: the JSON Pointer a `$ref` would use. */
export function pathToPointer(path: SchemaPath): string {
  return `#${path.map((segment) => `/${encodePointerSegment(segment)}`).join("")}`;
}

/** `#/properties/a~1b` → `["properties", "a/b"]` (all segments strings), or null for a non-pointer. */
export function pointerToPath(ref: string): string[] | null {
  if (ref === "#") return [];
  if (!ref.startsWith("#/")) return null;
  try {
    return ref
      .slice(2)
      .split("/")
      .map((raw) => decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~"));
  } catch {
    return null;
  }
}
