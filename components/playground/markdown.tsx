"use client";

import { createContext, memo, useContext, useMemo, useRef } from "react";
import ReactMarkdown, { defaultUrlTransform, type Components, type ExtraProps, type Options } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import remarkGfm from "remark-gfm";
import { CitationRef } from "@/components/playground/citations";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { InlineCode } from "@/components/ui/inline-code";
import { rehypeCitationRefs } from "@/lib/playground/citations";
import { fileDownloadUrl, rehypeFileLinks, type FileLink as FileLinkTarget } from "@/lib/playground/file-links";

// A model's reply is untrusted text. Safety here rests on three things, none optional:
// - no rehype-raw: react-markdown 10 turns raw HTML nodes into text (skipHtml would drop them), so
//   `<script>` or `<img onerror>` is shown literally, as the model wrote it, and never parsed;
// - urlTransform below keeps only absolute http(s)/mailto URLs (no javascript:, data:, or relative
//   paths that would navigate inside the console);
// - images are never fetched (tracking pixels, and the CSP's img-src): they become links.
// The one exception to the last two: a file the run's code wrote, named by the message's own
// `file_path` annotation (lib/playground/file-links.ts), links to (or shows) that workspace file
// through the console's download route. The model cannot forge one: the plugin marks only tokens
// the annotations put in, after parsing.

const ALLOWED_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

function safeUrl(url: string): string {
  const cleaned = defaultUrlTransform(url);
  if (!cleaned) return "";
  try {
    // The URL parser strips tabs/newlines the way the browser will ("java\tscript:").
    return ALLOWED_PROTOCOLS.has(new URL(cleaned).protocol) ? cleaned : "";
  } catch {
    return ""; // relative or malformed
  }
}

// Code blocks: the common highlight.js set (default), by the fence's language only. Auto-detection
// is off: it runs every grammar over every unlabeled block, on each streamed delta. An unknown
// language is reported as a vfile message by rehype-highlight and left plain; it does not throw.
// react-markdown builds a new processor per render, and rehype-highlight a new highlight.js
// instance per processor, which recompiles each grammar on first use: one shared transformer
// keeps the compiled grammars (recompiling was most of the render time).
const highlightTransformer = rehypeHighlight({ detect: false });
export const rehypeSharedHighlight = () => highlightTransformer;

type HastNode = { type: string; value?: string };

/**
 * A block of raw HTML would become a bare text node between paragraphs, its line breaks collapsed;
 * as a pre-wrapped paragraph it reads as what the model wrote. Inline HTML is left to react-markdown.
 */
function rehypeHtmlBlockAsText() {
  return (tree: { children: HastNode[] }) => {
    tree.children = tree.children.map((node) =>
      node.type === "raw"
        ? { type: "element", tagName: "p", properties: { className: ["whitespace-pre-wrap"] }, children: [{ type: "text", value: node.value ?? "" }] }
        : node,
    );
  };
}

const remarkPlugins: Options["remarkPlugins"] = [remarkGfm];
const rehypePlugins: Options["rehypePlugins"] = [rehypeHtmlBlockAsText, rehypeSharedHighlight];
// A reply with file citations: its references ([1], lib/playground/citations.ts) become buttons.
const rehypeCitingPlugins: Options["rehypePlugins"] = [rehypeHtmlBlockAsText, rehypeCitationRefs, rehypeSharedHighlight];

/** Set by `pre`, so `code` knows whether it is a block's body or inline (react-markdown 10 dropped `inline`). */
const InCodeBlock = createContext(false);
/** Set by `a`, so an image inside a link does not become a nested link. */
const InLink = createContext(false);

function languageOf(node: ExtraProps["node"]): string | null {
  const code = node?.children[0];
  if (!code || code.type !== "element" || code.tagName !== "code") return null;
  const classes = code.properties.className;
  if (!Array.isArray(classes)) return null;
  for (const name of classes) {
    if (typeof name === "string" && name.startsWith("language-")) return name.slice("language-".length);
  }
  return null;
}

function FencedCode({ node, children }: React.ComponentProps<"pre"> & ExtraProps) {
  const preRef = useRef<HTMLPreElement>(null);
  const language = languageOf(node);
  // The fence's body ends with its newline; nobody wants that pasted.
  const getText = () => (preRef.current?.textContent ?? "").replace(/\n$/, "");
  return (
    <div className="my-2 overflow-hidden rounded-lg border bg-code">
      <div className="flex items-center justify-between gap-3 border-b py-1 pr-1 pl-3">
        <span className="truncate font-mono text-xs text-muted-foreground">{language ?? "code"}</span>
        <CopyButton label="code" text={getText} stateText />
      </div>
      {/* Focusable so keyboard users can scroll long lines sideways in every browser. */}
      <pre ref={preRef} className="overflow-x-auto p-3 text-[0.8125rem] leading-relaxed" tabIndex={0}>
        <InCodeBlock value={true}>{children}</InCodeBlock>
      </pre>
    </div>
  );
}

