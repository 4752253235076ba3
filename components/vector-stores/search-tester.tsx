"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { searchVectorStore } from "@/app/(console)/vector-stores/actions";
import { callAction } from "@/components/forms/call-action";
import { Badge } from "@/components/ui/badge";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import { unwrapAction } from "@/lib/auth/action-result";
import { DEFAULT_TESTER_DRAFT, formatScore, keywordPart, rankingNote, semanticPart, testerRequest, type TesterDraft } from "@/lib/vector-stores/search/tester";
import type { SearchTesterResults } from "@/lib/vector-stores/wire";
import { InlineError } from "@/components/ui/inline-error";

// Type a query, see what file_search would get: the store's search (the same service as
// POST /vector_stores/{id}/search) with each chunk's fused score and the keyword and semantic
// relevances it was fused from. Every change searches again once typing pauses, without leaving
// the page; the last results stay on screen meanwhile. `indexVersion` changes as files finish
// ingesting, so a search shown then is run again over the new chunks.

const DEBOUNCE_MS = 300;

type Props = { storeId: string; indexVersion: string };

export function SearchTester({ storeId, indexVersion }: Props) {
  const id = useId();
  const [draft, setDraft] = useState<TesterDraft>(DEFAULT_TESTER_DRAFT);
  const settled = useDebouncedValue(draft, DEBOUNCE_MS);
  const request = testerRequest(settled);
  const shown = testerRequest(draft);
  const query = useQuery({
    queryKey: ["vector-store-search", storeId, indexVersion, request.kind === "ready" ? request.body : null],
    queryFn: async () => {
      const started = performance.now();
      const results = unwrapAction(await callAction(() => searchVectorStore({ id: storeId, request: request.kind === "ready" ? request.body : null })));
      return { results, ms: Math.round(performance.now() - started) };
    },
    enabled: request.kind === "ready",
    placeholderData: keepPreviousData,
    staleTime: 0,
    retry: false,
  });
  const errors = shown.kind === "invalid" ? shown.errors : {};
  const set = (change: Partial<TesterDraft>) => setDraft((current) => ({ ...current, ...change }));

  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-col gap-4 rounded-xl border bg-card p-4 shadow-xs">
      <div>
        <h2 id={`${id}-heading`} className="text-base font-semibold">
          Search tester
        </h2>
        <p className="mt-1 text-sm text-muted-foreground">The chunks file_search would hand a model for this query, best first.</p>
      </div>
      <div className="grid gap-3 sm:grid-cols-[1fr_9rem_9rem]">
        <Field id={`${id}-query`} label="Query" error={errors.query}>
          {(aria) => <Input {...aria} type="search" placeholder="What is the refund policy?" value={draft.query} onChange={(event) => set({ query: event.target.value })} />}
        </Field>
        <Field id={`${id}-max`} label="Max results" rule="1 to 50." error={errors.max_num_results}>
          {(aria) => <Input {...aria} type="number" min={1} max={50} step={1} value={draft.maxResults} onChange={(event) => set({ maxResults: event.target.value })} />}
        </Field>
        <Field id={`${id}-threshold`} label="Score threshold" rule="0 to 1." error={errors.score_threshold}>
          {(aria) => <Input {...aria} type="number" min={0} max={1} step={0.05} value={draft.scoreThreshold} onChange={(event) => set({ scoreThreshold: event.target.value })} />}
        </Field>
      </div>
      <TesterOutcome idle={request.kind === "idle"} query={query} />
    </section>
  );
}

type Outcome = { isFetching: boolean; isError: boolean; error: Error | null; data?: { results: SearchTesterResults; ms: number } };

function TesterOutcome({ idle, query }: { idle: boolean; query: Outcome }) {
  if (idle) return <p className="text-sm text-muted-foreground">Type a query to search this store.</p>;
  if (query.isError) {
    return (
      <InlineError>
        {query.error?.message}
      </InlineError>
    );
  }
  const data = query.data;
  return (
    <div className="flex flex-col gap-3" aria-busy={query.isFetching}>
      <p role="status" className="text-sm text-muted-foreground">
        {!data
          ? "Searching…"
          : `${data.results.data.length === 0 ? "No chunks" : data.results.data.length === 1 ? "1 chunk" : `${data.results.data.length} chunks`} in ${data.ms} ms. ${rankingNote(data.results.semantic_ranking)}`}
      </p>
      {data && data.results.data.length ? (
        <ol aria-label="Search results" className="flex flex-col gap-2">
          {data.results.data.map((hit, index) => (
            <li key={hit.chunk_id} aria-label={`Result ${index + 1}: ${hit.filename}`} className="flex flex-col gap-2 rounded-lg border px-3 py-2.5 text-sm">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="font-mono text-xs text-muted-foreground">#{index + 1}</span>
                <span className="min-w-0 truncate font-medium" title={hit.file_id}>
                  {hit.filename}
                </span>
                <Badge variant="neutral" className="tabular-nums">
                  Score {formatScore(hit.score)}
                </Badge>
                <span className="text-xs text-muted-foreground tabular-nums">Keyword {keywordPart(hit.keyword_score)}</span>
                <span className="text-xs text-muted-foreground tabular-nums">Semantic {semanticPart(hit.semantic_score, data.results.semantic_ranking)}</span>
              </div>
              <p className="max-h-40 overflow-y-auto text-[0.8125rem] whitespace-pre-wrap break-words text-muted-foreground">{hit.text}</p>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
