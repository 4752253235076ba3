import type { FieldErrors, FieldValues } from "react-hook-form";

/** The message react-hook-form holds at a dotted path (`tools.0.function.name`), if any. */
export function errorAt<V extends FieldValues>(errors: FieldErrors<V>, path: string): string | undefined {
  let node: unknown = errors;
  for (const segment of path.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  const message = (node as { message?: unknown } | undefined)?.message;
  return typeof message === "string" && message ? message : undefined;
}
