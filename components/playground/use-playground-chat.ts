"use client";

import { useQueries, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { createPlaygroundThread, loadRunHistory } from "@/app/(console)/playground/actions";
import { unwrapAction } from "@/lib/auth/action-result";
import type { MessageObject } from "@/lib/messages/wire";
import type { ListObject } from "@/lib/wire";
import { apiJson, seg } from "@/lib/playground/api-client";
import { callsOfStep, emptyRunStream, requiredCalls, type StreamedToolCall } from "@/lib/playground/run-stream";
import { isActiveRun } from "@/lib/runs/statuses";
import { buildTimeline } from "@/lib/playground/timeline";
import type { ResponseFormat } from "@/lib/assistants/schema";
import type { RunHistory } from "@/lib/runs/data/history";
import type { RunObject } from "@/lib/runs/wire";
import { THREADS_KEY } from "@/components/playground/thread-sidebar";
import type { InitialThread } from "@/components/playground/playground";
import { useLiveRuns } from "@/components/playground/use-live-run";
import { latestRunKey, messagesKey, useLatestRun, useThreadMessages } from "@/components/playground/use-thread-messages";

// The chat's data and verbs: the thread's stored messages and newest run, the runs streamed in this
// tab, the timeline built from both, and send / stop / regenerate / submit tool outputs. A reload
// during a run finds it as the thread's newest run and re-attaches to its events. The thread is
// busy from a send until its run settles, requires_action included: the API would refuse a second
// message or run anyway, and an edit must not delete what it then cannot resend.

type History = { calls: Map<string, StreamedToolCall[]>; formats: Map<string, ResponseFormat> };

/** Stable (module-level), so useQueries memoizes the combined maps until a page's data changes. */
function historyByRun(results: { data?: RunHistory }[]): History {
  const history: History = { calls: new Map(), formats: new Map() };
  for (const { data } of results) {
    for (const [runId, steps] of Object.entries(data?.toolCalls ?? {})) history.calls.set(runId, steps.flatMap(callsOfStep));
    for (const [runId, format] of Object.entries(data?.responseFormats ?? {})) history.formats.set(runId, format);
  }
  return history;
}

const BUSY = "A run is still going on this thread: stop it (or answer its tool calls) first.";
const EXPIRY_POLL_MS = 5_000;
const RERUN_MOVED = "You opened another thread before the new run started; its old reply was removed, so open that thread and regenerate there.";
const MOVED = "You opened another thread while this was being sent; it went to the thread it was written in.";

export function usePlaygroundChat(assistantId: string, threadId: string | null, setThreadId: (id: string) => void, initial: InitialThread | null) {
  const queryClient = useQueryClient();
  const given = initial?.threadId === threadId ? initial : null;
  const messages = useThreadMessages(threadId, given ? { page: given.messages, readAt: given.readAt } : undefined);
  const latest = useLatestRun(threadId, given ? { run: given.latestRun, readAt: given.readAt } : undefined);
  const onSettled = useCallback(() => {
    if (!threadId) return;
    void queryClient.invalidateQueries({ queryKey: messagesKey(threadId) });
    void queryClient.invalidateQueries({ queryKey: latestRunKey(threadId) });
    void queryClient.invalidateQueries({ queryKey: THREADS_KEY });
  }, [queryClient, threadId]);
  const live = useLiveRuns(threadId, onSettled);
  const pending = useRef<Record<string, unknown> | null>(null);

  // The hook's verbs are stable per thread: effects depend on them, not on `live` (new per render).
  const { start, attach, refresh, activeRunId } = live;
  const connectionState = live.connection.state;

  // A thread made by the first send starts its run once this hook follows that thread.
  useEffect(() => {
    if (!threadId || !pending.current) return;
    const body = pending.current;
    pending.current = null;
    void start(body);
  }, [threadId, start]);

  // Opened (or reloaded) while its newest run is still going: follow that run.
  const latestRun = latest.data ?? null;
  useEffect(() => {
    // Not while a run is being started here: that request's own stream is this run's.
    if (latestRun && isActiveRun(latestRun.status) && !activeRunId && !pending.current && connectionState === "idle") void attach(latestRun.id);
  }, [latestRun, activeRunId, connectionState, attach]);

  // History's tool calls and response formats: one read per page of messages, for the runs that page shows.
  const pages = messages.data?.pages ?? [];
  const history = useQueries({
    queries: pages.map((page) => {
      const runIds = [...new Set(page.data.flatMap((m) => (m.role === "assistant" && m.run_id ? [m.run_id] : [])))];
      return {
        queryKey: ["run-history", threadId, runIds],
        enabled: threadId !== null && runIds.length > 0,
        staleTime: 60_000,
        queryFn: async () => unwrapAction(await loadRunHistory({ threadId: threadId!, runIds })),
      };
    }),
    combine: historyByRun,
  });
  const historyCalls = history.calls;

  // While a new run is being asked for, the previous one is no longer the live one.
  const starting = live.connection.state === "streaming" && !live.activeRunId;
  const liveRunId = starting ? null : (live.activeRunId ?? latestRun?.id ?? null);
  const liveStream = useMemo(() => {
    if (starting) return null;
    // A stream that has not named its run's state yet (an attach just begun, or refused) says less than the last read.
    if (live.active?.run || !latestRun) return live.active;
    return { ...emptyRunStream(null), run: latestRun };
  }, [starting, live.active, latestRun]);
  const liveRun = liveStream?.run ?? null;
  const busy = live.connection.state !== "idle" || (liveRun !== null && isActiveRun(liveRun.status));
  /** The run Stop cancels: the live one while it holds the thread (not before a new run has a name). */
  const stoppable = liveRun && isActiveRun(liveRun.status) && liveRun.status !== "cancelling" ? liveRun.id : null;

  // A run left waiting for tool outputs expires on the server with no event to tell us: read it then.
  const expiresAt = liveRun?.status === "requires_action" ? liveRun.expires_at : null;
  useEffect(() => {
    if (!expiresAt || !liveRunId) return;
    let poll: ReturnType<typeof setInterval> | undefined;
    // Then every few seconds, in case this machine's clock runs ahead of the server's.
    const timer = setTimeout(
      () => {
        void refresh(liveRunId);
        poll = setInterval(() => void refresh(liveRunId), EXPIRY_POLL_MS);
      },
      Math.max(0, expiresAt * 1000 - Date.now()) + 1_000,
    );
    return () => {
      clearTimeout(timer);
      clearInterval(poll);
    };
  }, [expiresAt, liveRunId, refresh]);

  /** The live run when `runId` is it (the only run whose current state the page keeps). */
  const liveRunFor = useCallback((runId: string) => (runId === liveRun?.id ? liveRun : null), [liveRun]);

  /** A run's calls: streamed here (newest), else what it asks for now, else history. */
  const callsOf = useCallback(
    (runId: string): StreamedToolCall[] => {
      const streamed = [...(live.runs.get(runId)?.toolCalls.values() ?? [])].flat();
      if (streamed.length) return streamed;
      const required = requiredCalls(liveRunFor(runId));
      if (required.length) return required;
      return historyCalls.get(runId) ?? [];
    },
    [live.runs, liveRunFor, historyCalls],
  );

  const items = useMemo(() => {
    const toolRuns = new Set(historyCalls.keys());
    for (const [runId, stream] of live.runs) if (stream.toolCalls.size) toolRuns.add(runId);
    if (liveRun?.required_action) toolRuns.add(liveRun.id);
    return buildTimeline(messages.messages, liveRunId && liveStream ? { runId: liveRunId, stream: liveStream } : null, toolRuns);
  }, [messages.messages, liveRunId, liveStream, live.runs, liveRun, historyCalls]);

  const addStored = useCallback(
    async (id: string, message: MessageObject) => {
      // A refetch in flight (the last run's settling) read the thread before this message: drop it.
      await queryClient.cancelQueries({ queryKey: messagesKey(id) });
      queryClient.setQueryData<InfiniteData<ListObject<MessageObject>>>(messagesKey(id), (data) =>
        data ? { ...data, pages: data.pages.map((page, index) => (index === 0 ? { ...page, data: [message, ...page.data] } : page)) } : data,
      );
      // What the dropped read would have brought (the last run's final reply), read again after this message.
      void queryClient.invalidateQueries({ queryKey: messagesKey(id) });
    },
    [queryClient],
  );

  /** Posts the message, then streams a run; resolves to an error message or null. */
  const send = useCallback(
    async (text: string, metadata: Record<string, string>, body: Record<string, unknown>): Promise<string | null> => {
      if (busy) return BUSY;
      try {
        const id = threadId ?? unwrapAction(await createPlaygroundThread({ assistantId })).id;
        if (!live.isShowing()) return MOVED;
        const message = await apiJson<MessageObject>(`/threads/${seg(id)}/messages`, { method: "POST", body: { role: "user", content: text, ...(Object.keys(metadata).length && { metadata }) } });
        if (!live.isShowing()) return MOVED;
        await addStored(id, message);
        if (!live.isShowing()) return MOVED;
        if (id === threadId) void live.start(body);
        else {
          pending.current = body;
          setThreadId(id);
        }
        void queryClient.invalidateQueries({ queryKey: THREADS_KEY });
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    },
    [busy, threadId, assistantId, addStored, live, setThreadId, queryClient],
  );

  const removeMessages = useCallback(
    async (ids: string[]) => {
      // One at a time: a failure stops here, and what was removed is what the refetch shows.
      for (const id of ids) await apiJson(`/threads/${seg(threadId!)}/messages/${seg(id)}`, { method: "DELETE" });
      await queryClient.invalidateQueries({ queryKey: messagesKey(threadId!) });
    },
    [threadId, queryClient],
  );

  /** Regenerate / retry: the run's replies are removed, then a new run answers the same messages. */
  const rerun = useCallback(
    async (runId: string | null, body: Record<string, unknown>): Promise<string | null> => {
      if (!threadId) return null;
      if (busy) return BUSY;
      const replies = items.flatMap((item) => (item.kind === "message" && item.message.role === "assistant" && runId && item.message.runId === runId ? [item.message.id] : []));
      try {
        await removeMessages(replies);
      } catch (error) {
        return (error as Error).message;
      }
      if (!live.isShowing()) return RERUN_MOVED;
      void live.start(body);
      return null;
    },
    [threadId, busy, items, removeMessages, live],
  );

  /**
   * The messages after `messageId` as the chat shows them (all loaded: pages load newest first):
   * a reply that just streamed counts before the stored list is read again.
   */
  const laterThan = useCallback(
    (messageId: string) => {
      const ids = items.flatMap((item) => (item.kind === "message" ? [item.message.id] : []));
      const at = ids.indexOf(messageId);
      return at < 0 ? [] : ids.slice(at + 1);
    },
    [items],
  );

  /** Edit and resend: a new branch, the edited message and everything after it replaced. */
  const editAndResend = useCallback(
    async (messageId: string, text: string, metadata: Record<string, string>, body: Record<string, unknown>): Promise<string | null> => {
      // Refused before anything is deleted: the resend could not go through on a busy thread.
      if (busy) return BUSY;
      try {
        await removeMessages([...laterThan(messageId), messageId].reverse());
      } catch (error) {
        return (error as Error).message;
      }
      return send(text, metadata, body);
    },
    [busy, removeMessages, laterThan, send],
  );

  return {
    items,
    messages,
    live,
    liveRun: liveRun as RunObject | null,
    liveRunId,
    liveRunFor,
    /** The response format a run's replies were asked for, when it asked for JSON and the page knows the run. */
    responseFormatOf: (runId: string | null): ResponseFormat | null =>
      runId ? ((live.runs.get(runId)?.run ?? liveRunFor(runId))?.response_format ?? history.formats.get(runId) ?? null) : null,
    busy,
    callsOf,
    send,
    rerun,
    editAndResend,
    laterThan,
    stoppable,
    stop: () => (stoppable ? live.cancel(stoppable) : Promise.resolve(null)),
  };
}
