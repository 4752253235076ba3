"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { ApiClientError, apiJson, apiRequest, seg } from "@/lib/playground/api-client";
import { applyRunEvent, emptyRunStream, type RunStream } from "@/lib/playground/run-stream";
import { readSse } from "@/lib/playground/sse-parse";
import { SETTLED_STATUSES } from "@/lib/runs/statuses";
import type { RunObject } from "@/lib/runs/wire";

// The runs this tab streams, by id: started here, continued after tool outputs, or attached to
// after a reload. The engine runs independently of any response (DESIGN.md), so a stream that
// breaks is re-attached with backoff (GET …/events replays the current segment, so the state for
// that segment starts over and no text is doubled). Events are applied to a ref and rendered at
// most once per animation frame: a fast stream must not re-render the chat per token. A request
// with a body (start a run, submit tool outputs) is never sent twice: when it may not have arrived,
// the caller hears so and the run's own events (re-attached) show what really happened.

export type Connection = { state: "idle" | "streaming" | "reconnecting" | "lost"; attempt: number; error: string | null };

const RECONNECT_DELAYS_MS = [500, 1_000, 2_000, 4_000, 8_000];

const idle: Connection = { state: "idle", attempt: 0, error: null };

/** The run a stream is about (null until its first event names it), and whether it replays a segment. */
type StreamKey = { runId: string | null; replay: boolean; error?: string | null };

