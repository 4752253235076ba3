import { describe, expect, it } from "vitest";
import { chunkingStrategySchema, chunkOptions, resolveChunkingStrategy } from "@/lib/vector-stores/chunking";
import { z } from "@/lib/zod";
import { rejection } from "@/lib/testing";
import { parseOrThrow } from "@/lib/validation";

// Limits from OpenAI's contract (StaticChunkingStrategy), written out so a wrong constant fails here.
const body = z.strictObject({ chunking_strategy: chunkingStrategySchema.optional() });
const strategy = (max: unknown, overlap: unknown) => ({ chunking_strategy: { type: "static", static: { max_chunk_size_tokens: max, chunk_overlap_tokens: overlap } } });

describe("chunkingStrategySchema", () => {
  it.each([
    ["auto", { chunking_strategy: { type: "auto" } }],
    ["nothing", {}],
    ["static at the minimum", strategy(100, 0)],
    ["static at the maximum with half overlap", strategy(4096, 2048)],
    ["static 801 with overlap 400 (half rounded down)", strategy(801, 400)],
  ])("accepts %s", (_case, input) => {
    expect(() => parseOrThrow(body, input)).not.toThrow();
  });

  it.each([
    ["max 99", strategy(99, 0), "chunking_strategy.static.max_chunk_size_tokens", "must be at least 100"],
    ["max 4097", strategy(4097, 0), "chunking_strategy.static.max_chunk_size_tokens", "must be at most 4096"],
    ["max 800.5", strategy(800.5, 0), "chunking_strategy.static.max_chunk_size_tokens", "must be an integer"],
    ["max as a string", strategy("800", 0), "chunking_strategy.static.max_chunk_size_tokens", "must be a number, got string"],
    ["overlap over half", strategy(800, 401), "chunking_strategy.static.chunk_overlap_tokens", "must not exceed half of max_chunk_size_tokens (400), got 401"],
    ["negative overlap", strategy(800, -1), "chunking_strategy.static.chunk_overlap_tokens", "must be at least 0"],
    ["no static", { chunking_strategy: { type: "static" } }, "chunking_strategy.static", null],
    ["no overlap", { chunking_strategy: { type: "static", static: { max_chunk_size_tokens: 800 } } }, "chunking_strategy.static.chunk_overlap_tokens", null],
    ["auto with settings", { chunking_strategy: { type: "auto", static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 0 } } }, "chunking_strategy.static", "Unrecognized request argument supplied: static."],
    ["an unknown type", { chunking_strategy: { type: "semantic" } }, "chunking_strategy.type", `must be 'auto' or 'static', got "semantic"`],
    ["no type", { chunking_strategy: {} }, "chunking_strategy.type", "is required: 'auto' or 'static'"],
    ["a string", { chunking_strategy: "auto" }, "chunking_strategy", "must be an object with a 'type' of 'auto' or 'static'"],
  ])("rejects %s at param %s", (_case, input, param, message) => {
    const error = rejection(body, input);
    expect(error.param).toBe(param);
    if (message) expect(error.message).toContain(message);
  });
});

describe("resolveChunkingStrategy", () => {
  it("reports auto and nothing as static 800/400, and static as given", () => {
    const auto = { type: "static", static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } };
    expect(resolveChunkingStrategy(undefined)).toEqual(auto);
    expect(resolveChunkingStrategy(null)).toEqual(auto);
    expect(resolveChunkingStrategy({ type: "auto" })).toEqual(auto);
    const custom = { type: "static" as const, static: { max_chunk_size_tokens: 300, chunk_overlap_tokens: 20 } };
    expect(resolveChunkingStrategy(custom)).toEqual(custom);
    expect(chunkOptions(resolveChunkingStrategy(custom))).toEqual({ maxTokens: 300, overlapTokens: 20 });
  });
});
