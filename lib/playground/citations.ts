import type { MessageObject } from "@/lib/messages/wire";
import { parseCitationMarker } from "@/lib/runs/citations";

// A reply's file citations as the chat shows them: each annotated span (the marker
// `【0:1†notes.md】` the model copied, lib/runs/citations.ts) becomes a numbered reference [1], and
// the footnotes under the reply list each source once. The text still goes through Markdown, so a
// reference is written into it as a private-use sentinel pair around its number, which
// `rehypeCitationRefs` turns into an element after parsing: Markdown syntax in the marker (the file
// name) can then never change how the rest of the reply is read. Pure, so it is tested as such.

export type FileCitationAnnotation = {
  type: "file_citation";
  text: string;
  start_index: number;
  end_index: number;
  file_citation: { file_id: string };
};

export type Footnote = {
  number: number;
  /** The annotation's text: the marker as the model wrote it. */
  marker: string;
  fileId: string;
  /** From the marker; null when the model shortened it to `【0:1】`. */
  fileName: string | null;
  /** The file_search result it names (the call's index in the run, the result's in the call). */
  source: { call: number; result: number } | null;
};

export type CitedText = { text: string; footnotes: Footnote[] };

const OPEN = "\uE000";
const CLOSE = "\uE001";
const SENTINELS = /[\uE000\uE001]/g;
const REF = /\uE000(\d+)\uE001/g;

function isFileCitation(value: unknown): value is FileCitationAnnotation {
  const annotation = value as Partial<FileCitationAnnotation> | null;
  return (
    annotation?.type === "file_citation" &&
    typeof annotation.text === "string" &&
    Number.isInteger(annotation.start_index) &&
    Number.isInteger(annotation.end_index) &&
    typeof annotation.file_citation?.file_id === "string"
  );
}

/**
 * The annotations `keep` accepts over a message's text parts joined (what the chat shows as its
 * text): each part's indices moved by the length of the text parts before it.
 */
export function annotationsOverParts<T extends { start_index: number; end_index: number }>(
  content: readonly { type: string; text?: { value: string; annotations: readonly unknown[] } }[],
  keep: (annotation: unknown) => annotation is T,
): T[] {
  const kept: T[] = [];
  let offset = 0;
  for (const part of content) {
    if (part.type !== "text" || !part.text) continue;
    for (const annotation of part.text.annotations) {
      if (keep(annotation)) kept.push({ ...annotation, start_index: annotation.start_index + offset, end_index: annotation.end_index + offset });
    }
    offset += part.text.value.length;
  }
  return kept;
}

/** A message's file citations over its text parts joined. */
export const messageCitations = (content: MessageObject["content"]): FileCitationAnnotation[] => annotationsOverParts(content, isFileCitation);

/**
 * `text` with each cited span replaced by a reference, and the footnotes in the order they are first
 * cited. A span cited again (the same marker for the same file) keeps its number. Annotations that
 * do not fit the text (out of range, overlapping one before, not over their own marker) are left
 * as the text they cover.
 */
export function citeText(text: string, annotations: readonly FileCitationAnnotation[]): CitedText {
  const footnotes: Footnote[] = [];
  const numbers = new Map<string, number>();
  const sorted = [...annotations].sort((a, b) => a.start_index - b.start_index);
  let out = "";
  let at = 0;
  for (const annotation of sorted) {
    const { start_index: start, end_index: end } = annotation;
    if (start < at || end <= start || end > text.length || text.slice(start, end) !== annotation.text) continue;
    const key = `${annotation.file_citation.file_id} ${annotation.text}`;
    let number = numbers.get(key);
    if (number === undefined) {
      number = footnotes.length + 1;
      numbers.set(key, number);
      const parsed = parseCitationMarker(annotation.text);
      footnotes.push({
        number,
        marker: annotation.text,
        fileId: annotation.file_citation.file_id,
        fileName: parsed?.fileName ?? null,
        source: parsed ? { call: parsed.call, result: parsed.result } : null,
      });
    }
    // The model's own text may hold the sentinels: dropped, so only these references are read as such.
    out += text.slice(at, start).replace(SENTINELS, "") + OPEN + number + CLOSE;
    at = end;
  }
  if (!footnotes.length) return { text, footnotes };
  return { text: out + text.slice(at).replace(SENTINELS, ""), footnotes };
}

/** `text` split at its references: strings and footnote numbers, in order. */
export function splitRefs(text: string): (string | number)[] {
  const pieces: (string | number)[] = [];
  let at = 0;
  for (const match of text.matchAll(REF)) {
    if (match.index > at) pieces.push(text.slice(at, match.index));
    pieces.push(Number(match[1]));
    at = match.index + match[0].length;
  }
  if (at < text.length) pieces.push(text.slice(at));
  return pieces;
}

// The little of hast (the HTML syntax tree react-markdown renders) this needs.
type HastText = { type: "text"; value: string };
type HastElement = { type: "element"; tagName: string; properties: Record<string, unknown>; children: HastNode[] };
type HastNode = HastText | HastElement | { type: string; children?: HastNode[]; value?: string };

const LITERAL_PARENTS = new Set(["code", "pre"]);

function refsIn(node: HastNode, literal: boolean): void {
  if (!("children" in node) || !node.children) return;
  const inCode = literal || (node.type === "element" && LITERAL_PARENTS.has((node as HastElement).tagName));
  node.children = node.children.flatMap((child): HastNode[] => {
    if (child.type !== "text" || !child.value?.includes(OPEN)) {
      refsIn(child, inCode);
      return [child];
    }
    return splitRefs(child.value).map((piece): HastNode => {
      if (typeof piece === "string") return { type: "text", value: piece };
      // Inside code a reference stays text: code shows what was written.
      if (inCode) return { type: "text", value: `[${piece}]` };
      return { type: "element", tagName: "sup", properties: { dataCitation: piece }, children: [{ type: "text", value: `[${piece}]` }] };
    });
  });
}

/** A rehype plugin: each reference in the text becomes `<sup data-citation="n">[n]</sup>` (plain `[n]` in code). */
export function rehypeCitationRefs() {
  return (tree: HastNode) => refsIn(tree, false);
}
