"use client";

import { useState } from "react";
import { apiJson, seg } from "@/lib/playground/api-client";
import { exportFileName, exportJson, exportMarkdown, type ThreadExport as ExportData } from "@/lib/playground/export";
import type { MessageObject } from "@/lib/messages/wire";
import type { RunObject } from "@/lib/runs/wire";
import type { ThreadObject } from "@/lib/threads/wire";
import type { ListObject } from "@/lib/wire";
import { Button } from "@/components/ui/button";

// Export the open thread as JSON (the API's objects) or Markdown. Everything is read through the
// API page by page, oldest first, so the file is the whole thread, not what the chat has loaded.


async function readAll<T>(path: string): Promise<T[]> {
  const all: T[] = [];
  let after: string | null = null;
  do {
    const page: ListObject<T> = await apiJson<ListObject<T>>(`${path}?order=asc&limit=100${after ? `&after=${seg(after)}` : ""}`);
    all.push(...page.data);
    after = page.has_more ? page.last_id : null;
  } while (after);
  return all;
}

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export function ThreadExport({ threadId }: { threadId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(format: "json" | "md") {
    setBusy(true);
    setError(null);
    try {
      const base = `/threads/${seg(threadId)}`;
      const [thread, messages, runs] = await Promise.all([apiJson<ThreadObject>(base), readAll<MessageObject>(`${base}/messages`), readAll<RunObject>(`${base}/runs`)]);
      const data: ExportData = { thread, messages, runs };
      if (format === "json") download(exportFileName(thread, "json"), "application/json", exportJson(data));
      else download(exportFileName(thread, "md"), "text/markdown", exportMarkdown(data));
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex items-center gap-1">
      {error ? <span role="alert" className="text-xs text-destructive">{error}</span> : null}
      <Button size="sm" variant="ghost" className="h-7 px-2 text-xs" disabled={busy} onClick={() => void run("json")}>
        Export JSON
      </Button>
      <Button size="sm" variant="ghost" className="h-7 px-2 text-xs" disabled={busy} onClick={() => void run("md")}>
        Export Markdown
      </Button>
    </div>
  );
}
