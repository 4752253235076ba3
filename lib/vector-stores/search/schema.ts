import { REQUIRED_MESSAGE, z } from "@/lib/zod";
import { filterSchema } from "@/lib/vector-stores/search/filters";
import { QUERY_LIMITS } from "@/lib/vector-stores/search/query";

// POST /vector_stores/{id}/search (OpenAI's VectorStoreSearchRequest). `rewrite_query` is accepted
// and has no effect: there is no model to rewrite with at search time. `ranker` is accepted; `none`
// and `auto` rank the same way (lib/vector-stores/search/fusion.ts). Query limits are Atelier's
// (the contract sets none): enough for any assistant, bounded for the database.

const queryText = z.string().max(QUERY_LIMITS.chars, `must be at most ${QUERY_LIMITS.chars} characters`);

export const searchRequestSchema = z.strictObject({
  query: z
    .union([queryText, z.array(queryText).min(1, "must have at least one query").max(QUERY_LIMITS.queries, `at most ${QUERY_LIMITS.queries} queries`)], {
      error: (issue) => (issue.input === undefined ? REQUIRED_MESSAGE : "must be a string or an array of strings"),
    })
    .refine((query) => (typeof query === "string" ? [query] : query).some((q) => q.trim() !== ""), "must not be empty"),
  rewrite_query: z.boolean().optional(),
  max_num_results: z.number().int("must be an integer").min(1, "must be between 1 and 50").max(50, "must be between 1 and 50").default(10),
  filters: filterSchema.optional(),
  ranking_options: z
    .strictObject({
      ranker: z.enum(["none", "auto", "default-2024-11-15"], { message: "must be 'none', 'auto' or 'default-2024-11-15'" }).optional(),
      score_threshold: z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1").optional(),
    })
    .optional(),
});

export type SearchRequest = z.output<typeof searchRequestSchema>;
