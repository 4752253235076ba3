"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiJson, seg } from "@/lib/playground/api-client";
import type { MessageObject } from "@/lib/messages/wire";
import type { RunObject } from "@/lib/runs/wire";

// A thread's messages, newest page first (the API's `order=desc` pages, 100 at a time, the most it
// serves), so a thread of thousands opens with one request; older pages load as the person scrolls
// up. `messages` is oldest first, the order the chat shows.

type ListObject<T> = { data: T[]; first_id: string | null; last_id: string | null; has_more: boolean };

export const PAGE_SIZE = 100;

export const messagesKey = (threadId: string) => ["thread-messages", threadId] as const;
export const latestRunKey = (threadId: string) => ["thread-latest-run", threadId] as const;

export function useThreadMessages(threadId: string | null) {
  const query = useInfiniteQuery({
    queryKey: messagesKey(threadId ?? ""),
    enabled: threadId !== null,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiJson<ListObject<MessageObject>>(
        `/threads/${seg(threadId!)}/messages?order=desc&limit=${PAGE_SIZE}${pageParam ? `&after=${seg(pageParam)}` : ""}`,
        { signal },
      ),
    getNextPageParam: (page) => (page.has_more ? page.last_id : null),
    staleTime: 0,
    refetchOnWindowFocus: false,
  });
  const messages = (query.data?.pages ?? []).flatMap((page) => page.data).reverse();
  return { ...query, messages };
}

/** The thread's newest run: re-attached to when it is still going, and its outcome shown when it ended without a reply. */
export function useLatestRun(threadId: string | null) {
  return useQuery({
    queryKey: latestRunKey(threadId ?? ""),
    enabled: threadId !== null,
    queryFn: async ({ signal }) => (await apiJson<ListObject<RunObject>>(`/threads/${seg(threadId!)}/runs?limit=1`, { signal })).data[0] ?? null,
    staleTime: 0,
    refetchOnWindowFocus: false,
  });
}
