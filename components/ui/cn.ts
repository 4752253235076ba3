/** Joins class names, skipping falsy ones. Variants are written not to conflict, so no merging is needed. */
export function cn(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(" ");
}
