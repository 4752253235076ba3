// Lone UTF-16 surrogates: JSON.parse keeps `"\ud800"` as a one-unit string that is not text in any
// encoding. Postgres stores it in a `json` column as the escape, and then every `::jsonb` cast of the
// row fails (a workspace's metadata search, the playground's thread list); a `text` column gets
// U+FFFD instead, silently. So every string that comes in is checked once, where bodies are read
// (lib/api/request.ts, lib/auth/action.ts, lib/validation.ts), and refused with its path.
// What is already stored: rows from before this check are repaired by the migration
// 20261206040000_repair_lone_surrogates; a model's text is stored well-formed (lib/runs/execute.ts).
// Tool-call arguments are kept as the model sent them: no query reads inside run steps or
// required_action, and JSON.stringify escapes a lone surrogate for clients, so none breaks a page.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

type Visit = { value: unknown; key: string | number | null; parent: Visit | null };

function pathOf(visit: Visit): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Visit | null = visit; at && at.key !== null; at = at.parent) path.push(at.key);
  return path.reverse();
}

/**
 * The path of the first string (object key or value, depth first, in order) that holds a lone
 * surrogate, or null. A bad key is reported at its own path, as the key is what must change.
 * Iterative: a body nested thousands of levels deep must reach the validation that refuses it.
 * Each object is walked once: a server action's argument is decoded by React's `decodeReply`, where
 * `"$1"` references can make one object appear many times or contain itself. Without `seen`, a
 * 2 KB body of shared references (2^60 paths) or a cycle kept this walk, and the one process, busy
 * for good, before any sign-in.
 */
export function findLoneSurrogate(root: unknown): (string | number)[] | null {
  const stack: Visit[] = [{ value: root, key: null, parent: null }];
  const seen = new WeakSet<object>();
  while (stack.length) {
    const visit = stack.pop()!;
    const { value } = visit;
    if (typeof value === "object" && value !== null) {
      if (seen.has(value)) continue;
      seen.add(value);
    }
    if (typeof value === "string") {
      if (hasLoneSurrogate(value)) return pathOf(visit);
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], key: index, parent: visit });
    } else if (typeof value === "object" && value !== null) {
      const entries = Object.entries(value);
      for (const [key] of entries) if (hasLoneSurrogate(key)) return pathOf({ value: null, key, parent: visit });
      for (let index = entries.length - 1; index >= 0; index--) stack.push({ value: entries[index]![1], key: entries[index]![0], parent: visit });
    }
  }
  return null;
}

/** `text` with each lone surrogate replaced by U+FFFD (for showing a bad key back in an error). */
export function toWellFormed(text: string): string {
  return text.replace(new RegExp(LONE_SURROGATE.source, "g"), "\uFFFD");
}

export const LONE_SURROGATE_MESSAGE = "must be valid Unicode text: it contains an unpaired UTF-16 surrogate (e.g. \\ud800)";
