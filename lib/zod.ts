import { z } from "zod";

// Zod with Atelier's messages. Errors from the API are read by people debugging a request, so they
// say what was expected and what came instead, in plain words ("must be a number, got string").
// Import `z` from here in schemas so the configuration is always applied first.

export const REQUIRED_MESSAGE = "is required";

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : typeof value;
}

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

z.config({
  // In the browser, no generated parsers: zod 4 compiles object parsers with `new Function` and,
  // first, probes whether it may, which the console's CSP (no 'unsafe-eval') reports as a violation
  // on every page even though zod catches it. Set before any schema is built (schemas read it when
  // they are created), which importing `z` from here guarantees. The server keeps the faster JIT.
  jitless: typeof window !== "undefined",
  customError: (issue) => {
    if (issue.code === "invalid_type") {
      if (issue.input === undefined) return REQUIRED_MESSAGE;
      const expected = issue.expected === "record" ? "object" : issue.expected;
      return `must be ${article(expected)}, got ${describe(issue.input)}`;
    }
    return undefined;
  },
});

export { z };
