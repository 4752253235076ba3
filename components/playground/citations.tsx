"use client";

import { useQuery } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import { loadFileSearchCalls } from "@/app/(console)/playground/actions";
import { Button } from "@/components/ui/button";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { unwrapAction } from "@/lib/auth/action-result";
import type { Footnote } from "@/lib/playground/citations";
import { InlineError } from "@/components/ui/inline-error";

// A reply's citations: numbered references in its text ([1], rendered by the Markdown view through
// CitationContext), the footnotes under it, and the dialog that shows what a footnote quotes: the
// chunk the file_search call returned, read from the run's step (lib/runs/tools/file-search.ts),
// with the file's name, the search's query and the result's score.

export const CitationContext = createContext<{ footnotes: readonly Footnote[]; open: (number: number) => void } | null>(null);

const footnoteName = (footnote: Footnote) => footnote.fileName ?? footnote.fileId;

/** A run's file_search calls with their results' text; read once per run and version (the inspector re-reads as calls finish). */
export function useFileSearchCalls(threadId: string, runId: string | null, version: string, enabled = true) {
  return useQuery({
    queryKey: ["file-search-calls", threadId, runId, version],
    queryFn: async () => unwrapAction(await loadFileSearchCalls({ threadId, runId: runId! })),
    enabled: enabled && runId !== null,
    staleTime: Infinity,
    retry: false,
  });
}

/** The [n] in a reply's text. Outside a reply with that footnote, it is plain text. */
export function CitationRef({ number }: { number: number }) {
  const context = useContext(CitationContext);
  const footnote = context?.footnotes[number - 1];
  if (!context || !footnote) return <sup>[{number}]</sup>;
  return (
    <sup>
      <button
        type="button"
        aria-label={`Source ${number}: ${footnoteName(footnote)}`}
        onClick={() => context.open(number)}
        // leading-none: <sup> has line-height 0 (Tailwind's preflight), which would leave the button no height to click.
        className="inline-block rounded px-0.5 leading-none font-medium text-primary tabular-nums underline-offset-2 hover:underline"
      >
        [{number}]
      </button>
    </sup>
  );
}

export function FootnoteList({ footnotes, onOpen }: { footnotes: readonly Footnote[]; onOpen: (number: number) => void }) {
  return (
    <ol aria-label="Sources" className="mt-2 flex flex-col gap-0.5 border-t pt-2 text-xs">
      {footnotes.map((footnote) => (
        <li key={footnote.number}>
          <button type="button" onClick={() => onOpen(footnote.number)} className="inline-flex max-w-full gap-1.5 rounded px-1 text-left hover:bg-accent hover:text-accent-foreground">
            <span className="text-muted-foreground tabular-nums">[{footnote.number}]</span>
            <span className="truncate">{footnoteName(footnote)}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}

/** What footnote `footnote` quotes, from its run's file_search call. */
export function CitationDialog({ footnote, threadId, runId, onClose }: { footnote: Footnote | null; threadId: string; runId: string | null; onClose: () => void }) {
  const { data, error, isPending } = useFileSearchCalls(threadId, runId, "final", footnote !== null);
  const call = footnote?.source ? data?.find((candidate) => candidate.index === footnote.source!.call) : undefined;
  const result = call && footnote?.source ? call.results[footnote.source.result] : undefined;
  const found = result && result.fileId === footnote?.fileId ? result : undefined;
  return (
    <ModalDialog open={footnote !== null} title={footnote ? `Source [${footnote.number}]: ${found?.fileName ?? footnoteName(footnote)}` : ""} onClose={onClose}>
      {error ? (
        <InlineError>
          Could not load the quoted text: {error.message}
        </InlineError>
      ) : isPending && runId !== null ? (
        <p className="text-sm text-muted-foreground">Loading the quoted text…</p>
      ) : found ? (
        <div className="flex flex-col gap-2">
          <p className="text-xs text-muted-foreground">
            From <span className="font-medium text-foreground">{found.fileName}</span> <span className="font-mono">{found.fileId}</span> · score {found.score.toFixed(2)}
            {call?.query ? <> · searched for “{call.query}”</> : null}
          </p>
          <blockquote aria-label="Quoted text" tabIndex={0} className="max-h-[50vh] overflow-y-auto rounded-md border-l-2 bg-muted/40 px-3 py-2 text-sm whitespace-pre-wrap">
            {found.text || "(the result had no text)"}
          </blockquote>
        </div>
      ) : (
        <p className="text-sm text-muted-foreground">
          The quoted text is no longer available: the run&apos;s search results were not found for {footnote?.marker}. The file is{" "}
          <span className="font-mono">{footnote?.fileId}</span>.
        </p>
      )}
      <div className="flex justify-end">
        <Button variant="outline" onClick={onClose}>
          Close
        </Button>
      </div>
    </ModalDialog>
  );
}
