// One string for a `pattern`, for example values. Covers what schemas usually say (anchors,
// literals, escapes, classes, groups, alternation, quantifiers) and takes the shortest readable
// path: the first alternative, one repetition for * and +, none for ?. Lookarounds are skipped and
// back-references give up (null), so callers must still test the result against the RegExp.

type ClassItem = { sample: string; has: (char: string) => boolean };

const CLASS_ESCAPES: Record<string, ClassItem> = {
  d: { sample: "0", has: (char) => /\d/.test(char) },
  D: { sample: "a", has: (char) => !/\d/.test(char) },
  w: { sample: "a", has: (char) => /\w/.test(char) },
  W: { sample: "-", has: (char) => !/\w/.test(char) },
  s: { sample: " ", has: (char) => /\s/u.test(char) },
  S: { sample: "a", has: (char) => !/\s/u.test(char) },
};

const CONTROL_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", f: "\f", v: "\v", "0": "\0" };

// Tried in order for a negated class such as [^,]: the first one the class does not exclude.
const NEGATED_CANDIDATES = ["a", "x", "0", "A", "_", "-", " ", "."];

const MAX_REPEAT = 256;

class Unsupported extends Error {}

/** A string `new RegExp(pattern, "u")` is likely to match, or null when the pattern is beyond this sampler. */
export function patternSample(pattern: string): string | null {
  const chars = Array.from(pattern);
  let pos = 0;
  const peek = (offset = 0): string | undefined => chars[pos + offset];
  const take = (): string => {
    const char = chars[pos++];
    if (char === undefined) throw new Unsupported("unexpected end");
    return char;
  };

  function hexEscape(length: number): string {
    if (peek() === "{") {
      const end = chars.indexOf("}", pos);
      if (end < 0) throw new Unsupported("unterminated \\u{");
      const code = Number.parseInt(chars.slice(pos + 1, end).join(""), 16);
      pos = end + 1;
      return String.fromCodePoint(code);
    }
    const digits = chars.slice(pos, pos + length).join("");
    if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== length) throw new Unsupported("bad hex escape");
    pos += length;
    return String.fromCharCode(Number.parseInt(digits, 16));
  }

  /** The character an escape stands for, after the backslash (not a class escape). */
  function escapedChar(escape: string): string {
    if (escape in CONTROL_ESCAPES) return CONTROL_ESCAPES[escape]!;
    if (escape === "u") return hexEscape(4);
    if (escape === "x") return hexEscape(2);
    if (/[1-9k]/.test(escape)) throw new Unsupported("back-reference");
    if (escape === "p" || escape === "P") throw new Unsupported("unicode property");
    return escape;
  }

  function classItem(): ClassItem {
    let start = take();
    if (start === "\\") {
      const escape = take();
      if (escape in CLASS_ESCAPES) return CLASS_ESCAPES[escape]!;
      start = escape === "b" ? "\b" : escapedChar(escape);
    }
    if (peek() === "-" && peek(1) !== undefined && peek(1) !== "]") {
      pos++;
      let end = take();
      if (end === "\\") end = escapedChar(take());
      const [low, high] = [start.codePointAt(0)!, end.codePointAt(0)!];
      return { sample: start, has: (char) => char.codePointAt(0)! >= low && char.codePointAt(0)! <= high };
    }
    const only = start;
    return { sample: only, has: (char) => char === only };
  }

  function characterClass(): string {
    const negated = peek() === "^";
    if (negated) pos++;
    const items: ClassItem[] = [];
    while (peek() !== "]") items.push(classItem());
    pos++;
    if (!negated) {
      if (items.length === 0) throw new Unsupported("empty class");
      return items[0]!.sample;
    }
    const allowed = NEGATED_CANDIDATES.find((char) => !items.some((item) => item.has(char)));
    if (allowed === undefined) throw new Unsupported("no candidate outside the class");
    return allowed;
  }

  function group(): string {
    let lookaround = false;
    if (peek() === "?") {
      const marker = `${peek(1) ?? ""}${peek(2) ?? ""}`;
      lookaround = /^[=!]/.test(marker) || marker === "<=" || marker === "<!";
      if (marker.startsWith(":") || /^[=!]/.test(marker)) pos += 2;
      else if (lookaround) pos += 3;
      else if (marker.startsWith("<") && chars.indexOf(">", pos) > pos) pos = chars.indexOf(">", pos) + 1;
      else throw new Unsupported("group modifier");
    }
    const inner = alternation();
    if (take() !== ")") throw new Unsupported("unbalanced group");
    return lookaround ? "" : inner;
  }

  function atom(): string {
    const char = take();
    switch (char) {
      case "^":
      case "$":
        return "";
      case "(":
        return group();
      case "[":
        return characterClass();
      case ".":
        return "a";
      case "\\": {
        const escape = take();
        if (escape === "b" || escape === "B") return "";
        return escape in CLASS_ESCAPES ? CLASS_ESCAPES[escape]!.sample : escapedChar(escape);
      }
      case "*":
      case "+":
      case "?":
      case "{":
        throw new Unsupported("quantifier without an atom");
      default:
        return char;
    }
  }

  function repetitions(): number {
    const char = peek();
    let count = 1;
    if (char === "*" || char === "+") pos++;
    else if (char === "?") {
      pos++;
      count = 0;
    } else if (char === "{") {
      const match = /^\{(\d+)(,\d*)?\}/.exec(chars.slice(pos, pos + 24).join(""));
      if (!match || Number(match[1]) > MAX_REPEAT) throw new Unsupported("bad or huge quantifier");
      pos += match[0].length;
      count = Number(match[1]);
    } else return count;
    if (peek() === "?") pos++;
    return count;
  }

  function sequence(): string {
    let out = "";
    while (pos < chars.length && peek() !== "|" && peek() !== ")") {
      const value = atom();
      out += value.repeat(repetitions());
    }
    return out;
  }

  function alternation(): string {
    const first = sequence();
    while (peek() === "|") {
      pos++;
      sequence();
    }
    return first;
  }

  try {
    const sample = alternation();
    return pos === chars.length ? sample : null;
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}
