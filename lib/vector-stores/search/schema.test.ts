import { describe, expect, it } from "vitest";
import { searchRequestSchema } from "@/lib/vector-stores/search/schema";
import { rejection } from "@/lib/testing";
import { parseOrThrow } from "@/lib/validation";

describe("searchRequestSchema", () => {
  it("accepts OpenAI's request shapes, defaulting max_num_results to 10", () => {
    expect(parseOrThrow(searchRequestSchema, { query: "return policy" })).toEqual({ query: "return policy", max_num_results: 10 });
    const full = {
      query: ["return policy", "refunds"],
      rewrite_query: true,
      max_num_results: 50,
      filters: { type: "and", filters: [{ type: "eq", key: "category", value: "finance" }] },
      ranking_options: { ranker: "default-2024-11-15", score_threshold: 0.5 },
    };
    expect(parseOrThrow(searchRequestSchema, full)).toEqual(full);
    expect(parseOrThrow(searchRequestSchema, { query: "x", ranking_options: { ranker: "none" } }).ranking_options).toEqual({ ranker: "none" });
  });

  it.each([
    ["no query", {}, "query", /Missing required parameter: 'query'/],
    ["an empty query", { query: "  " }, "query", /must not be empty/],
    ["an empty query array", { query: [] }, "query", /must have at least one query/],
    ["a number in the query array", { query: ["x", 5] }, "query", /string or an array of strings/],
    ["a number as query", { query: 5 }, "query", /string or an array of strings/],
    ["max_num_results 0", { query: "x", max_num_results: 0 }, "max_num_results", /between 1 and 50/],
    ["max_num_results 51", { query: "x", max_num_results: 51 }, "max_num_results", /between 1 and 50/],
    ["a score_threshold over 1", { query: "x", ranking_options: { score_threshold: 1.5 } }, "ranking_options.score_threshold", /between 0 and 1/],
    ["an unknown ranker", { query: "x", ranking_options: { ranker: "best" } }, "ranking_options.ranker", /'none', 'auto' or 'default-2024-11-15'/],
    ["a bad filter", { query: "x", filters: { type: "eq", key: "a" } }, "filters.value", /Missing required parameter: 'filters.value'/],
    ["an unknown field", { query: "x", top_k: 3 }, "top_k", /Unrecognized request argument/],
  ])("rejects %s at param %s", (_case, input, param, message) => {
    const error = rejection(searchRequestSchema, input);
    expect(error.param).toBe(param);
    expect(error.message).toMatch(message);
  });
});
