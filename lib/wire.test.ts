import { describe, expect, it } from "vitest";
import { toListObject, unixSeconds } from "@/lib/wire";

describe("unixSeconds", () => {
  it("floors to whole seconds", () => {
    expect(unixSeconds(new Date(1999))).toBe(1);
    expect(unixSeconds(new Date(0))).toBe(0);
  });
});

describe("toListObject", () => {
  const a = { id: "asst_a" };
  const b = { id: "asst_b" };
  const c = { id: "asst_c" };
  const same = <T>(row: T) => row;

  it("maps the rows and names the first and last ids of the page", () => {
    const upper = (row: { id: string }) => ({ id: row.id.toUpperCase() });
    expect(toListObject({ data: [a, b, c], hasMore: true }, upper)).toEqual({
      object: "list",
      data: [{ id: "ASST_A" }, { id: "ASST_B" }, { id: "ASST_C" }],
      first_id: "ASST_A",
      last_id: "ASST_C",
      has_more: true,
    });
  });

  it("uses the single item as first and last", () => {
    expect(toListObject({ data: [b], hasMore: false }, same)).toEqual({ object: "list", data: [b], first_id: "asst_b", last_id: "asst_b", has_more: false });
  });

  it("answers null ids for an empty page", () => {
    expect(toListObject({ data: [], hasMore: false }, same)).toEqual({ object: "list", data: [], first_id: null, last_id: null, has_more: false });
  });
});
