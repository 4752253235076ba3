import { encodePointerSegment, pointerToPath } from "@/lib/schema-builder/paths";
import { DATA_KEYWORDS, pathOf, type PathLink } from "@/lib/schema-builder/strict-lint-walk";
import { isRecord, type JsonSchema, type SchemaPath } from "@/lib/schema-builder/types";

// `$ref`s as the lint and the fixes see them. A fix that moves part of a schema (wrapping, renaming
// oneOf, merging allOf) must carry the references into it along, or the schema stops being valid;
// a fix that deletes part of a schema is only offered when nothing refers into that part.

export type RefSite = {
  /** Where the `$ref` keyword sits. */
  path: SchemaPath;
  ref: string;
  /** The location it points to, as string segments; null for what is not local. */
  target: string[] | null;
};

function isRefKeyword(key: string): boolean {
  return key === "$ref" || key === "$dynamicRef";
}

/** Every `$ref` / `$dynamicRef` in document order, resolved to the location it names. */
export function collectRefs(root: unknown): RefSite[] {
  const sites: { path: SchemaPath; ref: string }[] = [];
  const anchors = new Map<string, string[]>();
  const stack: { node: unknown; link: PathLink }[] = [{ node: root, link: null }];
  while (stack.length > 0) {
    const { node, link } = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    const entries = Object.entries(node);
    for (const [key, value] of Array.isArray(node) ? [] : entries) {
      if (isRefKeyword(key) && typeof value === "string") sites.push({ path: pathOf({ parent: link, segment: key }), ref: value });
      if ((key === "$anchor" || key === "$dynamicAnchor") && typeof value === "string" && !anchors.has(value)) {
        anchors.set(value, pathOf(link).map(String));
      }
    }
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, value] = entries[index]!;
      if (Array.isArray(node)) stack.push({ node: value, link: { parent: link, segment: Number(key) } });
      else if (!DATA_KEYWORDS.has(key)) stack.push({ node: value, link: { parent: link, segment: key } });
    }
  }
  return sites.map(({ path, ref }) => ({
    path,
    ref,
    target: ref.startsWith("#") && !ref.startsWith("#/") && ref !== "#" ? (anchors.get(ref.slice(1)) ?? null) : pointerToPath(ref),
  }));
}

function startsWith(path: readonly (string | number)[], prefix: readonly (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => String(segment) === String(path[index]));
}

/** Whether a `$ref` outside `path` points at or into it (so deleting `path` would break it). */
export function isReferencedWithin(sites: readonly RefSite[], path: SchemaPath): boolean {
  return sites.some((site) => site.target !== null && startsWith(site.target, path) && !startsWith(site.path, path));
}

/** Whether some `$ref` names the anchor `name` (`#name`). */
export function isAnchorReferenced(sites: readonly RefSite[], name: string): boolean {
  return sites.some((site) => site.ref === `#${name}`);
}

/**
 * Rewrites every local pointer `$ref` that points at or into `from` to point at the same place
 * under `to` (`#/oneOf/1/x` → `#/anyOf/1/x`). `keep` exempts targets that did not move. Returns
 * the input itself when nothing changes.
 */
export function moveRefs(root: JsonSchema, from: SchemaPath, to: SchemaPath, keep?: (target: string[]) => boolean): JsonSchema {
  const rewrite = (ref: string): string => {
    const target = pointerToPath(ref);
    if (target === null || !startsWith(target, from) || keep?.(target)) return ref;
    const rawRest = ref === "#" ? [] : ref.slice(2).split("/").slice(from.length);
    return `#${[...to.map(encodePointerSegment), ...rawRest].map((segment) => `/${segment}`).join("")}`;
  };
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      let changed = false;
      const items = node.map((item) => {
        const next = visit(item);
        changed ||= next !== item;
        return next;
      });
      return changed ? items : node;
    }
    if (!isRecord(node)) return node;
    let copy: Record<string, unknown> | null = null;
    for (const [key, value] of Object.entries(node)) {
      if (DATA_KEYWORDS.has(key)) continue;
      const next = isRefKeyword(key) && typeof value === "string" ? rewrite(value) : visit(value);
      if (next !== value) {
        copy ??= { ...node };
        copy[key] = next;
      }
    }
    return copy ?? node;
  };
  return visit(root) as JsonSchema;
}
