import { searchRequestSchema } from "@/lib/vector-stores/search/schema";
import type { SemanticRanking } from "@/lib/vector-stores/search/service";

// The console's search tester, without React: what its inputs ask the search for (checked by the
// search request's own schema, so the tester refuses what the API refuses, with the same words),
// and how a hit's score and its parts read. No I/O; client-safe.

export type TesterDraft = { query: string; maxResults: string; scoreThreshold: string };

export const DEFAULT_TESTER_DRAFT: TesterDraft = { query: "", maxResults: "10", scoreThreshold: "0" };

export type TesterField = "query" | "max_num_results" | "score_threshold";

/** The search request body, as POST /vector_stores/{id}/search takes it. */
export type TesterRequestBody = { query: string; max_num_results?: number; ranking_options?: { score_threshold: number } };

export type TesterRequest =
  | { kind: "idle" }
  | { kind: "invalid"; errors: Partial<Record<TesterField, string>> }
  | { kind: "ready"; body: TesterRequestBody };

const DECIMAL = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

/** "" → undefined (the API's default), "0.5" → 0.5, anything else → null (not a number). */
function readNumber(text: string): number | undefined | null {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return DECIMAL.test(trimmed) ? Number(trimmed) : null;
}

/** What the tester's inputs ask for: nothing yet (no query), a request, or why not. */
export function testerRequest(draft: TesterDraft): TesterRequest {
  if (draft.query.trim() === "") return { kind: "idle" };
  const errors: Partial<Record<TesterField, string>> = {};
  const max = readNumber(draft.maxResults);
  const threshold = readNumber(draft.scoreThreshold);
  if (max === null) errors.max_num_results = "must be a number";
  if (threshold === null) errors.score_threshold = "must be a number";
  const body: TesterRequestBody = {
    query: draft.query,
    ...(typeof max === "number" && { max_num_results: max }),
    ...(typeof threshold === "number" && { ranking_options: { score_threshold: threshold } }),
  };
  const parsed = searchRequestSchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field: TesterField | undefined =
        issue.path[0] === "max_num_results" ? "max_num_results" : issue.path[0] === "ranking_options" ? "score_threshold" : issue.path[0] === "query" ? "query" : undefined;
      if (field) errors[field] ??= issue.message;
    }
  }
  if (Object.keys(errors).length) return { kind: "invalid", errors };
  return { kind: "ready", body };
}

/** Scores as the tester shows them: three decimals, enough to tell neighbours apart. */
export const formatScore = (score: number): string => score.toFixed(3);

/** A hit's keyword relevance; null when the hit came from the semantic ranking alone. */
export function keywordPart(value: number | null): string {
  return value === null ? "no match" : formatScore(value);
}

/** A hit's semantic relevance, or why there is none. */
export function semanticPart(value: number | null, ranking: SemanticRanking): string {
  if (ranking === "off") return "off";
  if (ranking === "failed") return "unavailable";
  return value === null ? "no match" : formatScore(value);
}

/** One line under the results: which rankings answered. */
export function rankingNote(ranking: SemanticRanking): string {
  if (ranking === "off") return "Keyword ranking only: no embedding model is configured (ATELIER_EMBEDDING_MODEL), so semantic ranking is off.";
  if (ranking === "failed") return "Keyword ranking only: the embedding provider failed or took too long for this query.";
  return "Keyword and semantic rankings, fused.";
}
