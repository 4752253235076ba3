import type { FilePathAnnotation } from "@/lib/runs/file-paths";
import { annotationsOverParts } from "@/lib/playground/citations";

// Files a run's code produced, as the console links to them (issue 23). A reply names such a file
// by its place in the sandbox, `sandbox:/mnt/data/report.csv`, often as a Markdown link
// (`[Download](sandbox:/mnt/data/report.csv)`), and the message's `file_path` annotation says which
// File it is. That address means nothing to a browser, so each annotated span is swapped for a
// token before the text goes through Markdown, and `rehypeFileLinks` turns the tokens into links to
// the console's download route after parsing: in a link's address, the link downloads the file; in
// prose, the file's name becomes such a link; in code, the span reads as the model wrote it.
// Unannotated `sandbox:` links stay dead (the Markdown view drops any address that is not http(s)).
// Pure (its one import is the annotation's type, from the engine that makes them), tested as such.

export type { FilePathAnnotation };

/** One produced file a reply links to; `text` is the annotated span (`sandbox:/mnt/data/…`). */
export type FileLink = { fileId: string; filename: string; text: string };

export type LinkedText = {
  text: string;
  links: FileLink[];
  /** Where an index of the original text lands in `text` (for the citations' offsets). */
  shift: (index: number) => number;
};

/**
 * The console's download of a workspace file (app/(console)/files/[file_id]/download/route.ts):
 * `inline` asks for it to be shown in the page, which the route grants to raster images only.
 */
export const fileDownloadUrl = (fileId: string, inline = false) => `/files/${encodeURIComponent(fileId)}/download${inline ? "?inline=1" : ""}`;

/** Types a browser may be given to show in the page: raster images only (never SVG or HTML, which could run script). */
const INLINE_TYPES: Record<string, string> = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp" };
const INLINE_MIME_TYPES = new Set(Object.values(INLINE_TYPES));

/** The Content-Type to show a file inline with, from its declared type or else its name; null: download it. */
export function inlineImageType(filename: string, mimeType: string | null): string | null {
  const declared = mimeType?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (INLINE_MIME_TYPES.has(declared)) return declared;
  if (declared && declared !== "application/octet-stream") return null;
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  return extension ? (INLINE_TYPES[extension] ?? null) : null;
}

function isFilePath(value: unknown): value is FilePathAnnotation {
  const annotation = value as Partial<FilePathAnnotation> | null;
  return (
    annotation?.type === "file_path" &&
    typeof annotation.text === "string" &&
    Number.isInteger(annotation.start_index) &&
    Number.isInteger(annotation.end_index) &&
    typeof annotation.file_path?.file_id === "string"
  );
}

/** A message's `file_path` annotations over its text parts joined (what the chat shows), as messageCitations does. */
export const messageFilePaths = (content: readonly { type: string; text?: { value: string; annotations: unknown[] } }[]): FilePathAnnotation[] => annotationsOverParts(content, isFilePath);

/** The ids of a message's `image_file` parts, in order (charts the code drew). */
export function messageImages(content: readonly { type: string; image_file?: { file_id?: unknown } }[]): string[] {
  return content.flatMap((part) => (part.type === "image_file" && typeof part.image_file?.file_id === "string" ? [part.image_file.file_id] : []));
}

const basename = (path: string) => path.slice(path.lastIndexOf("/") + 1) || path;

// ASCII with a closing colon, so it survives as a link's address (Markdown percent-encodes anything
// else there) and a digit right after the span cannot be read as part of the number.
const TOKEN = /atelier-file:(\d+):/g;
const token = (index: number) => `atelier-file:${index}:`;

/**
 * `text` with each annotated span replaced by a token, and the files they name (one per file).
 * Annotations that do not fit the text (out of range, overlapping one before, not over their own
 * text) are left as the text they cover.
 */
