// Lone UTF-16 surrogates: JSON.parse keeps `"\ud800"` as a one-unit string that is not text in any
// encoding. Postgres stores it in a `json` column as the escape, and then every `::jsonb` cast of the
// row fails (a workspace's metadata search, the playground's thread list); a `text` column gets
// U+FFFD instead, silently. So every string that comes in is checked once, where bodies are read
// (lib/api/request.ts, lib/auth/action.ts, lib/validation.ts), and refused with its path.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/**
 * The path of the first string (object key or value, depth first, in order) that holds a lone
 * surrogate, or null. A bad key is reported at its own path, as the key is what must change.
 */
export function findLoneSurrogate(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (typeof value === "string") return hasLoneSurrogate(value) ? path : null;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findLoneSurrogate(value[index], [...path, index]);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (hasLoneSurrogate(key)) return [...path, key];
      const found = findLoneSurrogate(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** `text` with each lone surrogate replaced by U+FFFD (for showing a bad key back in an error). */
export function toWellFormed(text: string): string {
  return text.replace(new RegExp(LONE_SURROGATE.source, "g"), "\uFFFD");
}

export const LONE_SURROGATE_MESSAGE = "must be valid Unicode text: it contains an unpaired UTF-16 surrogate (e.g. \\ud800)";
