"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClasses } from "@/components/ui/input";
import { fromCreateInput, type AssistantFormValues } from "@/lib/assistants/form";
import { parseAssistantImport, type ImportProblem } from "@/lib/assistants/import";

/** Paste or open a JSON export; checked with the API's schema; fills the form only when valid. */
export function ImportPanel({ onImport }: { onImport: (values: AssistantFormValues) => void }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const [done, setDone] = useState(false);

  function check(source: string) {
    const result = parseAssistantImport(source);
    setDone(result.ok);
    setProblems(result.ok ? [] : result.problems);
    if (result.ok) {
      onImport(fromCreateInput(result.input));
      setOpen(false);
    }
  }

  if (!open) {
    return (
      <div className="flex items-center gap-3">
        <Button variant="outline" size="sm" onClick={() => setOpen(true)}>
          Import JSON…
        </Button>
        {done ? (
          <span role="status" className="text-sm text-muted-foreground">
            Imported into the form: review it, then create.
          </span>
        ) : null}
      </div>
    );
  }
  return (
    <section aria-labelledby="import-heading" className="flex flex-col gap-3 rounded-xl border p-4">
      <h2 id="import-heading" className="text-sm font-semibold">
        Import an assistant
      </h2>
      <label htmlFor="import-file" className="text-sm">
        Open an exported <code>.json</code> file
      </label>
      <input id="import-file" type="file" accept="application/json,.json" className="text-sm" onChange={async (event) => {
        const file = event.target.files?.[0];
        if (!file) return;
        const content = await file.text();
        setText(content);
        check(content);
      }} />
      <label htmlFor="import-text" className="text-sm">
        or paste its JSON
      </label>
      <textarea id="import-text" rows={8} value={text} onChange={(event) => setText(event.target.value)} className={cn(inputClasses, "h-auto py-2 font-mono text-[0.8125rem]")} />
      {problems.length ? (
        <div role="alert" className="rounded-md border border-destructive/40 bg-destructive-muted px-3 py-2 text-sm text-destructive">
          <p className="font-medium">
            {problems.length} problem{problems.length === 1 ? "" : "s"}; nothing was imported:
          </p>
          <ul className="mt-1 list-disc pl-5">
            {problems.map((problem) => (
              <li key={`${problem.path}:${problem.message}`}>
                <code>{problem.path}</code>: {problem.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="flex gap-2">
        <Button size="sm" onClick={() => check(text)}>
          Check and fill the form
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </section>
  );
}
