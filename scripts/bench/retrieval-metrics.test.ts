import { describe, expect, it } from "vitest";
import { fileRank, meanReciprocalRank, recallAt } from "./retrieval-metrics";

describe("fileRank", () => {
  it("counts distinct files in result order", () => {
    expect(fileRank(["a", "a", "b", "a", "c"], "c")).toBe(3);
    expect(fileRank(["a", "a", "b"], "a")).toBe(1);
    expect(fileRank(["a", "b", "b", "b", "c"], "c")).toBe(3);
  });

  it("is null when the file is not in the results", () => {
    expect(fileRank(["a", "b"], "c")).toBeNull();
    expect(fileRank([], "c")).toBeNull();
  });
});

describe("recallAt and meanReciprocalRank", () => {
  const ranks = [1, 2, 5, 6, null];

  it("recall@k counts answers within the first k files", () => {
    expect(recallAt(ranks, 5)).toBeCloseTo(3 / 5);
    expect(recallAt(ranks, 1)).toBeCloseTo(1 / 5);
    expect(recallAt(ranks, 10)).toBeCloseTo(4 / 5);
  });

  it("MRR averages 1/rank, a miss adding 0", () => {
    expect(meanReciprocalRank(ranks)).toBeCloseTo((1 + 1 / 2 + 1 / 5 + 1 / 6) / 5);
    expect(meanReciprocalRank([null, null])).toBe(0);
    expect(meanReciprocalRank([1, 1])).toBe(1);
  });

  it("no queries give 0, not NaN", () => {
    expect(recallAt([], 5)).toBe(0);
    expect(meanReciprocalRank([])).toBe(0);
  });
});
