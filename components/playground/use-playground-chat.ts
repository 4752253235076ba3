"use client";

import { useQueries, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createPlaygroundThread, loadRunHistory } from "@/app/(console)/playground/actions";
import { unwrapAction } from "@/lib/auth/action-result";
import type { MessageObject } from "@/lib/messages/wire";
import type { ListObject } from "@/lib/wire";
import { apiJson, seg } from "@/lib/playground/api-client";
import { fileSearchAttachments, waitForThreadFiles } from "@/lib/playground/attachments";
import type { ToolApproval } from "@/lib/playground/live-run-store";
import { callsOf as storeCallsOf, callsOfStep, entryOf, isBusy, liveRunIdOf, messagesOf, runOf, stoppableRunId, type StreamedToolCall } from "@/lib/playground/live-run-view";
import { buildTimeline } from "@/lib/playground/timeline";
import type { ResponseFormat } from "@/lib/assistants/schema";
import type { RunHistory } from "@/lib/runs/data/history";
import { THREADS_KEY } from "@/components/playground/thread-sidebar";
import type { InitialThread } from "@/components/playground/playground";
import type { ToolCallsStatus } from "@/components/playground/tool-calls";
import { useLiveRunState, useLiveRunStore } from "@/components/playground/use-live-run-store";
import { messagesKey, useThreadMessages } from "@/components/playground/use-thread-messages";

// The chat's data and verbs: the thread's stored messages (pages of the messages query), its runs
// as the live-run store holds them, the timeline built from both, and send / stop / regenerate /
// submit tool outputs or approvals. Everything about a run (its object, steps, messages while it
// streams, tool calls, errors) is read from the store; the messages query is the thread's history.
// The thread is busy from a send until its run settles, requires_action included: the API would
// refuse a second message or run anyway, and an edit must not delete what it then cannot resend.

/** A file attached to a message: its id, and its name for what the playground says about it. */
export type AttachedFileRef = { id: string; filename: string };

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
const RERUN_MOVED = "You opened another thread before the new run started; its old reply was removed, so open that thread and regenerate there.";
const MOVED = "You opened another thread while this was being sent; it went to the thread it was written in.";

