"use client";

import { keepPreviousData, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { deletePlaygroundThread, listPlaygroundThreads, renamePlaygroundThread } from "@/app/(console)/playground/actions";
import { unwrapAction } from "@/lib/auth/action-result";
import type { ThreadSummary } from "@/lib/threads/summaries";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { cn } from "@/components/ui/cn";
import { formatRelative } from "@/components/ui/relative-time";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import { callAction } from "@/components/forms/call-action";
import { InlineError } from "@/components/ui/inline-error";

// The playground's threads: this assistant's by default (a thread with a run of it, or started in
// its playground), or all of the workspace's (other assistants', the API's); newest first,
// searchable by title, first message or id, renamed inline (the title is thread metadata, so API
// clients see it) and deleted after a confirmation.

export const THREADS_KEY = ["playground-threads"] as const;
const SEARCH_DEBOUNCE_MS = 250;

type Scope = "assistant" | "all";

type Props = {
  /** The playground's assistant: its threads are listed unless "All threads" is chosen. */
  assistantId: string;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  onNew: () => void;
  canEdit: boolean;
};

function ThreadRow({ thread, selected, canEdit, onSelect, onDeleted }: { thread: ThreadSummary; selected: boolean; canEdit: boolean; onSelect: () => void; onDeleted: () => void }) {
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(thread.title ?? "");
  const [error, setError] = useState<string | null>(null);
  const label = thread.title || thread.first_message || "New thread";

  async function rename() {
    const result = await callAction(() => renamePlaygroundThread({ id: thread.id, title }));
    if (!result.ok) return setError(result.fieldErrors.title?.[0] ?? result.message);
    setRenaming(false);
    setError(null);
    await queryClient.invalidateQueries({ queryKey: THREADS_KEY });
  }

  if (renaming) {
    return (
      <li className="flex flex-col gap-1 rounded-md border bg-background p-1.5">
        <input
          aria-label="Thread title"
          value={title}
          autoFocus
          maxLength={512}
          onChange={(e) => setTitle(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") void rename();
            if (e.key === "Escape") setRenaming(false);
          }}
          className="h-7 rounded border px-1.5 text-sm"
        />
        {error ? <InlineError size="xs">{error}</InlineError> : null}
        <div className="flex gap-1">
          <Button size="sm" className="h-6 px-2 text-xs" onClick={() => void rename()}>
            Save title
          </Button>
          <Button size="sm" variant="ghost" className="h-6 px-2 text-xs" onClick={() => setRenaming(false)}>
            Cancel
          </Button>
        </div>
      </li>
    );
  }
  return (
    <li className={cn("group rounded-md", selected ? "bg-accent text-accent-foreground" : "hover:bg-accent/60")}>
      <button type="button" onClick={onSelect} aria-current={selected ? "true" : undefined} className="flex w-full flex-col items-start gap-0.5 px-2 py-1.5 text-left">
        <span className="line-clamp-2 text-sm leading-snug break-words">{label}</span>
        <span className="text-xs text-muted-foreground">
          {formatRelative(new Date(thread.last_active_at * 1000))} · {thread.message_count} message{thread.message_count === 1 ? "" : "s"}
        </span>
      </button>
      {canEdit && selected ? (
        <div className="flex items-center gap-1 px-2 pb-1.5">
          <Button size="sm" variant="ghost" className="h-6 px-2 text-xs" aria-label={`Rename thread ${label}`} onClick={() => setRenaming(true)}>
            Rename
          </Button>
          <ConfirmButton
            label="Delete"
            accessibleLabel={`Delete thread ${label}`}
            question="Its messages and runs are deleted too."
            confirmLabel="Delete thread"
            action={deletePlaygroundThread}
            input={{ id: thread.id }}
            onSuccess={onDeleted}
          />
        </div>
      ) : null}
    </li>
  );
}

export function ThreadSidebar({ assistantId, selectedId, onSelect, onNew, canEdit }: Props) {
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [scope, setScope] = useState<Scope>("assistant");
  const deferred = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const only = scope === "assistant" ? assistantId : undefined;
  const query = useInfiniteQuery({
    queryKey: [...THREADS_KEY, deferred, only ?? null],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => unwrapAction(await listPlaygroundThreads({ search: deferred || undefined, after: pageParam, assistantId: only })),
    getNextPageParam: (page) => (page.has_more ? page.data.at(-1)?.id : undefined),
    staleTime: 5_000,
    // The old results stay while the new search loads: the list does not blink per pause.
    placeholderData: keepPreviousData,
  });
  const threads = query.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <nav aria-label="Threads" className="flex min-h-0 flex-col gap-2">
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">Threads</h2>
        {canEdit ? (
          <Button size="sm" variant="outline" className="h-7" onClick={onNew}>
            New thread
          </Button>
        ) : null}
      </div>
      <input type="search" aria-label="Search threads" placeholder="Search threads" value={search} onChange={(e) => setSearch(e.target.value)} className="h-8 rounded-md border bg-background px-2 text-sm" />
      <select aria-label="Show threads" value={scope} onChange={(e) => setScope(e.target.value as Scope)} className="h-8 rounded-md border bg-background px-1.5 text-sm">
        <option value="assistant">This assistant&apos;s threads</option>
        <option value="all">All threads</option>
      </select>
      {query.isError ? <InlineError size="xs">{query.error.message}</InlineError> : null}
      <ul className="-mx-1 flex min-h-0 flex-1 flex-col gap-0.5 overflow-y-auto px-1" aria-busy={query.isFetching}>
        {threads.map((thread) => (
          <ThreadRow
            key={thread.id}
            thread={thread}
            selected={thread.id === selectedId}
            canEdit={canEdit}
            onSelect={() => onSelect(thread.id)}
            onDeleted={() => {
              if (thread.id === selectedId) onSelect(null);
              void queryClient.invalidateQueries({ queryKey: THREADS_KEY });
            }}
          />
        ))}
        {query.isSuccess && threads.length === 0 ? <li className="px-2 py-4 text-center text-xs text-muted-foreground">{deferred ? "No thread matches." : only ? "No threads with this assistant yet. Send a message to start one." : "No threads yet. Send a message to start one."}</li> : null}
        {query.hasNextPage ? (
          <li>
            <Button size="sm" variant="ghost" className="w-full text-xs" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
              Load more threads
            </Button>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
