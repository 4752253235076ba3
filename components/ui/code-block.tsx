"use client";

import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";

type CodeBlockProps = {
  code: string;
  /** What the snippet is ("curl command", "TypeScript"): shown above it and names the copy button. */
  label: string;
  className?: string;
};

export function CodeBlock({ code, label, className }: CodeBlockProps) {
  return (
    <figure className={cn("overflow-hidden rounded-lg border bg-code", className)}>
      <figcaption className="flex items-center justify-between gap-3 border-b py-1.5 pr-1.5 pl-4">
        <span className="text-xs font-medium text-muted-foreground">{label}</span>
        <CopyButton text={code} label={label} stateText />
      </figcaption>
      {/* Focusable so keyboard users can scroll long lines sideways in every browser. */}
      <pre className="overflow-x-auto p-4 text-[0.8125rem] leading-relaxed" tabIndex={0}>
        <code className="font-mono">{code}</code>
      </pre>
    </figure>
  );
}