export function useLiveRuns(threadId: string | null, onSettled: (run: RunObject | null) => void) {
  const streams = useRef(new Map<string, RunStream>());
  const [snapshot, setSnapshot] = useState<ReadonlyMap<string, RunStream>>(new Map());
  const [activeRunId, setActiveRunId] = useState<string | null>(null);
  const [connection, setConnection] = useState<Connection>(idle);
  const controller = useRef<AbortController | null>(null);
  /** The run whose events are being read right now, if any. */
  const followed = useRef<string | null>(null);
  const frame = useRef<number | null>(null);
  const settled = useRef(onSettled);
  const thread = useRef(threadId);
  useEffect(() => {
    settled.current = onSettled;
    thread.current = threadId;
  });

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
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      frame.current = null;
    },
    [],
  );

  /** Whether the thread this render was for is still the one shown (a send can outlive a switch). */
  const isShowing = useCallback(() => thread.current === threadId, [threadId]);

  /** Reads one SSE response into the run's state; resolves to whether the stream ended with `done`. */
  const consume = useCallback(
    async (response: Response, key: StreamKey, signal: AbortSignal, requestedAt: number): Promise<boolean> => {
      for await (const { event, data } of readSse(response.body!)) {
        if (signal.aborted) return false;
        const parsed: unknown = data === "[DONE]" ? null : JSON.parse(data);
        // The first event names the run (thread.run.created, or its state on attach).
        if (!key.runId && event.startsWith("thread.run.")) {
          key.runId = (parsed as RunObject).id;
          streams.current.set(key.runId, streams.current.get(key.runId) ?? emptyRunStream(requestedAt));
          setActiveRunId(key.runId);
        }
        if (!key.runId) {
          // A stream refused before any run existed: its error event says why.
          if (event === "error") key.error = (parsed as { message?: string }).message ?? null;
          if (event === "done") return true;
          continue;
        }
        // A replay (GET …/events) covers the current segment from its start: it starts from an
        // empty state, swapped in with its first event so the screen never shows the gap.
        if (key.replay) {
          key.replay = false;
          streams.current.set(key.runId, emptyRunStream(streams.current.get(key.runId)?.startedAt ?? requestedAt));
        }
        followed.current = key.runId;
        streams.current.set(key.runId, applyRunEvent(streams.current.get(key.runId)!, event, parsed, Date.now()));
        schedule();
        if (event === "done") return true;
      }
      return false;
    },
    [schedule],
  );

  /**
   * Streams `open()`'s response; a broken stream of a known run is re-attached with backoff.
   * `onOpen`, when given, hears exactly once whether the request was accepted (null) or not (why);
   * its refusal is the caller's to show, not the connection's.
   */
  const follow = useCallback(
    async (open: (signal: AbortSignal) => Promise<Response>, target: StreamKey, onOpen?: (error: string | null) => void) => {
      let report = onOpen;
      const settle = (error: string | null) => {
        report?.(error);
        report = undefined;
      };
      // Called from a closure of a thread that is no longer shown (a send that outlived a switch).
      if (!isShowing()) return settle("The thread changed before the request was sent.");
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      const key = { ...target };
      // Timings count from the request, not from the first event that names the run.
      const requestedAt = Date.now();
      setConnection({ state: "streaming", attempt: 0, error: null });
      let attempt = 0;
      let opener = open;
      try {
        for (;;) {
          try {
            const response = await opener(abort.signal);
            settle(null);
            attempt = 0;
            setConnection({ state: "streaming", attempt: 0, error: null });
            const ended = await consume(response, key, abort.signal, requestedAt);
            if (!key.runId && !abort.signal.aborted) {
              setConnection({ state: "idle", attempt: 0, error: key.error ?? "The stream ended before the run started." });
              settled.current(null);
              return;
            }
            if (ended) break;
          } catch (error) {
            if (abort.signal.aborted) return;
            const message = error instanceof Error ? error.message : String(error);
            if (error instanceof ApiClientError) {
              // Refused (a busy thread, a bad option, outputs no longer awaited): a caller that
              // awaits the answer shows it.
              const mine = report !== undefined;
              settle(message);
              setConnection({ state: "idle", attempt: 0, error: mine ? null : message });
              flush();
              return;
            }
            if (!key.runId) {
              // Never resent: the run may have started. The thread's newest run is read again, and
              // followed if it is this one.
              setConnection({ state: "idle", attempt: 0, error: `Could not reach Atelier to start the run (${message}). If it started, it shows here in a moment.` });
              flush();
              settled.current(null);
              return;
            }
            settle(`Could not reach Atelier (${message}). The request may not have arrived; the run's state below is current.`);
          }
          if (abort.signal.aborted) return;
          if (attempt >= RECONNECT_DELAYS_MS.length) {
            setConnection({ state: "lost", attempt, error: "The connection to the run was lost. The run itself may still finish." });
            return;
          }
          const delay = RECONNECT_DELAYS_MS[attempt]!;
          attempt += 1;
          setConnection({ state: "reconnecting", attempt, error: null });
          await new Promise((resolve) => setTimeout(resolve, delay));
          if (abort.signal.aborted) return;
          const id = key.runId!;
          key.replay = true;
          opener = (signal) => apiRequest(`/threads/${seg(threadId!)}/runs/${seg(id)}/events`, { signal });
        }
        if (abort.signal.aborted) return;
        flush();
        setConnection(idle);
        settled.current(key.runId ? (streams.current.get(key.runId)?.run ?? null) : null);
      } finally {
        if (followed.current === key.runId) followed.current = null;
        settle("The playground stopped following the run before the request was answered.");
      }
    },
    [consume, flush, isShowing, threadId],
  );

  const start = useCallback(
    (body: Record<string, unknown>) => {
      if (!isShowing()) return Promise.resolve();
      // Until the new run names itself, nothing on screen belongs to it (nor may Stop reach the old one).
      setActiveRunId(null);
      return follow((signal) => apiRequest(`/threads/${seg(threadId!)}/runs`, { method: "POST", body: { ...body, stream: true }, signal }), { runId: null, replay: false });
    },
    [follow, isShowing, threadId],
  );

  const attach = useCallback(
    (runId: string) => {
      if (!streams.current.has(runId)) streams.current.set(runId, emptyRunStream(Date.now()));
      setActiveRunId(runId);
      return follow((signal) => apiRequest(`/threads/${seg(threadId!)}/runs/${seg(runId)}/events`, { signal }), { runId, replay: true });
    },
    [follow, threadId],
  );

  /** A run object read outside a stream (after a cancel, or an expiry): shown as if streamed. */
  const applyRun = useCallback(
    (run: RunObject) => {
      // An answer that arrives after a switch to another thread, or for a run whose stream tells it.
      if (!isShowing() || followed.current === run.id) return;
      const known = streams.current.get(run.id) ?? emptyRunStream(null);
      streams.current.set(run.id, { ...applyRunEvent(known, `thread.run.${run.status}`, run, Date.now()), done: SETTLED_STATUSES.has(run.status) });
      setActiveRunId(run.id);
      flush();
      if (run.status === "cancelling") void attach(run.id);
      else if (run.status !== "requires_action") settled.current(run);
    },
    [isShowing, flush, attach],
  );

  const cancel = useCallback(
    async (runId: string): Promise<string | null> => {
      try {
        // A followed run tells its cancellation on its stream; one that is not (waiting for tool
        // outputs, its stream over) learns it from the answer.
        applyRun(await apiJson<RunObject>(`/threads/${seg(threadId!)}/runs/${seg(runId)}/cancel`, { method: "POST" }));
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    },
    [threadId, applyRun],
  );

  /** Reads the run again (its tool outputs expired while nobody streamed it, say). */
  const refresh = useCallback(
    async (runId: string) => {
      try {
        applyRun(await apiJson<RunObject>(`/threads/${seg(threadId!)}/runs/${seg(runId)}`));
      } catch {
        // The next poll or reload tells; nothing here to show.
      }
    },
    [threadId, applyRun],
  );

  /** Sends every output in one request; the run's stream goes on. Resolves once accepted (null) or refused (its error). */
  const submitToolOutputs = useCallback(
    (runId: string, outputs: { tool_call_id: string; output: string }[]) =>
      new Promise<string | null>((resolve) => {
        const requestedAt = Date.now();
        const open = (signal: AbortSignal) =>
          apiRequest(`/threads/${seg(threadId!)}/runs/${seg(runId)}/submit_tool_outputs`, { method: "POST", body: { tool_outputs: outputs, stream: true }, signal });
        void follow(open, { runId, replay: false }, (error) => {
          // Accepted: the run goes on in a new segment, not done until that segment's own `done`,
          // and timed from this request to its first token and its end.
          const known = streams.current.get(runId);
          if (error === null && known) streams.current.set(runId, { ...known, done: false, startedAt: requestedAt, firstTokenAt: null, lastTokenAt: null, deltas: 0 });
          // Not accepted (or not known to be): the run is read again as it is now (expired, say).
          else void refresh(runId);
          resolve(error);
        });
      }),
    [follow, refresh, threadId],
  );

  const active = activeRunId ? (snapshot.get(activeRunId) ?? null) : null;
  return { runs: snapshot, activeRunId, active, connection, isShowing, start, attach, submitToolOutputs, cancel, refresh };
}
