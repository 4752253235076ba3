"use client";

import { useQueries, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { createPlaygroundThread, loadToolCalls } from "@/app/(console)/playground/actions";
import type { MessageObject } from "@/lib/messages/wire";
import type { ListObject } from "@/lib/wire";
import { apiJson, seg } from "@/lib/playground/api-client";
import { emptyRunStream, type StreamedToolCall } from "@/lib/playground/run-stream";
import { buildTimeline } from "@/lib/playground/timeline";
import type { RunObject, RunStepObject } from "@/lib/runs/wire";
import { THREADS_KEY } from "@/components/playground/thread-sidebar";
import type { InitialThread } from "@/components/playground/playground";
import { useLiveRuns } from "@/components/playground/use-live-run";
import { latestRunKey, messagesKey, useLatestRun, useThreadMessages } from "@/components/playground/use-thread-messages";

// The chat's data and verbs: the thread's stored messages and newest run, the runs streamed in this
// tab, the timeline built from both, and send / stop / regenerate / submit tool outputs. A reload
// during a run finds it as the thread's newest run and re-attaches to its events.


const ACTIVE = new Set(["queued", "in_progress", "requires_action", "cancelling"]);

const callsOfSteps = (steps: RunStepObject[]): StreamedToolCall[] =>
  steps.flatMap((step) => (step.step_details.type === "tool_calls" ? step.step_details.tool_calls.map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments, output: call.function.output })) : []));

/** Stable (module-level), so useQueries memoizes the combined map until a page's data changes. */
function callsByRun(results: { data?: Record<string, RunStepObject[]> }[]): Map<string, StreamedToolCall[]> {
  const byRun = new Map<string, StreamedToolCall[]>();
  for (const result of results) for (const [runId, steps] of Object.entries(result.data ?? {})) byRun.set(runId, callsOfSteps(steps));
  return byRun;
}

function unwrap<T>(result: { ok: true; data: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(result.message);
  return result.data;
}

export function usePlaygroundChat(threadId: string | null, setThreadId: (id: string) => void, initial: InitialThread | null) {
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

  // A thread made by the first send starts its run once this hook follows that thread.
  useEffect(() => {
    if (!threadId || !pending.current) return;
    const body = pending.current;
    pending.current = null;
    void live.start(body);
  }, [threadId, live]);

  // Opened (or reloaded) while its newest run is still going: follow that run.
  const latestRun = latest.data ?? null;
  useEffect(() => {
    if (latestRun && ACTIVE.has(latestRun.status) && !live.activeRunId && !pending.current) void live.attach(latestRun.id);
  }, [latestRun, live]);

  // History's tool calls: one read per page of messages, for the runs that page shows.
  const pages = messages.data?.pages ?? [];
  const historyCalls = useQueries({
    queries: pages.map((page) => {
      const runIds = [...new Set(page.data.flatMap((m) => (m.role === "assistant" && m.run_id ? [m.run_id] : [])))];
      return {
        queryKey: ["tool-calls", threadId, runIds],
        enabled: threadId !== null && runIds.length > 0,
        staleTime: 60_000,
        queryFn: async () => unwrap(await loadToolCalls({ threadId: threadId!, runIds })),
      };
    }),
    combine: callsByRun,
  });

  const liveRunId = live.activeRunId ?? latestRun?.id ?? null;
  const liveStream = useMemo(() => live.active ?? (latestRun ? { ...emptyRunStream(null), run: latestRun } : null), [live.active, latestRun]);
  const liveRun = liveStream?.run ?? null;

  /** A run's calls: streamed here (newest), else what it asks for now, else history. */
  const callsOf = useCallback(
    (runId: string): StreamedToolCall[] => {
      const streamed = [...(live.runs.get(runId)?.toolCalls.values() ?? [])].flat();
      if (streamed.length) return streamed;
      const run = runId === liveRun?.id ? liveRun : null;
      const required = run?.required_action?.submit_tool_outputs.tool_calls ?? [];
      if (required.length) return required.map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments, output: null }));
      return historyCalls.get(runId) ?? [];
    },
    [live.runs, liveRun, historyCalls],
  );

  const items = useMemo(() => {
    const toolRuns = new Set(historyCalls.keys());
    for (const [runId, stream] of live.runs) if (stream.toolCalls.size) toolRuns.add(runId);
    if (liveRun?.required_action) toolRuns.add(liveRun.id);
    return buildTimeline(messages.messages, liveRunId && liveStream ? { runId: liveRunId, stream: liveStream } : null, toolRuns);
  }, [messages.messages, liveRunId, liveStream, live.runs, liveRun, historyCalls]);

  const addStored = useCallback(
    (id: string, message: MessageObject) =>
      queryClient.setQueryData<InfiniteData<ListObject<MessageObject>>>(messagesKey(id), (data) =>
        data ? { ...data, pages: data.pages.map((page, index) => (index === 0 ? { ...page, data: [message, ...page.data] } : page)) } : data,
      ),
    [queryClient],
  );

  /** Posts the message, then streams a run; resolves to an error message or null. */
  const send = useCallback(
    async (text: string, metadata: Record<string, string>, body: Record<string, unknown>): Promise<string | null> => {
      try {
        const id = threadId ?? unwrap(await createPlaygroundThread({})).id;
        const message = await apiJson<MessageObject>(`/threads/${seg(id)}/messages`, { method: "POST", body: { role: "user", content: text, ...(Object.keys(metadata).length && { metadata }) } });
        addStored(id, message);
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
    [threadId, addStored, live, setThreadId, queryClient],
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
      const replies = items.flatMap((item) => (item.kind === "message" && item.message.role === "assistant" && runId && item.message.runId === runId ? [item.message.id] : []));
      try {
        await removeMessages(replies);
      } catch (error) {
        return (error as Error).message;
      }
      void live.start(body);
      return null;
    },
    [threadId, items, removeMessages, live],
  );

  /** The messages after `messageId` (all loaded: pages load newest first). */
  const laterThan = useCallback(
    (messageId: string) => {
      const ids = messages.messages.map((message) => message.id);
      const at = ids.indexOf(messageId);
      return at < 0 ? [] : ids.slice(at + 1);
    },
    [messages.messages],
  );

  /** Edit and resend: a new branch, the edited message and everything after it replaced. */
  const editAndResend = useCallback(
    async (messageId: string, text: string, metadata: Record<string, string>, body: Record<string, unknown>): Promise<string | null> => {
      if (live.running) return "Stop the run first: it is still writing to this thread.";
      try {
        await removeMessages([...laterThan(messageId), messageId].reverse());
      } catch (error) {
        return (error as Error).message;
      }
      return send(text, metadata, body);
    },
    [live.running, removeMessages, laterThan, send],
  );

  return {
    items,
    messages,
    live,
    liveRun: liveRun as RunObject | null,
    liveRunId,
    callsOf,
    send,
    rerun,
    editAndResend,
    laterThan,
    stop: () => (live.activeRunId ? live.cancel(live.activeRunId) : Promise.resolve(null)),
  };
}
