"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { apiJson, seg } from "@/lib/playground/api-client";
import type { MessageObject } from "@/lib/messages/wire";
import type { RunObject } from "@/lib/runs/wire";
import type { ListObject } from "@/lib/wire";

// A thread's messages, newest page first (the API's `order=desc` pages, 100 at a time, the most it
// serves), so a thread of thousands opens with one request; older pages load as the person scrolls
// up. `messages` is oldest first, the order the chat shows.

export const PAGE_SIZE = 100;

export const messagesKey = (threadId: string) => ["thread-messages", threadId] as const;
export const latestRunKey = (threadId: string) => ["thread-latest-run", threadId] as const;

// What the page read on the server counts as fresh for a moment: no second read right after it.
const INITIAL_FRESH_MS = 10_000;

/** `initial`: the newest page, read with the page (the chat paints without a round trip). */
export function useThreadMessages(threadId: string | null, initial?: { page: ListObject<MessageObject>; readAt: number }) {
  const query = useInfiniteQuery({
    initialData: initial ? { pages: [initial.page], pageParams: [null] } : undefined,
    initialDataUpdatedAt: initial?.readAt,
    queryKey: messagesKey(threadId ?? ""),
    enabled: threadId !== null,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiJson<ListObject<MessageObject>>(
        `/threads/${seg(threadId!)}/messages?order=desc&limit=${PAGE_SIZE}${pageParam ? `&after=${seg(pageParam)}` : ""}`,
        { signal },
      ),
    getNextPageParam: (page) => (page.has_more ? page.last_id : null),
    staleTime: INITIAL_FRESH_MS,
    refetchOnWindowFocus: false,
  });
  const pages = query.data?.pages;
  const messages = useMemo(() => (pages ?? []).flatMap((page) => page.data).reverse(), [pages]);
  return { ...query, messages };
}

/** The thread's newest run: re-attached to when it is still going, and its outcome shown when it ended without a reply. */
export function useLatestRun(threadId: string | null, initial?: { run: RunObject | null; readAt: number }) {
  return useQuery({
    initialData: initial?.run,
    initialDataUpdatedAt: initial?.readAt,
    queryKey: latestRunKey(threadId ?? ""),
    enabled: threadId !== null,
    queryFn: async ({ signal }) => (await apiJson<ListObject<RunObject>>(`/threads/${seg(threadId!)}/runs?limit=1`, { signal })).data[0] ?? null,
    staleTime: INITIAL_FRESH_MS,
    refetchOnWindowFocus: false,
  });
}
