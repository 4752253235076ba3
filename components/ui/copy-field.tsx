"use client";

import { useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { copyText } from "@/components/ui/copy-text";
import { CheckIcon, CopyIcon } from "@/components/ui/icons";

type CopyFieldProps = {
  /** Names the value for screen readers and the copy button ("API key", "Invite link"). */
  label: string;
  value: string;
  className?: string;
};

/** A read-only value with a copy button: a new API key, an invite link. */
export function CopyField({ label, value, className }: CopyFieldProps) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const valueRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (copied === null) return;
    const timer = setTimeout(() => setCopied(null), 2000);
    return () => clearTimeout(timer);
  }, [copied]);

  return (
    <div className={cn("flex items-stretch overflow-hidden rounded-md border bg-code", className)}>
      <code ref={valueRef} aria-label={label} className="min-w-0 flex-1 truncate px-3 py-2 font-mono text-[0.8125rem] select-all" tabIndex={0}>
        {value}
      </code>
      <button
        type="button"
        onClick={async () => setCopied(await copyText(value, valueRef.current))}
        className="inline-flex items-center gap-1.5 border-l px-3 text-xs font-medium text-muted-foreground hover:bg-accent hover:text-accent-foreground [&_svg]:size-3.5"
      >
        {copied ? <CheckIcon /> : <CopyIcon />}
        {copied ? "Copied" : copied === false ? "Select and copy" : `Copy ${label.toLowerCase()}`}
      </button>
      <span role="status" className="sr-only">
        {copied ? `${label} copied to clipboard` : copied === false ? "Could not copy; select the text and copy it" : ""}
      </span>
    </div>
  );
}