function Code({ node: _node, className, ...props }: React.ComponentProps<"code"> & ExtraProps) {
  const inBlock = useContext(InCodeBlock);
  if (inBlock) return <code className={cn("font-mono", className)} {...props} />;
  return <InlineCode className={className} {...props} />;
}

/** The file's id and name, when the file-links plugin marked this element as a link to a file the code wrote. */
function fileOf(node: ExtraProps["node"]): { id: string; name: string } | null {
  const id = node?.properties?.dataFileId;
  const name = node?.properties?.dataFileName;
  return typeof id === "string" && typeof name === "string" ? { id, name } : null;
}

function Link({ node, href, title, children }: React.ComponentProps<"a"> & ExtraProps) {
  const file = fileOf(node);
  if (file) {
    return (
      <a href={fileDownloadUrl(file.id)} download={file.name} title={`Download ${file.name}`} className="font-medium break-words underline underline-offset-2 hover:text-muted-foreground">
        <InLink value={true}>{children}</InLink>
        {/* The link's words may be the model's "Download": the name says which file. */}
        {children === file.name ? null : <span className="sr-only"> ({file.name})</span>}
      </a>
    );
  }
  // urlTransform blanked it (javascript:, relative…): keep the words, drop the link.
  if (!href) return <span>{children}</span>;
  return (
    <a href={href} title={title} target="_blank" rel="noopener noreferrer nofollow" className="font-medium break-words underline underline-offset-2 hover:text-muted-foreground">
      <InLink value={true}>{children}</InLink>
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}

function Image({ node, src, alt, title }: React.ComponentProps<"img"> & ExtraProps) {
  const insideLink = useContext(InLink);
  const file = fileOf(node);
  // eslint-disable-next-line @next/next/no-img-element -- a workspace file behind the session: next/image's optimizer would fetch it without one.
  if (file) return <img src={fileDownloadUrl(file.id, true)} alt={alt || file.name} title={title ?? file.name} className="my-2 max-h-96 max-w-full rounded-md border bg-white" />;
  const text = alt ? `Image: ${alt}` : "Image";
  const url = typeof src === "string" ? src : "";
  if (insideLink || !url) return <span className="italic">[{text}]</span>;
  return (
    <a href={url} title={title ?? url} target="_blank" rel="noopener noreferrer nofollow" className="italic break-words underline underline-offset-2 hover:text-muted-foreground">
      [{text}]<span className="sr-only"> (not loaded; opens in a new tab)</span>
    </a>
  );
}

// Model headings sit under the page's h1 and the panel's h2, so levels shift down by two to keep
// the page outline sane; sizes stay small for a chat bubble.
const heading =
  (Tag: "h3" | "h4" | "h5" | "h6", size: string) =>
  function Heading({ node: _node, className, ...props }: React.ComponentProps<"h1"> & ExtraProps) {
    return <Tag className={cn("mt-4 mb-2 font-semibold tracking-tight", size, className)} {...props} />;
  };

const components: Components = {
  h1: heading("h3", "text-base"),
  h2: heading("h4", "text-base"),
  h3: heading("h5", "text-sm"),
  h4: heading("h6", "text-sm"),
  h5: heading("h6", "text-sm"),
  h6: heading("h6", "text-sm text-muted-foreground"),
  p: ({ node: _node, className, ...props }) => <p className={cn("my-2 leading-relaxed", className)} {...props} />,
  ul: ({ node: _node, className, ...props }) => (
    <ul className={cn("my-2 space-y-1", className?.includes("contains-task-list") ? "list-none pl-1" : "list-disc pl-5", className)} {...props} />
  ),
  ol: ({ node: _node, className, ...props }) => <ol className={cn("my-2 list-decimal space-y-1 pl-5", className)} {...props} />,
  li: ({ node: _node, className, ...props }) => <li className={cn("pl-0.5 [&>ol]:my-1 [&>p]:my-1 [&>ul]:my-1", className)} {...props} />,
  // GFM task list boxes: disabled by remark-gfm already; they report, they are not a form.
  input: ({ node: _node, className, ...props }) => <input className={cn("mr-1.5 align-middle", className)} {...props} />,
  blockquote: ({ node: _node, className, ...props }) => <blockquote className={cn("my-2 border-l-2 pl-3 text-muted-foreground", className)} {...props} />,
  hr: ({ node: _node, className, ...props }) => <hr className={cn("my-3", className)} {...props} />,
  a: Link,
  img: Image,
  sup: ({ node, className, ...props }) => {
    const citation = node?.properties?.dataCitation;
    if (typeof citation === "number") return <CitationRef number={citation} />;
    return <sup className={className} {...props} />;
  },
  pre: FencedCode,
  code: Code,
  table: ({ node: _node, className, ...props }) => (
    // Focusable so a wide table can be scrolled from the keyboard.
    <div className="my-2 max-w-full overflow-x-auto rounded-md border" tabIndex={0}>
      <table className={cn("w-full border-collapse text-[0.8125rem]", className)} {...props} />
    </div>
  ),
  thead: ({ node: _node, className, ...props }) => <thead className={cn("bg-muted/50", className)} {...props} />,
  tr: ({ node: _node, className, ...props }) => <tr className={cn("border-b last:border-b-0", className)} {...props} />,
  th: ({ node: _node, className, ...props }) => <th className={cn("px-2.5 py-1.5 text-left font-medium whitespace-nowrap", className)} {...props} />,
  td: ({ node: _node, className, ...props }) => <td className={cn("px-2.5 py-1.5 align-top", className)} {...props} />,
};

const FENCE = /^[ \t]*(`{3,}|~{3,})/;
/** A line after a blank line that still belongs to the block above: indented, a list item, a quote. */
const CONTINUES = /^(?:[ \t]|[-*+][ \t]|\d{1,9}[.)][ \t]|>)/;
const DEFINITION = /^ {0,3}\[[^\]\n]+\]:/m;

/**
 * Splits the text at blank lines between top-level blocks (never inside a code fence, a list or a
 * quote), so that while a reply streams only its last block is parsed again: re-parsing a whole
 * 4 KB reply with GFM and highlighting costs tens of milliseconds per delta, its last block <1.
 * Link and footnote definitions resolve across the whole text, so text with any is not split.
 */
export function splitMarkdownBlocks(text: string): string[] {
  if (DEFINITION.test(text)) return [text];
  const lines = text.split("\n");
  const blocks: string[] = [];
  let start = 0;
  let fence: string | null = null;
  lines.forEach((line, i) => {
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
      return;
    }
    if (marker) {
      fence = marker;
      return;
    }
    const next = lines[i + 1];
    if (line.trim() === "" && next !== undefined && next.trim() !== "" && !CONTINUES.test(next)) {
      if (i > start) blocks.push(lines.slice(start, i).join("\n"));
      start = i + 1;
    }
  });
  blocks.push(lines.slice(start).join("\n"));
  return blocks;
}

const Block = memo(function Block({ text, citing, fileLinks }: { text: string; citing: boolean; fileLinks: readonly FileLinkTarget[] | undefined }) {
  // Only a reply that links files gets a processor of its own (the plugin holds its links).
  const plugins = useMemo<Options["rehypePlugins"]>(
    () => (fileLinks?.length ? [rehypeHtmlBlockAsText, [rehypeFileLinks, { links: fileLinks }], ...(citing ? [rehypeCitationRefs] : []), rehypeSharedHighlight] : citing ? rehypeCitingPlugins : rehypePlugins),
    [citing, fileLinks],
  );
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={plugins} components={components} urlTransform={safeUrl}>
      {text}
    </ReactMarkdown>
  );
});

type MarkdownProps = {
  text: string;
  className?: string;
  /** The text carries citation references (lib/playground/citations.ts citeText); CitationContext names them. */
  citing?: boolean;
  /** The files the text's tokens link to (lib/playground/file-links.ts linkFilePaths); stable across renders. */
  fileLinks?: readonly FileLinkTarget[];
};

/**
 * An assistant's reply as sanitized Markdown (GFM, highlighted code, inert HTML, safe links).
 * Memoized twice: past messages do not re-render while the streaming one changes, and within the
 * streaming one only the block being written is parsed again (splitMarkdownBlocks).
 */
export const Markdown = memo(function Markdown({ text, className, citing = false, fileLinks }: MarkdownProps) {
  const blocks = splitMarkdownBlocks(text);
  return (
    <div className={cn("min-w-0 text-sm break-words [&>:first-child]:mt-0 [&>:last-child]:mb-0", className)}>
      {blocks.map((block, index) => (
        // Blocks only ever grow at the end, so the index is a stable identity.
        <Block key={index} text={block} citing={citing} fileLinks={fileLinks} />
      ))}
    </div>
  );
});
