// File citations: the file_search tool gives the model its results headed by markers
// `【{call}:{result}†{filename}】` (lib/runs/tools/file-search.ts); the model is asked to copy them
// where it uses a result. When its message is complete, each marker that names a result of this
// run becomes a `file_citation` annotation over the marker itself; the marker stays in the text,
// as OpenAI leaves it. Markers naming no result (made up, mistyped) are left as plain text.

import type { StepToolCall } from "@/lib/runs/wire";

export type FileCitation = {
  type: "file_citation";
  text: string;
  start_index: number;
  end_index: number;
  file_citation: { file_id: string };
};

/** What a marker may point at: `"{call}:{result}"` → the result's file. */
export type CitationSources = ReadonlyMap<string, { fileId: string }>;

export const citationKey = (call: number, result: number) => `${call}:${result}`;
export const citationMarker = (call: number, result: number, filename: string) => `【${call}:${result}†${filename.replace(/[【】]/g, "")}】`;

// `【4:0†notes.md】`, also `【4:0†source】` and `【4:0】` as models shorten them.
const MARKER = /【(\d+):(\d+)(?:†[^【】]*)?】/g;

/** What a marker names: `【4:0†notes.md】` → call 4, result 0, file "notes.md" (null when the model shortened it away). */
export function parseCitationMarker(marker: string): { call: number; result: number; fileName: string | null } | null {
  const match = /^【(\d+):(\d+)(?:†([^【】]*))?】$/.exec(marker);
  if (!match) return null;
  const fileName = match[3]?.trim();
  return { call: Number(match[1]), result: Number(match[2]), fileName: fileName && fileName !== "source" ? fileName : null };
}

/** Annotations for the markers in `text` that name a known result; indices in UTF-16 units, end exclusive. */
export function fileCitations(text: string, sources: CitationSources): FileCitation[] {
  if (sources.size === 0) return [];
  const annotations: FileCitation[] = [];
  for (const match of text.matchAll(MARKER)) {
    const source = sources.get(citationKey(Number(match[1]), Number(match[2])));
    if (!source) continue;
    annotations.push({
      type: "file_citation",
      text: match[0],
      start_index: match.index,
      end_index: match.index + match[0].length,
      file_citation: { file_id: source.fileId },
    });
  }
  return annotations;
}

/** `sources` with the results of the file_search calls among `calls` added (each call knows its index in the run). */
export function addCitationSources(sources: CitationSources, calls: readonly StepToolCall[]): CitationSources {
  const searches = calls.filter((call) => call.type === "file_search" && call._model);
  if (!searches.length) return sources;
  const next = new Map(sources);
  for (const call of searches) {
    if (call.type !== "file_search") continue;
    call.file_search.results.forEach((result, index) => next.set(citationKey(call._model!.index, index), { fileId: result.file_id }));
  }
  return next;
}
