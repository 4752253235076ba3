import { describe, expect, it } from "vitest";
import { paceFactorFor } from "@/lib/runs/pacing";

describe("paceFactorFor", () => {
  it("keeps the configured interval while the event loop has room", () => {
    expect(paceFactorFor(0, 1)).toBe(1);
    expect(paceFactorFor(0.6, 1)).toBe(1);
  });

  it("spaces deltas up to 3× as the loop gets busy, at once", () => {
    expect(paceFactorFor(0.8, 1)).toBeCloseTo(2);
    expect(paceFactorFor(1, 1)).toBe(3);
    expect(paceFactorFor(1.2, 1)).toBe(3);
  });

  it("comes back down by at most a quarter per sample", () => {
    expect(paceFactorFor(0.2, 3)).toBe(2.25);
    expect(paceFactorFor(0.2, 1.2)).toBe(1);
    let factor = 3;
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) seen.push((factor = paceFactorFor(0.1, factor)));
    expect(seen.at(-1)).toBe(1);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });
});
