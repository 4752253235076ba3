import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { keysetArgs, listQuerySchema, toPage, type ListQuery } from "@/lib/pagination";

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
  ])("accepts limit %s from the query string", (limit, parsed) => {
    expect(listQuerySchema.parse({ limit }).limit).toBe(parsed);
  });

  it.each(["0", "101", "1.5", "abc", "-1", ""])("rejects limit %j at limit", (limit) => {
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

describe("keysetArgs", () => {
  const past = { createdAt: { lt: cursorAt } };
  const future = { createdAt: { gt: cursorAt } };

  it.each([
    ["desc", "none", {}, {}, "desc", false],
    ["asc", "none", { order: "asc" }, {}, "asc", false],
    ["desc", "after", { after: cursor }, { createdAt: { lte: cursorAt }, OR: [past, { id: { lt: cursor } }] }, "desc", false],
    ["asc", "after", { order: "asc", after: cursor }, { createdAt: { gte: cursorAt }, OR: [future, { id: { gt: cursor } }] }, "asc", false],
    ["desc", "before", { before: cursor }, { createdAt: { gte: cursorAt }, OR: [future, { id: { gt: cursor } }] }, "asc", true],
    ["asc", "before", { order: "asc", before: cursor }, { createdAt: { lte: cursorAt }, OR: [past, { id: { lt: cursor } }] }, "desc", true],
  ] as const)("order %s, cursor %s", (_order, _cursor, input, where, direction, reversed) => {
    const args = keysetArgs(query(input), "asst");
    expect(args.where).toEqual(where);
    expect(args.orderBy).toEqual([{ createdAt: direction }, { id: direction }]);
    expect(args.reversed).toBe(reversed);
    expect(args.take).toBe(21);
  });

  it("fetches one row more than the limit, to know whether there are more", () => {
    expect(keysetArgs(query({ limit: "1" }), "asst").take).toBe(2);
    expect(keysetArgs(query({ limit: "100" }), "asst").take).toBe(101);
  });

  it("takes the cursor time from the id (the cursor row may have been deleted)", () => {
    const args = keysetArgs(query({ after: newId("asst", new Date(1_000)) }), "asst");
    expect(args.where).toMatchObject({ createdAt: { lte: new Date(1_000) } });
  });

  it("refuses after and before together", () => {
    const error = thrownBy(() => keysetArgs(query({ after: cursor, before: cursor }), "asst"));
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
    const error = thrownBy(() => keysetArgs(query({ [param]: id }), "asst"));
    expect(error.code).toBe("invalid_request");
    expect(error.param).toBe(param);
    expect(error.message).toContain(id);
  });

  it("checks the cursor against the listed kind's prefix", () => {
    expect(() => keysetArgs(query({ after: newId("thread", cursorAt) }), "thread")).not.toThrow();
    expect(() => keysetArgs(query({ after: newId("thread", cursorAt) }), "asst")).toThrow(AppError);
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
