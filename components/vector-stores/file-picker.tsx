"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { listFilesToAdd } from "@/app/(console)/vector-stores/actions";
import { callAction } from "@/components/forms/call-action";
import { Button } from "@/components/ui/button";
import { unwrapAction } from "@/lib/auth/action-result";
import { formatBytes } from "@/lib/files/format";
import { InlineError } from "@/components/ui/inline-error";

// The workspace's files to choose from (newest first, 50 at a time), as checkboxes. Files already
// in the store are shown, checked and disabled, so the list matches the Files page.

type Props = { storeId?: string; selected: string[]; onChange: (ids: string[]) => void };

export function FilePicker({ storeId, selected, onChange }: Props) {
  const query = useInfiniteQuery({
    queryKey: ["vector-store-file-picker", storeId ?? null],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => unwrapAction(await callAction(() => listFilesToAdd({ storeId, after: pageParam }))),
    getNextPageParam: (page) => (page.has_more ? page.data.at(-1)?.id : undefined),
    staleTime: 0,
  });
  const files = query.data?.pages.flatMap((page) => page.data) ?? [];
  const chosen = new Set(selected);
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((other) => other !== id));

  if (query.isPending) return <p role="status" className="text-sm text-muted-foreground">Loading files…</p>;
  if (query.isError) return <InlineError>{query.error.message}</InlineError>;
  if (files.length === 0) return <p className="text-sm text-muted-foreground">No files yet: upload some on the Files page or below.</p>;
  return (
    <fieldset className="flex min-h-0 flex-col gap-2">
      <legend className="mb-1.5 text-sm font-medium">Workspace files</legend>
      <ul aria-label="Workspace files" className="flex max-h-64 flex-col gap-0.5 overflow-y-auto rounded-lg border p-1">
        {files.map((file) => (
          <li key={file.id}>
            <label className="flex items-center gap-2.5 rounded-md px-2 py-1.5 text-sm hover:bg-muted/50 has-[:disabled]:opacity-60">
              <input type="checkbox" checked={file.in_store || chosen.has(file.id)} disabled={file.in_store} onChange={(event) => toggle(file.id, event.target.checked)} />
              <span className="min-w-0 flex-1 truncate" title={file.filename}>
                {file.filename}
              </span>
              <span className="shrink-0 text-xs text-muted-foreground tabular-nums">
                {file.in_store ? "in this store" : `${formatBytes(file.bytes)} · ${file.purpose}`}
              </span>
            </label>
          </li>
        ))}
      </ul>
      <div className="flex items-center justify-between gap-2 text-xs text-muted-foreground">
        <span aria-live="polite">{selected.length === 1 ? "1 file chosen" : `${selected.length} files chosen`}</span>
        {query.hasNextPage ? (
          <Button variant="ghost" size="sm" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {query.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        ) : null}
      </div>
    </fieldset>
  );
}
