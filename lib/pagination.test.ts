import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { cursorParam, keysetClause, keysetSql, listQuerySchema, neighbourCursors, toPage, type ListQuery } from "@/lib/pagination";

const CURSOR_MS = 1_751_169_829_999;
const cursorAt = new Date(CURSOR_MS);
const cursor = newId("asst", cursorAt);

const query = (input: Record<string, string> = {}): ListQuery => listQuerySchema.parse(input);

function thrownBy(run: () => unknown): AppError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, "expected an AppError").toBeInstanceOf(AppError);
  return thrown as AppError;
}

describe("listQuerySchema", () => {
  it("defaults to limit 20, order desc, no cursor", () => {
    expect(listQuerySchema.parse({})).toEqual({ limit: 20, order: "desc" });
  });

  it.each([
    ["1", 1],
    ["100", 100],
    ["20", 20],
    ["007", 7],
    [50, 50],
  ])("accepts limit %s from the query string", (limit, parsed) => {
    expect(listQuerySchema.parse({ limit }).limit).toBe(parsed);
  });

  it.each(["0", "101", "1.5", "abc", "-1", "", "0x10", "1e1", "0b1", "0o7", " 16", "16 ", "+5", "Infinity", "١٦", 0, 1.5, 101])("rejects limit %j at limit", (limit) => {
    const result = listQuerySchema.safeParse({ limit });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(["limit"]);
  });

  it.each(["asc", "desc"])("accepts order %s", (order) => {
    expect(listQuerySchema.parse({ order }).order).toBe(order);
  });

  it.each(["ASC", "newest", ""])("rejects order %j", (order) => {
    expect(listQuerySchema.safeParse({ order }).error!.issues[0]!.path).toEqual(["order"]);
  });

  it("keeps after and before", () => {
    expect(listQuerySchema.parse({ after: "asst_x", before: "asst_y" })).toMatchObject({ after: "asst_x", before: "asst_y" });
  });

  it("rejects an unknown query parameter", () => {
    expect(listQuerySchema.safeParse({ page: "2" }).success).toBe(false);
  });
});

describe("keysetSql", () => {
  const past = "AND created_at <= $2 AND (created_at < $2 OR id < $3) ";
  const future = "AND created_at >= $2 AND (created_at > $2 OR id > $3) ";

  it.each([
    ["desc", "none", {}, "", "DESC", false],
    ["asc", "none", { order: "asc" }, "", "ASC", false],
    ["desc", "after", { after: cursor }, past, "DESC", false],
    ["asc", "after", { order: "asc", after: cursor }, future, "ASC", false],
    ["desc", "before", { before: cursor }, future, "ASC", true],
    ["asc", "before", { order: "asc", before: cursor }, past, "DESC", true],
  ] as const)("order %s, cursor %s", (_order, _cursor, input, condition, direction, reversed) => {
    const sql = keysetSql(query(input), "asst", 2);
    const limitParam = condition ? "$4" : "$2";
    expect(sql.clause).toBe(`${condition}ORDER BY created_at ${direction}, id ${direction} LIMIT ${limitParam}`);
    expect(sql.params).toEqual(condition ? [cursorAt, cursor, 21] : [21]);
    expect(sql.reversed).toBe(reversed);
  });

  it("fetches one row more than the limit, to know whether there are more", () => {
    expect(keysetSql(query({ limit: "1" }), "asst", 1).params).toEqual([2]);
    expect(keysetSql(query({ limit: "100" }), "asst", 1).params).toEqual([101]);
  });

  it("takes the cursor time from the id (the cursor row may have been deleted)", () => {
    const sql = keysetSql(query({ after: newId("asst", new Date(1_000)) }), "asst", 1);
    expect(sql.params[0]).toEqual(new Date(1_000));
  });

  it("refuses after and before together", () => {
    const error = thrownBy(() => keysetSql(query({ after: cursor, before: cursor }), "asst", 1));
    expect(error.code).toBe("invalid_request");
    expect(error.status).toBe(400);
    expect(["after", "before"]).toContain(error.param);
  });

  it.each([
    ["after", "asst_nope"],
    ["before", "asst_nope"],
    ["after", newId("ws")],
    ["before", "msg_0000000000000000000000000"],
    ["after", `${cursor}x`],
  ] as const)("refuses a malformed %s cursor %s, naming the parameter", (param, id) => {
    const error = thrownBy(() => keysetSql(query({ [param]: id }), "asst", 1));
    expect(error.code).toBe("invalid_request");
    expect(error.param).toBe(param);
    expect(error.message).toContain(id);
  });

  it("checks the cursor against the listed kind's prefix", () => {
    expect(() => keysetSql(query({ after: newId("thread", cursorAt) }), "thread", 1)).not.toThrow();
    expect(() => keysetSql(query({ after: newId("thread", cursorAt) }), "asst", 1)).toThrow(AppError);
  });
});

