"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { ApiClientError, apiJson, apiRequest, seg } from "@/lib/playground/api-client";
import { applyRunEvent, emptyRunStream, type RunStream } from "@/lib/playground/run-stream";
import { readSse } from "@/lib/playground/sse-parse";
import type { RunObject } from "@/lib/runs/wire";

// The runs this tab streams, by id: started here, continued after tool outputs, or attached to
// after a reload. The engine runs independently of any response (DESIGN.md), so a stream that
// breaks is re-attached with backoff (GET …/events replays the current segment, so the state for
// that segment starts over and no text is doubled). Events are applied to a ref and rendered at
// most once per animation frame: a fast stream must not re-render the chat per token.

export type Connection = { state: "idle" | "streaming" | "reconnecting" | "lost"; attempt: number; error: string | null };

const RECONNECT_DELAYS_MS = [500, 1_000, 2_000, 4_000, 8_000];
const TERMINAL = new Set(["completed", "failed", "cancelled", "expired", "incomplete", "requires_action"]);

const idle: Connection = { state: "idle", attempt: 0, error: null };

export function useLiveRuns(threadId: string | null, onSettled: (run: RunObject | null) => void) {
  const streams = useRef(new Map<string, RunStream>());
  const [snapshot, setSnapshot] = useState<ReadonlyMap<string, RunStream>>(new Map());
  const [activeRunId, setActiveRunId] = useState<string | null>(null);
  const [connection, setConnection] = useState<Connection>(idle);
  const controller = useRef<AbortController | null>(null);
  const frame = useRef<number | null>(null);
  const settled = useRef(onSettled);
  useEffect(() => {
    settled.current = onSettled;
  }, [onSettled]);

  const flush = useCallback(() => {
    frame.current = null;
    setSnapshot(new Map(streams.current));
  }, []);
  const schedule = useCallback(() => {
    frame.current ??= requestAnimationFrame(flush);
  }, [flush]);

  // A new thread: stop reading the old one's stream (its run goes on without us).
  useEffect(() => {
    return () => {
      controller.current?.abort();
      controller.current = null;
      setActiveRunId(null);
      setConnection(idle);
    };
  }, [threadId]);
  useEffect(() => () => void (frame.current !== null && cancelAnimationFrame(frame.current)), []);

  /** Reads one SSE response into the run's state; resolves to whether the stream ended with `done`. */
  const consume = useCallback(
    async (response: Response, key: { runId: string | null }, signal: AbortSignal, requestedAt: number): Promise<boolean> => {
      for await (const { event, data } of readSse(response.body!)) {
        if (signal.aborted) return false;
        const parsed: unknown = data === "[DONE]" ? null : JSON.parse(data);
        // The first event names the run (thread.run.created, or its state on attach).
        if (!key.runId && event.startsWith("thread.run.")) {
          key.runId = (parsed as RunObject).id;
          streams.current.set(key.runId, streams.current.get(key.runId) ?? emptyRunStream(requestedAt));
          setActiveRunId(key.runId);
        }
        if (!key.runId) continue;
        streams.current.set(key.runId, applyRunEvent(streams.current.get(key.runId)!, event, parsed, Date.now()));
        schedule();
        if (event === "done") return true;
      }
      return false;
    },
    [schedule],
  );

  /** Streams `open()`'s response; a broken stream of a known run is re-attached with backoff. */
  const follow = useCallback(
    async (open: (signal: AbortSignal) => Promise<Response>, runId: string | null, onOpen?: (error: string | null) => void) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      const key = { runId };
      // Timings count from the request, not from the first event that names the run.
      const requestedAt = Date.now();
      setConnection({ state: "streaming", attempt: 0, error: null });
      let attempt = 0;
      let opener = open;
      for (;;) {
        try {
          const response = await opener(abort.signal);
          onOpen?.(null);
          onOpen = undefined;
          attempt = 0;
          setConnection({ state: "streaming", attempt: 0, error: null });
          if (await consume(response, key, abort.signal, requestedAt)) break;
        } catch (error) {
          if (abort.signal.aborted) {
            onOpen?.(null);
            return;
          }
          // The request itself was refused (a busy thread, a bad option): nothing to re-attach to.
          if (error instanceof ApiClientError || !key.runId) {
            onOpen?.((error as Error).message);
            setConnection({ state: "idle", attempt: 0, error: (error as Error).message });
            flush();
            return;
          }
        }
        if (abort.signal.aborted) return;
        if (attempt >= RECONNECT_DELAYS_MS.length) {
          setConnection({ state: "lost", attempt, error: "The connection to the run was lost. Reload to try again; the run itself may still finish." });
          return;
        }
        const delay = RECONNECT_DELAYS_MS[attempt]!;
        attempt += 1;
        setConnection({ state: "reconnecting", attempt, error: null });
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (abort.signal.aborted) return;
        const id = key.runId!;
        // The replay covers the current segment only: it starts from an empty state.
        streams.current.set(id, emptyRunStream(streams.current.get(id)?.startedAt ?? Date.now()));
        opener = (signal) => apiRequest(`/threads/${seg(threadId!)}/runs/${seg(id)}/events`, { signal });
      }
      if (abort.signal.aborted) return;
      flush();
      setConnection(idle);
      settled.current(key.runId ? (streams.current.get(key.runId)?.run ?? null) : null);
    },
    [consume, flush, threadId],
  );

  const start = useCallback(
    (body: Record<string, unknown>) =>
      follow((signal) => apiRequest(`/threads/${seg(threadId!)}/runs`, { method: "POST", body: { ...body, stream: true }, signal }), null),
    [follow, threadId],
  );

  const attach = useCallback(
    (runId: string) => {
      streams.current.set(runId, emptyRunStream(Date.now()));
      setActiveRunId(runId);
      return follow((signal) => apiRequest(`/threads/${seg(threadId!)}/runs/${seg(runId)}/events`, { signal }), runId);
    },
    [follow, threadId],
  );

  /** Sends every output in one request; the run's stream goes on. Resolves once accepted (null) or refused (its error). */
  const submitToolOutputs = useCallback(
    (runId: string, outputs: { tool_call_id: string; output: string }[]) =>
      new Promise<string | null>((resolve) => {
        // The run goes on in a new segment: it is not done until that segment's own `done`.
        // Its timings are the new segment's: from this request to its first token and its end.
        const known = streams.current.get(runId);
        if (known) streams.current.set(runId, { ...known, done: false, startedAt: Date.now(), firstTokenAt: null, lastTokenAt: null, deltas: 0 });
        const open = (signal: AbortSignal) =>
          apiRequest(`/threads/${seg(threadId!)}/runs/${seg(runId)}/submit_tool_outputs`, { method: "POST", body: { tool_outputs: outputs, stream: true }, signal });
        void follow(open, runId, resolve);
      }),
    [follow, threadId],
  );

  const cancel = useCallback(
    async (runId: string): Promise<string | null> => {
      try {
        await apiJson(`/threads/${seg(threadId!)}/runs/${seg(runId)}/cancel`, { method: "POST" });
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    },
    [threadId],
  );

  const active = activeRunId ? (snapshot.get(activeRunId) ?? null) : null;
  const running = connection.state !== "idle" || (active?.run ? !TERMINAL.has(active.run.status) && !active.done : false);
  return { runs: snapshot, activeRunId, active, running, connection, start, attach, submitToolOutputs, cancel };
}
