"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { curlSnippet, pythonSnippet, toExport, typescriptSnippet } from "@/lib/assistants/snippets";
import type { AssistantObject } from "@/lib/assistants/wire";

const VIEWS = ["API object", "curl", "TypeScript", "Python"] as const;
type View = (typeof VIEWS)[number];

/** The saved assistant exactly as the API returns it, the code that creates it, and an export. */
export function JsonView({ assistant, baseURL }: { assistant: AssistantObject; baseURL: string }) {
  const [view, setView] = useState<View>("API object");
  const body = toExport(assistant);
  const code: Record<View, string> = {
    "API object": JSON.stringify(assistant, null, 2),
    curl: curlSnippet(body, baseURL),
    TypeScript: typescriptSnippet(body, baseURL),
    Python: pythonSnippet(body, baseURL),
  };

  function download() {
    const blob = new Blob([`${JSON.stringify(body, null, 2)}\n`], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = `${(assistant.name || assistant.id).replace(/[^\w.-]+/g, "-").toLowerCase()}.assistant.json`;
    link.click();
    URL.revokeObjectURL(url);
  }

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div role="tablist" aria-label="Show as" className="inline-flex rounded-md border p-0.5">
          {VIEWS.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              aria-selected={view === name}
              onClick={() => setView(name)}
              className={`rounded px-2.5 py-1 text-xs font-medium ${view === name ? "bg-secondary text-foreground" : "text-muted-foreground hover:text-foreground"}`}
            >
              {name}
            </button>
          ))}
        </div>
        <Button variant="outline" size="sm" onClick={download}>
          Export JSON
        </Button>
      </div>
      <div role="tabpanel" aria-label={view}>
        <CodeBlock label={view === "API object" ? "API object" : `${view} that creates this assistant`} code={code[view]} />
      </div>
      <p className="text-xs text-muted-foreground">Plugin tokens stay masked here and in exports; re-enter them after importing elsewhere.</p>
    </div>
  );
}
