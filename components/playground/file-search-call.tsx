"use client";

import { useFileSearchCalls } from "@/components/playground/citations";
import { ValueBlock } from "@/components/playground/run-inspector-parts";
import type { StreamedToolCall } from "@/lib/playground/live-run-view";

// A file_search call in the run inspector: the query the model sent, then each result with its file,
// score and text. The stream carries only the results' files and scores (as OpenAI's does); the
// query and the text come from the run's step (a server action), read again once the call has
// its results.

export function FileSearchCallDetails({ call, threadId, runId }: { call: StreamedToolCall; threadId: string; runId: string }) {
  const answered = call.output !== null;
  // Re-read when this call's results arrive (its output turns from null to the summary).
  const { data, error, isPending } = useFileSearchCalls(threadId, runId, `${call.id}:${answered}`, answered);
  const found = data?.find((candidate) => candidate.id === call.id);
  return (
    <li className="flex flex-col gap-1" aria-label={`file_search call ${call.id}`}>
      <div className="flex min-w-0 items-baseline gap-2">
        <span className="font-mono text-xs font-medium">file_search</span>
        <span className="truncate font-mono text-[0.6875rem] text-muted-foreground">{call.id}</span>
      </div>
      {!answered ? (
        <p className="text-xs text-muted-foreground italic">Searching…</p>
      ) : error ? (
        <p className="text-xs text-destructive">Could not load the search: {error.message}</p>
      ) : isPending ? (
        <p className="text-xs text-muted-foreground">Loading the query and results…</p>
      ) : !found ? (
        <ValueBlock>{call.output}</ValueBlock>
      ) : (
        <>
          <span className="text-[0.6875rem] text-muted-foreground">Query</span>
          <ValueBlock>{found.query ?? "(none: the model's arguments were refused)"}</ValueBlock>
          <span className="text-[0.6875rem] text-muted-foreground">Results ({found.results.length})</span>
          {found.results.length ? (
            <ol aria-label="Search results" className="flex flex-col gap-1.5">
              {found.results.map((result, index) => (
                <li key={index} className="flex flex-col gap-0.5 rounded-md border px-2 py-1.5">
                  <div className="flex min-w-0 items-baseline justify-between gap-2 text-xs">
                    <span className="min-w-0 truncate font-medium" title={result.fileId}>
                      {index + 1}. {result.fileName}
                    </span>
                    <span className="shrink-0 text-muted-foreground tabular-nums">score {result.score.toFixed(3)}</span>
                  </div>
                  <details className="text-[0.6875rem]">
                    <summary className="cursor-pointer text-muted-foreground">Text</summary>
                    <ValueBlock className="mt-1">{result.text || "(empty)"}</ValueBlock>
                  </details>
                </li>
              ))}
            </ol>
          ) : (
            <p className="text-xs text-muted-foreground">No results.</p>
          )}
        </>
      )}
    </li>
  );
}
