"use client";

import { memo, useMemo } from "react";
import ReactMarkdown, { type Components, type Options } from "react-markdown";
import { rehypeSharedHighlight } from "@/components/playground/markdown";
import { cn } from "@/components/ui/cn";

// Code highlighted as the replies' code blocks are (the shared highlight.js transformer, the same
// `hljs-*` colours in globals.css), without their header: a code interpreter call's Python. It goes
// through react-markdown as one fenced block, longer than any run of backticks in the code, so the
// code cannot close it; nothing else of Markdown applies inside a fence.

const plugins: Options["rehypePlugins"] = [rehypeSharedHighlight];
const BACKTICKS = /`+/g;

/** `className`: the block's size, padding and type size (cn does not merge, so these are not defaults to override). */
export const HighlightedCode = memo(function HighlightedCode({ code, language, className = "px-3 py-2 text-[0.8125rem]" }: { code: string; language: string; className?: string }) {
  const fence = "`".repeat(Math.max(3, ...Array.from(code.matchAll(BACKTICKS), (match) => match[0].length + 1)));
  const components = useMemo<Components>(
    () => ({
      // Focusable so keyboard users can scroll long lines sideways.
      pre: ({ node: _node, ...props }) => <pre tabIndex={0} className={cn("overflow-auto rounded-md border bg-code leading-relaxed", className)} {...props} />,
      code: ({ node: _node, className: classes, ...props }) => <code className={cn("font-mono", classes)} {...props} />,
    }),
    [className],
  );
  return (
    <ReactMarkdown rehypePlugins={plugins} components={components}>
      {`${fence}${language}\n${code.replace(/\n$/, "") || " "}\n${fence}`}
    </ReactMarkdown>
  );
});