export function usePlaygroundChat(assistantId: string, threadId: string | null, setThreadId: (id: string) => void, initial: InitialThread | null) {
  const queryClient = useQueryClient();
  const given = initial?.threadId === threadId ? initial : null;
  const messages = useThreadMessages(threadId, given ? { page: given.messages, readAt: given.readAt } : undefined);
  const onSettled = useCallback(
    (id: string) => {
      void queryClient.invalidateQueries({ queryKey: messagesKey(id) });
      void queryClient.invalidateQueries({ queryKey: THREADS_KEY });
    },
    [queryClient],
  );
  const store = useLiveRunStore(threadId, initial, onSettled);
  const state = useLiveRunState(store, threadId);
  const pending = useRef<Record<string, unknown> | null>(null);
  // What a send with attached files is doing, or what became of them (said beside the composer).
  const [notice, setNotice] = useState<string | null>(null);

  // A thread made by the first send starts its run once the store shows that thread.
  useEffect(() => {
    if (!threadId || !pending.current) return;
    const body = pending.current;
    pending.current = null;
    void store.start(threadId, body);
  }, [threadId, store]);

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

  const liveRunId = liveRunIdOf(state);
  const liveRun = runOf(state, liveRunId);
  const busy = isBusy(state);
  const stoppable = stoppableRunId(state);

  /** A run as the store holds it (null for history runs it never read). */
  const liveRunFor = useCallback((runId: string) => runOf(state, runId), [state]);

  /** A run's calls: what the store knows (streamed or read), else history. */
  const callsOf = useCallback(
    (runId: string): StreamedToolCall[] => {
      const known = storeCallsOf(state, runId);
      return known.length ? known : (historyCalls.get(runId) ?? []);
    },
    [state, historyCalls],
  );

  const liveMessages = useMemo(() => messagesOf(entryOf(state, liveRunId)), [state, liveRunId]);
  const items = useMemo(() => {
    const toolRuns = new Set(historyCalls.keys());
    for (const runId of state.runs.keys()) if (storeCallsOf(state, runId).length) toolRuns.add(runId);
    return buildTimeline(messages.messages, liveRunId ? { runId: liveRunId, messages: liveMessages } : null, toolRuns);
  }, [messages.messages, liveRunId, liveMessages, state, historyCalls]);

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

  /** Waits for the attached files to be indexed; says what became of those that were not. */
  const indexAttachments = useCallback(async (id: string, files: readonly AttachedFileRef[]) => {
    setNotice(`Indexing ${files.length === 1 ? files[0]!.filename : `${files.length} files`} for file search…`);
    const outcome = await waitForThreadFiles(id, files.map((file) => file.id)).catch((error: Error) => ({ failed: [], timedOut: false, error: error.message }));
    const nameOf = (fileId: string) => files.find((file) => file.id === fileId)?.filename ?? fileId;
    if ("error" in outcome) setNotice(`Could not check the attached files' indexing (${outcome.error}); the run started anyway.`);
    else if (outcome.timedOut) setNotice("The attached files are still being indexed; the run started without waiting longer, so file search may not find them yet.");
    else if (outcome.failed.length) setNotice(outcome.failed.map((failure) => `${nameOf(failure.fileId)} could not be indexed: ${failure.message}`).join(" "));
    else setNotice(null);
  }, []);

  /**
   * Posts the message (with its files attached for file_search), then streams a run; resolves to an
   * error message or null. Without a thread, `newThread` makes one (the compare view makes its
   * columns' threads in one request), else the playground's action does.
   */
  const send = useCallback(
    async (text: string, metadata: Record<string, string>, body: Record<string, unknown>, files: readonly AttachedFileRef[] = [], newThread?: () => Promise<string>): Promise<string | null> => {
      if (busy) return BUSY;
      try {
        const id = threadId ?? (newThread ? await newThread() : unwrapAction(await createPlaygroundThread({ assistantId })).id);
        if (!store.isShowing(threadId)) return MOVED;
        const message = await apiJson<MessageObject>(`/threads/${seg(id)}/messages`, {
          method: "POST",
          body: {
            role: "user",
            content: text,
            ...(Object.keys(metadata).length && { metadata }),
            ...(files.length && { attachments: fileSearchAttachments(files.map((file) => file.id)) }),
          },
        });
        if (!store.isShowing(threadId)) return MOVED;
        await addStored(id, message);
        if (!store.isShowing(threadId)) return MOVED;
        if (files.length) {
          await indexAttachments(id, files);
          if (!store.isShowing(threadId)) return MOVED;
        }
        if (id === threadId) void store.start(id, body);
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
    [busy, threadId, assistantId, addStored, store, setThreadId, queryClient, indexAttachments],
  );

  const removeMessages = useCallback(
    async (ids: string[]) => {
      // One at a time: a failure stops here, and what was removed is what the refetch shows.
      try {
        for (const id of ids) {
          await apiJson(`/threads/${seg(threadId!)}/messages/${seg(id)}`, { method: "DELETE" });
          store.forget([id]);
        }
      } finally {
        await queryClient.invalidateQueries({ queryKey: messagesKey(threadId!) });
      }
    },
    [threadId, queryClient, store],
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
      if (!store.isShowing(threadId)) return RERUN_MOVED;
      void store.start(threadId, body);
      return null;
    },
    [threadId, busy, items, removeMessages, store],
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

  /** How a run's tool call cards stand: waiting for outputs, answered, or left unanswered and why. */
  const toolStatus = (runId: string): ToolCallsStatus => {
    const run = runOf(state, runId);
    if (run?.status === "requires_action") return "waiting";
    if (run?.status === "expired") return "expired";
    const unanswered = callsOf(runId).some((call) => call.output === null);
    if (run?.status === "cancelled" && unanswered) return "cancelled";
    // A history run whose calls never got outputs (it expired, was cancelled or failed there).
    return unanswered && run?.status !== "queued" && run?.status !== "in_progress" ? "unanswered" : "submitted";
  };

  return {
    items,
    toolStatus,
    messages,
    store,
    state,
    connection: state.connection,
    liveRun,
    liveRunId,
    liveRunFor,
    /** The stream's `error` event for the live run, if it sent one. */
    streamError: entryOf(state, liveRunId)?.error ?? null,
    /** The response format a run's replies were asked for, when it asked for JSON and the page knows the run. */
    responseFormatOf: (runId: string | null): ResponseFormat | null => (runId ? (runOf(state, runId)?.response_format ?? history.formats.get(runId) ?? null) : null),
    busy,
    notice,
    callsOf,
    send,
    rerun,
    editAndResend,
    laterThan,
    stoppable,
    stop: () => (stoppable && threadId ? store.cancel(threadId, stoppable) : Promise.resolve(null)),
    submitToolOutputs: (runId: string, outputs: { tool_call_id: string; output: string }[]) => (threadId ? store.submitToolOutputs(threadId, runId, outputs) : Promise.resolve("No thread is open.")),
    submitToolApprovals: (runId: string, approvals: ToolApproval[]) => (threadId ? store.submitToolApprovals(threadId, runId, approvals) : Promise.resolve("No thread is open.")),
    reconnect: () => void (threadId && liveRunId && store.attach(threadId, liveRunId)),
  };
}
