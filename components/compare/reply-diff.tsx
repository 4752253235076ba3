"use client";

import { useState } from "react";
import { wordDiff } from "@/lib/playground/compare";

// "Diff the replies": the last replies of two columns, word by word: what the second removed from
// the first struck through, what it added underlined.

export type ReplyOption = { index: number; title: string; reply: string | null };

export function ReplyDiff({ options }: { options: readonly ReplyOption[] }) {
  const [a, setA] = useState(options[0]?.index ?? 1);
  const [b, setB] = useState(options[1]?.index ?? 2);
  const left = options.find((option) => option.index === a);
  const right = options.find((option) => option.index === b);
  const parts = left?.reply != null && right?.reply != null ? wordDiff(left.reply, right.reply) : null;
  const select = (value: number, onChange: (index: number) => void, label: string) => (
    <select aria-label={label} value={value} onChange={(event) => onChange(Number(event.target.value))} className="h-8 rounded-md border bg-background px-2 text-sm">
      {options.map((option) => (
        <option key={option.index} value={option.index}>
          {option.index}. {option.title}
        </option>
      ))}
    </select>
  );
  return (
    <section aria-label="Reply diff" className="flex flex-col gap-2 rounded-xl border bg-card p-3 shadow-xs">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">Diff the last replies of</span>
        {select(a, setA, "First column")}
        <span>and</span>
        {select(b, setB, "Second column")}
        {parts ? (
          <span className="text-xs text-muted-foreground">
            {parts.filter((part) => part.kind === "removed").length} removed, {parts.filter((part) => part.kind === "added").length} added
          </span>
        ) : null}
      </div>
      {parts ? (
        <p data-testid="reply-diff" className="max-h-60 overflow-y-auto text-sm leading-relaxed whitespace-pre-wrap">
          {parts.map((part, index) =>
            part.kind === "same" ? (
              <span key={index}>{part.text}</span>
            ) : part.kind === "added" ? (
              <ins key={index} className="rounded-sm bg-emerald-500/15 text-emerald-800 no-underline decoration-emerald-600 dark:text-emerald-300">
                {part.text}
              </ins>
            ) : (
              <del key={index} className="rounded-sm bg-destructive/10 text-destructive">
                {part.text}
              </del>
            ),
          )}
        </p>
      ) : (
        <p className="text-sm text-muted-foreground">{a === b ? "Pick two different columns." : "Both columns need a finished reply first."}</p>
      )}
    </section>
  );
}
