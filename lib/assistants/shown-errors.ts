// Which of a react-hook-form error tree to show. Client-safe: pure.

type Tree = Record<string, unknown>;
const isTree = (value: unknown): value is Tree => typeof value === "object" && value !== null;

/** True when this path, a field above it or one below it was touched (blurred, or picked from a list). */
function touchedAt(touched: unknown): boolean {
  if (touched === true) return true;
  return isTree(touched) && Object.values(touched).some(touchedAt);
}

/**
 * The errors people should see: the form checks every change (so an error goes as soon as it is
 * fixed), but an error shows only once its field was touched, after a save was tried, or when the
 * server reported it. A tool row just added is checked at once too, and must not open in red.
 */
export function shownErrors<E extends object>(errors: E, touchedFields: unknown, submitted: boolean): E {
  if (submitted) return errors;
  const prune = (node: unknown, touched: unknown, covered: boolean): Tree | undefined => {
    if (!isTree(node)) return undefined;
    const here = covered || touched === true;
    const own = typeof node.message === "string" || typeof node.type === "string";
    const show = own && (here || touchedAt(touched) || node.type === "server");
    const out: Tree = {};
    for (const [key, child] of Object.entries(node)) {
      // react-hook-form's own keys on an error (`type` is a string there; a schema keyword `type`
      // holding an error is an object, and is walked like any other child).
      if (key === "ref" || key === "types" || key === "message" || (key === "type" && typeof child === "string")) {
        if (show) out[key] = child;
        continue;
      }
      const kept = prune(child, isTree(touched) ? touched[key] : undefined, here);
      if (kept) out[key] = kept;
    }
    return Object.keys(out).length ? out : undefined;
  };
  return (prune(errors, touchedFields, false) ?? {}) as E;
}

/**
 * The fields people typed in (dotted paths, `tools.0.function.name`) as a tree shaped like
 * react-hook-form's touchedFields, merged into `touched`: an error shows while its field is being
 * typed in, not only once it is left (leaving would move the layout under the pointer).
 */
export function withEdited(touched: unknown, editedPaths: Iterable<string>): unknown {
  const tree: Tree = isTree(touched) ? structuredClone(touched) : {};
  for (const path of editedPaths) {
    const segments = path.split(".");
    let node = tree;
    for (const [index, segment] of segments.entries()) {
      if (index === segments.length - 1) {
        node[segment] = true;
        break;
      }
      const next = node[segment];
      if (next === true) break; // already covered by a touched ancestor
      if (!isTree(next)) node[segment] = {};
      node = node[segment] as Tree;
    }
  }
  return tree;
}
