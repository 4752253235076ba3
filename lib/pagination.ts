import { z } from "@/lib/zod";
import { AppError } from "@/lib/errors";
import { idStart, timeFromId, type IdPrefix } from "@/lib/ids";

// Keyset pagination over (created_at, id), the shape of every OpenAI list endpoint:
// `limit` 1–100 (default 20), `order` asc|desc (default desc), `after`/`before` object ids.

/**
 * An integer query parameter: from a query string, plain decimal digits only (`Number()` and
 * z.coerce would also read "0x10", "1e1", "0b1", " 16" or "16 " as numbers nobody wrote); from
 * code (a page that sets its own page size), a number.
 */
export function queryInteger(min: number, max: number) {
  const message = `must be an integer between ${min} and ${max}`;
  const digits = z.string().regex(/^[0-9]{1,15}$/, message).transform(Number);
  return z.union([z.number(), digits], { message }).pipe(z.number().int(message).min(min, message).max(max, message));
}

export const listQuerySchema = z.strictObject({
  limit: queryInteger(1, 100).default(20),
  order: z.enum(["asc", "desc"], { message: "must be 'asc' or 'desc'" }).default("desc"),
  after: z.string().min(1).optional(),
  before: z.string().min(1).optional(),
});

export type ListQuery = z.infer<typeof listQuerySchema>;

export type Page<T> = { data: T[]; hasMore: boolean };

/** A list position: the row the cursor names, by its sort key. */
export type Cursor = { createdAt: Date; id: string };

/** The cursor a query names (`after` or `before`, never both), not yet resolved to a position. */
export function cursorParam(query: ListQuery): { id: string; param: "after" | "before" } | null {
  if (query.after && query.before) {
    throw new AppError("invalid_request", "Pass either 'after' or 'before', not both.", { param: "before" });
  }
  if (query.after) return { id: query.after, param: "after" };
  if (query.before) return { id: query.before, param: "before" };
  return null;
}

/** The position an id stands for; ids carry their creation time (lib/ids.ts). */
function cursorFrom(id: string, prefix: IdPrefix, param: "after" | "before"): Cursor {
  const createdAt = timeFromId(id, prefix);
  if (!createdAt) {
    throw new AppError("invalid_request", `Invalid '${param}': '${id}' is not a valid ${idStart(prefix)} id.`, { param });
  }
  return { createdAt, id };
}

/**
 * SQL for one page, to follow the caller's own `WHERE …` conditions: the cursor condition, the
 * order and the limit, with their parameters numbered from `firstParam`. Rows strictly past the
 * cursor are `(created_at, id) < (t, x)`, written `created_at <= t AND (created_at < t OR id < x)`
 * so the (workspace_id, created_at, id) index can seek instead of scanning from the top.
 */
export function keysetSql(query: ListQuery, prefix: IdPrefix, firstParam: number) {
  const named = cursorParam(query);
  return keysetClause(query, named ? cursorFrom(named.id, prefix, named.param) : null, firstParam);
}

/**
 * keysetSql for a cursor already resolved: lists whose ids carry no time (user-chosen ids, such as
 * plugins') read the cursor row's created_at first.
 */
export function keysetClause(query: ListQuery, cursor: Cursor | null, firstParam: number) {
  // `before` walks back towards the start of the list: query in the opposite order, then flip.
  const reversed = Boolean(query.before);
  const scanDesc = (query.order === "desc") !== reversed;
  const [op, direction] = scanDesc ? ["<", "DESC"] : [">", "ASC"];
  const take = query.limit + 1;
  const params: unknown[] = [];
  const param = (value: unknown) => `$${firstParam + params.push(value) - 1}`;
  let condition = "";
  if (cursor) {
    const at = param(cursor.createdAt);
    condition = `AND created_at ${op}= ${at} AND (created_at ${op} ${at} OR id ${op} ${param(cursor.id)}) `;
  }
  const clause = `${condition}ORDER BY created_at ${direction}, id ${direction} LIMIT ${param(take)}`;
  return { clause, params, reversed };
}

/** Trims the look-ahead row and restores the requested order. */
export function toPage<T>(rows: T[], limit: number, reversed: boolean): Page<T> {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  return { data: reversed ? [...data].reverse() : data, hasMore };
}

// neighbourCursors lives apart, so the console's pagination links do not bring lib/ids (and with
// it a browser build of node:crypto) into the browser.
export { neighbourCursors } from "@/lib/pagination-links";
