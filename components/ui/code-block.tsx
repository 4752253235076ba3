"use client";

import { useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { copyText } from "@/components/ui/copy-text";
import { CheckIcon, CopyIcon } from "@/components/ui/icons";

type CodeBlockProps = {
  code: string;
  /** What the snippet is ("curl command", "TypeScript"): shown above it and names the copy button. */
  label: string;
  className?: string;
};

type CopyState = "idle" | "copied" | "failed";

export function CodeBlock({ code, label, className }: CodeBlockProps) {
  const [state, setState] = useState<CopyState>("idle");
  const codeRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  async function onCopy() {
    setState((await copyText(code, codeRef.current)) ? "copied" : "failed");
  }

  return (
    <figure className={cn("overflow-hidden rounded-lg border bg-code", className)}>
      <figcaption className="flex items-center justify-between gap-3 border-b py-1.5 pr-1.5 pl-4">
        <span className="text-xs font-medium text-muted-foreground">{label}</span>
        <button
          type="button"
          onClick={onCopy}
          aria-label={state === "copied" ? `Copied ${label}` : `Copy ${label}`}
          className="inline-flex h-7 items-center gap-1.5 rounded-md px-2 text-xs font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground [&_svg]:size-3.5"
        >
          {state === "copied" ? <CheckIcon /> : <CopyIcon />}
          <span aria-hidden="true">{state === "copied" ? "Copied" : state === "failed" ? "Select and copy" : "Copy"}</span>
        </button>
      </figcaption>
      {/* Focusable so keyboard users can scroll long lines sideways in every browser. */}
      <pre className="overflow-x-auto p-4 text-[0.8125rem] leading-relaxed" tabIndex={0}>
        <code ref={codeRef} className="font-mono">
          {code}
        </code>
      </pre>
      {/* Announces the result: the button's own text change is not reliably read out. */}
      <span role="status" className="sr-only">
        {state === "copied" ? "Copied to clipboard" : state === "failed" ? "Could not copy; select the text and copy it" : ""}
      </span>
    </figure>
  );
}
