import type { z } from "zod";

// Values Postgres or Prisma cannot store as sent: Postgres text and json reject U+0000, and
// Prisma's Json input drops `__proto__` keys without a word. Refusing them up front turns a
// would-be 500 (or silent data loss) into a 400 that names the field.

type Problem = { path: (string | number)[]; message: string };

const NUL = "\u0000";

function findUnstorable(value: unknown, path: (string | number)[]): Problem | null {
  if (typeof value === "string") {
    return value.includes(NUL) ? { path, message: "must not contain the NUL character (U+0000)" } : null;
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findUnstorable(value[index], [...path, index]);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === "object" && value !== null) {
    for (const key of Object.keys(value)) {
      if (key === "__proto__") return { path: [...path, key], message: "the key '__proto__' is not allowed" };
      if (key.includes(NUL)) return { path, message: "keys must not contain the NUL character (U+0000)" };
      const found = findUnstorable((value as Record<string, unknown>)[key], [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** Adds an issue for the first unstorable value inside `value`; returns whether it was clean. */
export function checkStorable(value: unknown, ctx: z.RefinementCtx): boolean {
  const problem = findUnstorable(value, []);
  if (problem) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
  return !problem;
}
