import { describe, expect, it } from "vitest";
import { DeadlineExceeded, deadlineRunner } from "@/lib/vm-deadline";

describe("deadlineRunner", () => {
  it("runs the expression over this realm's values, and clears them after", () => {
    const seen: unknown[] = [];
    const run = deadlineRunner("check(value)", { check: null as ((value: unknown) => boolean) | null, value: undefined as unknown });
    expect(run({ check: (value) => (seen.push(value), true), value: { a: 1 } }, 100)).toBe(true);
    expect(seen).toEqual([{ a: 1 }]);
    expect(() => run({ check: null, value: 1 }, 100)).toThrow(TypeError);
  });

  it("stops a backtracking regular expression at its deadline", () => {
    const run = deadlineRunner("new RegExp(pattern).test(text)", { pattern: "", text: "" });
    const started = Date.now();
    expect(() => run({ pattern: "^(a+)+$", text: `${"a".repeat(40)}!` }, 50)).toThrow(DeadlineExceeded);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(run({ pattern: "^a+$", text: "aaa" }, 50)).toBe(true);
  });
});
