"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { apiJson, seg } from "@/lib/playground/api-client";
import { stepViews, type StepView } from "@/lib/playground/inspector";
import { SETTLED_STATUSES } from "@/lib/runs/statuses";
import type { RunStream } from "@/lib/playground/run-stream";
import type { RunObject, RunStepObject } from "@/lib/runs/wire";
import type { ListObject } from "@/lib/wire";

// The run the inspector shows: from the API, or from this tab's stream while it is newer. A live
// stream is ahead of the API, so nothing is fetched meanwhile; once it ends, the run and its steps
// are fetched once more, because the server's copies carry the final usage and statuses.

export const STEPS_LIMIT = 100;
// A run this tab is not streaming (another tab's, or one left running across a reload) is polled
// while it works; it stops by itself once it settles or waits for tool outputs.
const POLL_MS = 2_000;

export type RunDetails = {
  run: RunObject | null;
  steps: StepView[];
  /** The run has more steps than one page holds (only the first STEPS_LIMIT are shown). */
  moreSteps: boolean;
  loading: boolean;
  /** The run could not be loaded (nothing to show), or a refresh failed (older data shown). */
  error: string | null;
  stepsError: string | null;
};

/** The stream, if it is this run's: one that turns out to be another run's is ignored rather than shown under this id. */
export function streamOfRun(stream: RunStream | null, runId: string | null): RunStream | null {
  return stream && runId && (stream.run === null || stream.run.id === runId) ? stream : null;
}

/**
 * A stream after `done` that goes on (tool outputs continue the same run's state) is live again:
 * its last event, not only its `done` flag, says whether it is still going.
 */
const isLive = (stream: RunStream) => !stream.done || stream.events.at(-1)?.event !== "done";

/**
 * Whether the query's data arrived after the stream last went quiet. The update time seen while the
 * stream was live is remembered (state adjusted during render, React's pattern for derived state):
 * only a later fetch beats the stream.
 */
function useNewerThanStream(dataUpdatedAt: number, live: boolean): boolean {
  const [seenWhileLive, setSeenWhileLive] = useState(0);
  if (live && seenWhileLive !== dataUpdatedAt) setSeenWhileLive(dataUpdatedAt);
  return !live && dataUpdatedAt > seenWhileLive;
}

export function useRunDetails(threadId: string, runId: string | null, stream: RunStream | null): RunDetails {
  const own = streamOfRun(stream, runId);
  const live = own !== null && isLive(own);
  const path = `/threads/${seg(threadId)}/runs/${seg(runId ?? "")}`;
  // With a stream, any cached copy is older than what the stream showed: always refetch once it ends.
  const freshness = own ? { staleTime: 0 } : {};

  const runQuery = useQuery({
    queryKey: ["run", threadId, runId],
    queryFn: ({ signal }) => apiJson<RunObject>(path, { signal }),
    enabled: runId !== null && !live,
    refetchInterval: (query) => (!own && query.state.data && !SETTLED_STATUSES.has(query.state.data.status) ? POLL_MS : false),
    ...freshness,
  });
  const polling = !own && runQuery.data !== undefined && !SETTLED_STATUSES.has(runQuery.data.status);
  const stepsQuery = useQuery({
    queryKey: ["run-steps", threadId, runId],
    queryFn: ({ signal }) => apiJson<ListObject<RunStepObject>>(`${path}/steps?order=asc&limit=${STEPS_LIMIT}`, { signal }),
    enabled: runId !== null && !live,
    refetchInterval: polling ? POLL_MS : false,
    ...freshness,
  });

  // Polling stops as the run settles, perhaps a moment before its last step did: read the steps once more.
  const settled = !own && runQuery.data !== undefined && SETTLED_STATUSES.has(runQuery.data.status);
  const polledRun = useRef<string | null>(null);
  const { refetch: refetchSteps } = stepsQuery;
  useEffect(() => {
    const wasPolling = polledRun.current !== null && polledRun.current === runId;
    polledRun.current = polling ? runId : null;
    if (wasPolling && settled) void refetchSteps();
  }, [polling, settled, runId, refetchSteps]);

  const runFromServer = useNewerThanStream(runQuery.dataUpdatedAt, live);
  const stepsFromServer = useNewerThanStream(stepsQuery.dataUpdatedAt, live);

  if (runId === null) return { run: null, steps: [], moreSteps: false, loading: false, error: null, stepsError: null };

  const preferStream = own !== null && !runFromServer;
  const run = (preferStream ? (own.run ?? runQuery.data) : (runQuery.data ?? own?.run)) ?? null;
  const serverSteps = stepsQuery.data?.data ?? [];
  // Steps the stream has not replayed (an earlier segment, before tool outputs) still come from the API.
  const steps = own && !stepsFromServer ? stepViews(serverSteps, own.steps, own.toolCalls) : stepViews(serverSteps);

  return {
    run,
    steps,
    moreSteps: stepsQuery.data?.has_more ?? false,
    loading: run === null && runQuery.isPending && !live,
    error: runQuery.error?.message ?? null,
    stepsError: stepsQuery.error?.message ?? null,
  };
}
