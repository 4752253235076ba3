import { describe, expect, it } from "vitest";
import { DEFAULT_TESTER_DRAFT, formatScore, keywordPart, semanticPart, testerRequest } from "@/lib/vector-stores/search/tester";

const draft = (change: Partial<typeof DEFAULT_TESTER_DRAFT>) => ({ ...DEFAULT_TESTER_DRAFT, ...change });

describe("the search tester's request", () => {
  it("asks nothing until there is a query", () => {
    expect(testerRequest(draft({ query: "" }))).toEqual({ kind: "idle" });
    expect(testerRequest(draft({ query: "   " }))).toEqual({ kind: "idle" });
  });

  it("sends the query with max_num_results and score_threshold as the API takes them", () => {
    expect(testerRequest(draft({ query: "refund policy" }))).toEqual({
      kind: "ready",
      body: { query: "refund policy", max_num_results: 10, ranking_options: { score_threshold: 0 } },
    });
    expect(testerRequest({ query: "x", maxResults: " 3 ", scoreThreshold: ".25" })).toEqual({
      kind: "ready",
      body: { query: "x", max_num_results: 3, ranking_options: { score_threshold: 0.25 } },
    });
    // Emptied fields fall back to the API's defaults.
    expect(testerRequest({ query: "x", maxResults: "", scoreThreshold: "" })).toEqual({ kind: "ready", body: { query: "x" } });
  });

  it("refuses what the API refuses, in its words, per field", () => {
    expect(testerRequest(draft({ query: "x", maxResults: "0" }))).toEqual({ kind: "invalid", errors: { max_num_results: "must be between 1 and 50" } });
    expect(testerRequest(draft({ query: "x", maxResults: "51" }))).toEqual({ kind: "invalid", errors: { max_num_results: "must be between 1 and 50" } });
    expect(testerRequest(draft({ query: "x", maxResults: "2.5" }))).toEqual({ kind: "invalid", errors: { max_num_results: "must be an integer" } });
    expect(testerRequest(draft({ query: "x", scoreThreshold: "1.5" }))).toEqual({ kind: "invalid", errors: { score_threshold: "must be between 0 and 1" } });
    expect(testerRequest(draft({ query: "x", maxResults: "ten", scoreThreshold: "0x1" }))).toEqual({
      kind: "invalid",
      errors: { max_num_results: "must be a number", score_threshold: "must be a number" },
    });
    expect(testerRequest(draft({ query: "q".repeat(10_001) }))).toMatchObject({ kind: "invalid", errors: { query: "must be at most 10000 characters" } });
  });
});

describe("scores and their parts", () => {
  it("shows three decimals, and says why a part is missing", () => {
    expect(formatScore(0.5)).toBe("0.500");
    expect(formatScore(2 / 3)).toBe("0.667");
    expect(keywordPart(0.8)).toBe("0.800");
    expect(keywordPart(null)).toBe("no match");
    expect(semanticPart(null, "off")).toBe("off");
    expect(semanticPart(0.9, "off")).toBe("off");
    expect(semanticPart(null, "failed")).toBe("unavailable");
    expect(semanticPart(null, "on")).toBe("no match");
    expect(semanticPart(0.91234, "on")).toBe("0.912");
  });
});
