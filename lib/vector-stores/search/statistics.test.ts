import { describe, expect, it } from "vitest";
import { MIN_CHUNKS, statisticsStale } from "@/lib/vector-stores/search/statistics";

describe("statisticsStale", () => {
  it("asks for statistics once there are enough chunks and none describe them", () => {
    expect(statisticsStale(-1, MIN_CHUNKS)).toBe(true);
    expect(statisticsStale(-1, MIN_CHUNKS - 1)).toBe(false);
    expect(statisticsStale(0, 65_000)).toBe(true);
  });

  it("analyses again when the chunks have doubled or halved since", () => {
    expect(statisticsStale(32_500, 65_000)).toBe(false);
    expect(statisticsStale(32_000, 65_000)).toBe(true);
    expect(statisticsStale(130_000, 65_000)).toBe(false);
    expect(statisticsStale(131_000, 65_000)).toBe(true);
  });

  it("treats unknown counts as nothing to do or no statistics", () => {
    expect(statisticsStale(Number.NaN, 5_000)).toBe(true);
    expect(statisticsStale(5_000, Number.NaN)).toBe(false);
  });
});
