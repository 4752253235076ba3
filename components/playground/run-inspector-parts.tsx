"use client";

import { useEffect, useId, useState } from "react";
import { cn } from "@/components/ui/cn";
import { copyText } from "@/components/ui/copy-text";
import { CheckIcon, CopyIcon } from "@/components/ui/icons";

// Pieces the run inspector's sections share: a titled section, a copy button, a value block.

export function InspectorSection({ title, actions, children }: { title: string; actions?: React.ReactNode; children: React.ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="flex min-w-0 flex-col gap-2 px-4 py-3">
      <div className="flex min-h-6 items-center justify-between gap-2">
        <h3 id={headingId} className="text-[0.8125rem] font-semibold">
          {title}
        </h3>
        {actions}
      </div>
      {children}
    </section>
  );
}

/**
 * copyText's fallback (plain-http consoles have no Clipboard API) selects text in the page; the
 * value copied is often not on screen whole (a collapsed event, the SSE of many), so an off-screen
 * element holds it for the moment of the copy.
 */
async function copyString(text: string): Promise<boolean> {
  const holder = document.createElement("pre");
  holder.textContent = text;
  holder.style.cssText = "position:fixed;left:-9999px;top:0;white-space:pre";
  document.body.append(holder);
  try {
    return await copyText(text, holder);
  } finally {
    holder.remove();
  }
}

type CopyButtonProps = {
  /** The text, or a function for text that is costly to build (built on click only). */
  text: string | (() => string);
  /** What is copied ("run id"): names the button "Copy run id". */
  label: string;
  /** Visible text; without it the button is a bare icon. Its accessible name starts with this text. */
  children?: React.ReactNode;
  /** Where to announce the result; without it the button has its own live region. Long lists share one. */
  onResult?: (message: string) => void;
  disabled?: boolean;
  className?: string;
};

export function CopyButton({ text, label, children, onResult, disabled, className }: CopyButtonProps) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  async function onCopy() {
    const ok = await copyString(typeof text === "function" ? text() : text);
    setState(ok ? "copied" : "failed");
    onResult?.(ok ? `Copied ${label}` : "Could not copy; select the text and copy it");
  }

  const message = state === "copied" ? `Copied ${label}` : state === "failed" ? "Could not copy; select the text and copy it" : "";
  return (
    <>
      <button
        type="button"
        onClick={onCopy}
        disabled={disabled}
        // A visible text stays the start of the name (label-in-name); an icon button gets the whole name.
        aria-label={children ? undefined : state === "copied" ? `Copied ${label}` : `Copy ${label}`}
        title={`Copy ${label}`}
        className={cn(
          "inline-flex h-6 shrink-0 items-center gap-1 rounded-md px-1.5 text-xs font-medium text-muted-foreground transition-colors",
          "hover:bg-accent hover:text-accent-foreground disabled:pointer-events-none disabled:opacity-50 [&_svg]:size-3.5",
          className,
        )}
      >
        {state === "copied" ? <CheckIcon /> : <CopyIcon />}
        {children}
      </button>
      {onResult ? null : (
        <span role="status" className="sr-only">
          {message}
        </span>
      )}
    </>
  );
}

/** A monospace block for JSON, arguments and outputs: wraps long lines, scrolls when tall. */
export function ValueBlock({ children, className }: { children: React.ReactNode; className?: string }) {
  return (
    <pre
      // Focusable so keyboard users can scroll a tall block.
      tabIndex={0}
      className={cn("max-h-60 overflow-auto rounded-md border bg-code px-2 py-1.5 font-mono text-[0.6875rem] leading-relaxed break-words whitespace-pre-wrap", className)}
    >
      {children}
    </pre>
  );
}

/** Label–value rows in two columns; `mono` labels are API field names. */
export function DetailList({ rows, mono = false }: { rows: { label: string; value: React.ReactNode }[]; mono?: boolean }) {
  return (
    <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs">
      {rows.map((row) => (
        <div key={row.label} className="contents">
          <dt className={cn("leading-5 text-muted-foreground", mono && "font-mono text-[0.6875rem]")}>{row.label}</dt>
          <dd className="leading-5 break-words tabular-nums">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
