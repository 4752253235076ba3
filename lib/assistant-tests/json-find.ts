// JSON values inside a reply's text (promptfoo's contains-json, and a judge's verdict wrapped in
// prose or a code fence): every balanced {…} or […] that parses, outermost first, in order.

/** Where the bracketed value starting at `start` ends (inclusive), skipping strings; -1 if it does not close. */
function closingIndex(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const char = text[index]!;
    if (inString) {
      if (char === "\\") index++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === "{" || char === "[") stack.push(char === "{" ? "}" : "]");
    else if (char === "}" || char === "]") {
      if (stack.pop() !== char) return -1;
      if (stack.length === 0) return index;
    }
  }
  return -1;
}

export function findJsonValues(text: string, limit = 20): unknown[] {
  const found: unknown[] = [];
  for (let index = 0; index < text.length && found.length < limit; index++) {
    const char = text[index];
    if (char !== "{" && char !== "[") continue;
    const end = closingIndex(text, index);
    if (end < 0) continue;
    try {
      found.push(JSON.parse(text.slice(index, end + 1)));
      index = end; // what is inside was part of this value
    } catch {
      // Braces in prose ("{name}"): look further in.
    }
  }
  return found;
}

/** The reply as one JSON value (is-json): the whole text, or the one code-fenced block it is. */
export function parseWholeJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(trimmed);
  try {
    return { ok: true, value: JSON.parse(fenced ? fenced[1]! : trimmed) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** `expected` is found in `actual`: objects key by key (extra keys allowed), arrays item by item, the rest equal. */
export function isSubset(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.length === actual.length && expected.every((item, index) => isSubset(item, actual[index]));
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([key, value]) => Object.hasOwn(actual, key) && isSubset(value, (actual as Record<string, unknown>)[key]));
  }
  return Object.is(expected, actual);
}
