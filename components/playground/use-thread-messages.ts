"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { apiJson, seg } from "@/lib/playground/api-client";
import type { MessageObject } from "@/lib/messages/wire";
import type { ListObject } from "@/lib/wire";

// A thread's messages, newest page first (the API's `order=desc` pages, 100 at a time, the most it
// serves), so a thread of thousands opens with one request; older pages load as the person scrolls
// up. `messages` is oldest first, the order the chat shows. The thread's runs are the live-run
// store's (lib/playground/live-run-store.ts), not a query's.

export const PAGE_SIZE = 100;

export const messagesKey = (threadId: string) => ["thread-messages", threadId] as const;

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
