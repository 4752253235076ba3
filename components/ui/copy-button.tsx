"use client";

import { useEffect, useState } from "react";
import { cn } from "@/components/ui/cn";
import { copyText } from "@/components/ui/copy-text";
import { CheckIcon, CopyIcon } from "@/components/ui/icons";

// The one copy button: a code block, a JSON reply, a chat message, a run id, raw events.

/**
 * copyText's fallback (plain-http consoles have no Clipboard API) selects text in the page; the
 * value copied is often not on screen whole (a collapsed event, the SSE of many, Markdown source),
 * so an off-screen element holds it for the moment of the copy.
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

type CopyState = "idle" | "copied" | "failed";

type CopyButtonProps = {
  /** The text, or a function for text that is costly to build (built on click only). */
  text: string | (() => string);
  /** What is copied ("run id"): names the button "Copy run id". */
  label: string;
  /** Visible text; without it the button is a bare icon. Its accessible name starts with this text. */
  children?: React.ReactNode;
  /** Shows "Copy" / "Copied" beside the icon (a code block's header), the name staying "Copy <label>". */
  stateText?: boolean;
  /** Where to announce the result; without it the button has its own live region. Long lists share one. */
  onResult?: (message: string) => void;
  disabled?: boolean;
  className?: string;
};

export function CopyButton({ text, label, children, stateText, onResult, disabled, className }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const said = (copied: boolean) => (copied ? `Copied ${label}` : "Could not copy; select the text and copy it");
  async function onCopy() {
    const ok = await copyString(typeof text === "function" ? text() : text);
    setState(ok ? "copied" : "failed");
    onResult?.(said(ok));
  }

  const message = state === "idle" ? "" : said(state === "copied");
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
        {stateText ? <span aria-hidden="true">{state === "copied" ? "Copied" : state === "failed" ? "Select and copy" : "Copy"}</span> : null}
      </button>
      {onResult ? null : (
        <span role="status" className="sr-only">
          {message}
        </span>
      )}
    </>
  );
}
