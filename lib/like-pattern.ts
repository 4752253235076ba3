// For ILIKE: `%text%`, with the pattern characters in `text` taken literally (backslash is
// Postgres's default LIKE escape). Client-safe: no I/O.

export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
