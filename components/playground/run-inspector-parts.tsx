"use client";

import { useId } from "react";
import { cn } from "@/components/ui/cn";

// Pieces the run inspector's sections share: a titled section and a value block.

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
