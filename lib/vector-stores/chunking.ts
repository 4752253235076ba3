import { z } from "@/lib/zod";
import { parseInto } from "@/lib/validation";

// A vector store file's `chunking_strategy`, as OpenAI defines it: `auto` (800-token chunks
// overlapping by 400) or `static` with `max_chunk_size_tokens` 100–4096 and `chunk_overlap_tokens`
// at most half of it. Responses always show the static form (OpenAI reports `auto` as the static
// 800/400 it stands for). No tokenizer here: the API shares this schema; lib/ingest/chunk.ts cuts.

export const CHUNKING_LIMITS = { minChunkTokens: 100, maxChunkTokens: 4096 } as const;

export const AUTO_CHUNKING = { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } as const;

const staticChunking = z
  .strictObject({
    max_chunk_size_tokens: z
      .number()
      .int("must be an integer")
      .min(CHUNKING_LIMITS.minChunkTokens, `must be at least ${CHUNKING_LIMITS.minChunkTokens}`)
      .max(CHUNKING_LIMITS.maxChunkTokens, `must be at most ${CHUNKING_LIMITS.maxChunkTokens}`),
    chunk_overlap_tokens: z.number().int("must be an integer").min(0, "must be at least 0"),
  })
  .superRefine((value, ctx) => {
    const half = Math.floor(value.max_chunk_size_tokens / 2);
    if (value.chunk_overlap_tokens > half) {
      ctx.addIssue({
        code: "custom",
        path: ["chunk_overlap_tokens"],
        message: `must not exceed half of max_chunk_size_tokens (${half}), got ${value.chunk_overlap_tokens}`,
      });
    }
  });

const autoStrategy = z.strictObject({ type: z.literal("auto") });
const staticStrategy = z.strictObject({ type: z.literal("static"), static: staticChunking });

export type StaticChunkingStrategy = { type: "static"; static: { max_chunk_size_tokens: number; chunk_overlap_tokens: number } };
export type ChunkingStrategyParam = { type: "auto" } | StaticChunkingStrategy;

/** The request parameter, dispatched on `type` so errors point into the variant. */
export const chunkingStrategySchema = z.unknown().transform((value, ctx): ChunkingStrategyParam => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: "custom", message: "must be an object with a 'type' of 'auto' or 'static'" });
    return z.NEVER;
  }
  const type = (value as { type?: unknown }).type;
  if (type === "auto") return parseInto(autoStrategy, value, ctx);
  if (type === "static") return parseInto(staticStrategy, value, ctx);
  ctx.addIssue({
    code: "custom",
    path: ["type"],
    message: type === undefined ? "is required: 'auto' or 'static'" : `must be 'auto' or 'static', got ${JSON.stringify(type)}`,
  });
  return z.NEVER;
});

/** What a file is chunked with, and what the API reports: `auto` (or nothing) as static 800/400. */
export function resolveChunkingStrategy(param: ChunkingStrategyParam | null | undefined): StaticChunkingStrategy {
  if (!param || param.type === "auto") return { type: "static", static: { ...AUTO_CHUNKING } };
  return { type: "static", static: { ...param.static } };
}

/** The options lib/ingest/chunk.ts takes. */
export function chunkOptions(strategy: StaticChunkingStrategy): { maxTokens: number; overlapTokens: number } {
  return { maxTokens: strategy.static.max_chunk_size_tokens, overlapTokens: strategy.static.chunk_overlap_tokens };
}