describe("keysetClause and cursorParam (ids without a time: the caller resolves the cursor)", () => {
  it("names the cursor a query gives, and refuses two", () => {
    expect(cursorParam(query())).toBeNull();
    expect(cursorParam(query({ after: "weather" }))).toEqual({ id: "weather", param: "after" });
    expect(cursorParam(query({ before: "weather" }))).toEqual({ id: "weather", param: "before" });
    expect(thrownBy(() => cursorParam(query({ after: "a", before: "b" }))).param).toBe("before");
  });

  it("builds the same SQL as keysetSql from a resolved position", () => {
    const input = query({ before: cursor, order: "asc" });
    expect(keysetClause(input, { createdAt: cursorAt, id: cursor }, 2)).toEqual(keysetSql(input, "asst", 2));
    expect(keysetClause(query(), null, 3)).toEqual({ clause: "ORDER BY created_at DESC, id DESC LIMIT $3", params: [21], reversed: false });
  });
});

describe("toPage", () => {
  it("keeps a page that has no look-ahead row", () => {
    expect(toPage([1, 2, 3], 3, false)).toEqual({ data: [1, 2, 3], hasMore: false });
    expect(toPage([1, 2], 3, false)).toEqual({ data: [1, 2], hasMore: false });
  });

  it("drops the look-ahead row and reports more", () => {
    expect(toPage([1, 2, 3, 4], 3, false)).toEqual({ data: [1, 2, 3], hasMore: true });
  });

  it("restores the requested order for a before-page, after dropping the look-ahead row", () => {
    // Scanned backwards from the cursor: 9, 8, 7 are the page, 6 only shows there is more.
    expect(toPage([9, 8, 7, 6], 3, true)).toEqual({ data: [7, 8, 9], hasMore: true });
    expect(toPage([9, 8], 3, true)).toEqual({ data: [8, 9], hasMore: false });
  });

  it("handles an empty page", () => {
    expect(toPage([], 20, false)).toEqual({ data: [], hasMore: false });
    expect(toPage([], 20, true)).toEqual({ data: [], hasMore: false });
  });
});

describe("neighbourCursors", () => {
  const page = (has_more: boolean) => ({ first_id: "asst_first", last_id: "asst_last", has_more });

  it.each([
    ["the first page, more after it", null, true, { before: null, after: "asst_last" }],
    ["the only page", null, false, { before: null, after: null }],
    ["a page read with after=, more after it", "after", true, { before: "asst_first", after: "asst_last" }],
    ["the last page, read with after=", "after", false, { before: "asst_first", after: null }],
    ["a page read with before=, more before it", "before", true, { before: "asst_first", after: "asst_last" }],
    ["the first page again, read with before=", "before", false, { before: null, after: "asst_last" }],
  ] as const)("%s", (_case, readWith, hasMore, expected) => {
    expect(neighbourCursors(page(hasMore), readWith)).toEqual(expected);
  });

  it("has no neighbours for an empty page", () => {
    expect(neighbourCursors({ first_id: null, last_id: null, has_more: false }, "after")).toEqual({ before: null, after: null });
  });
});
