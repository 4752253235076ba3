import { z } from "@/lib/zod";

// Values Postgres or Prisma cannot store as sent, refused up front so a would-be 500 (or silent
// data loss) becomes a 400 that names the field: Postgres text and json reject U+0000, Prisma's
// Json input drops `__proto__` keys without a word, and deeply nested values overflow the stack of
// every recursive step after parsing (Prisma's serializer, Ajv). Walked with an explicit stack.

export const MAX_JSON_DEPTH = 64;

type Problem = { path: (string | number)[]; message: string };

const NUL = "\u0000";

export function findUnstorable(root: unknown): Problem | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string") {
      if (value.includes(NUL)) return { path, message: "must not contain the NUL character (U+0000)" };
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= MAX_JSON_DEPTH) return { path, message: `is nested more than ${MAX_JSON_DEPTH} levels deep` };
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], path: [...path, index] });
      continue;
    }
    const keys = Object.keys(value);
    for (const key of keys) {
      if (key === "__proto__") return { path: [...path, key], message: "the key '__proto__' is not allowed" };
      if (key.includes(NUL)) return { path, message: "keys must not contain the NUL character (U+0000)" };
    }
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index]!;
      stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return null;
}

/** Adds an issue for the first unstorable value inside `value`; returns whether it was clean. */
export function checkStorable(value: unknown, ctx: z.RefinementCtx): boolean {
  const problem = findUnstorable(value);
  if (problem) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
  return !problem;
}

/** `schema` behind the same check: a request body Postgres cannot store is a 400 before any field is read. */
export const storable = <T extends z.ZodType>(schema: T) => z.preprocess((input, ctx) => (checkStorable(input, ctx) ? input : z.NEVER), schema);