export function linkFilePaths(text: string, annotations: readonly FilePathAnnotation[]): LinkedText {
  const links: FileLink[] = [];
  const byFile = new Map<string, number>();
  const moves: { end: number; delta: number }[] = [];
  const sorted = [...annotations].sort((a, b) => a.start_index - b.start_index);
  let out = "";
  let at = 0;
  for (const annotation of sorted) {
    const { start_index: start, end_index: end } = annotation;
    if (start < at || end <= start || end > text.length || text.slice(start, end) !== annotation.text) continue;
    const fileId = annotation.file_path.file_id;
    let index = byFile.get(fileId);
    if (index === undefined) {
      index = links.length;
      byFile.set(fileId, index);
      links.push({ fileId, filename: basename(annotation.text.replace(/^sandbox:/, "")), text: annotation.text });
    }
    const replacement = token(index);
    out += text.slice(at, start) + replacement;
    moves.push({ end, delta: replacement.length - (end - start) });
    at = end;
  }
  if (!links.length) return { text, links, shift: (index) => index };
  const shift = (index: number) => index + moves.reduce((sum, move) => (move.end <= index ? sum + move.delta : sum), 0);
  return { text: out + text.slice(at), links, shift };
}

// The little of hast this needs (as in citations.ts).
type HastText = { type: "text"; value: string };
type HastElement = { type: "element"; tagName: string; properties: Record<string, unknown>; children: HastNode[] };
type HastNode = HastText | HastElement | { type: string; children?: HastNode[]; value?: string };

const LITERAL_PARENTS = new Set(["code", "pre"]);

/** The properties the Markdown view's link and image read: which file, and its name. */
const fileProperties = (link: FileLink) => ({ dataFileId: link.fileId, dataFileName: link.filename });

function linkAt(value: unknown, links: readonly FileLink[]): FileLink | null {
  if (typeof value !== "string") return null;
  const match = /^atelier-file:(\d+):$/.exec(value);
  return match ? (links[Number(match[1])] ?? null) : null;
}

function replaceTokens(value: string, links: readonly FileLink[], as: (link: FileLink) => string): string {
  return value.replace(TOKEN, (whole, index: string) => {
    const link = links[Number(index)];
    return link ? as(link) : whole;
  });
}

function walk(node: HastNode, links: readonly FileLink[], context: "prose" | "link" | "code"): void {
  if (!("children" in node) || !node.children) return;
  node.children = node.children.flatMap((child): HastNode[] => {
    if (child.type === "element") {
      const element = child as HastElement;
      let inner = context;
      if (LITERAL_PARENTS.has(element.tagName)) inner = "code";
      else if (element.tagName === "a") {
        const link = linkAt(element.properties.href, links);
        if (link) Object.assign(element.properties, fileProperties(link));
        if (inner === "prose") inner = "link";
      } else if (element.tagName === "img") {
        const link = linkAt(element.properties.src, links);
        if (link) Object.assign(element.properties, fileProperties(link));
      }
      walk(element, links, inner);
      return [element];
    }
    if (child.type !== "text" || !child.value?.includes("atelier-file:")) {
      walk(child, links, context);
      return [child];
    }
    // Code shows what was written; a link's words cannot hold another link.
    if (context === "code") return [{ type: "text", value: replaceTokens(child.value, links, (link) => link.text) }];
    if (context === "link") return [{ type: "text", value: replaceTokens(child.value, links, (link) => link.filename) }];
    const pieces: HastNode[] = [];
    let at = 0;
    for (const match of child.value.matchAll(TOKEN)) {
      const link = links[Number(match[1])];
      if (!link) continue;
      if (match.index > at) pieces.push({ type: "text", value: child.value.slice(at, match.index) });
      pieces.push({ type: "element", tagName: "a", properties: fileProperties(link), children: [{ type: "text", value: link.filename }] });
      at = match.index + match[0].length;
    }
    if (at < child.value.length) pieces.push({ type: "text", value: child.value.slice(at) });
    return pieces;
  });
}

/**
 * A rehype plugin: links and images whose address is a token get `data-file-id`/`data-file-name`,
 * tokens in prose become such links (the file's name as their words), in a link's words the name,
 * in code the annotated text.
 */
export function rehypeFileLinks(options: { links: readonly FileLink[] }) {
  return (tree: HastNode) => walk(tree, options.links, "prose");
}
