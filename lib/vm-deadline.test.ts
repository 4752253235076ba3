import { describe, expect, it } from "vitest";
import { DeadlineExceeded, deadlineRunner } from "@/lib/vm-deadline";

describe("deadlineRunner", () => {
  it("runs the expression over this realm's values, and clears them after", () => {
    const seen: unknown[] = [];
    const run = deadlineRunner("check(value)", { check: null as ((value: unknown) => boolean) | null, value: undefined as unknown });
    expect(run({ check: (value) => (seen.push(value), true), value: { a: 1 } }, 100)).toBe(true);
    expect(seen).toEqual([{ a: 1 }]);
    // Errors come from the context's realm (not this TypeError), with their message.
    expect(() => run({ check: null, value: 1 }, 100)).toThrow(/not a function/);
  });

  it("stops a backtracking regular expression at its deadline", () => {
    const run = deadlineRunner("new RegExp(pattern).test(text)", { pattern: "", text: "" });
    const started = Date.now();
    expect(() => run({ pattern: "^(a+)+$", text: `${"a".repeat(40)}!` }, 50)).toThrow(DeadlineExceeded);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(run({ pattern: "^a+$", text: "aaa" }, 50)).toBe(true);
  });
});
