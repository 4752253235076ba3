"use client";

import { useEffect } from "react";
import { stepViews, type StepView } from "@/lib/playground/inspector";
import { current, type RunEntry } from "@/lib/playground/live-run-state";
import type { LiveRunStore } from "@/lib/playground/live-run-store";
import { entryOf, isFollowed, stepsOf } from "@/lib/playground/live-run-view";
import type { RunObject } from "@/lib/runs/wire";
import { useLiveRunState } from "@/components/playground/use-live-run-store";

// The run the inspector shows, from the playground's live-run store: the run and its steps as they
// stand by the store's precedence rule (streamed while the run streams here, the API's once read
// after), and what this tab saw of it (raw events, statuses, stream timings). Watching the run
// asks the store to read it from the API: once, again as each of its streams ends, and every
// couple of seconds while it works with no stream here (another tab's run, or a lost connection).

export type RunDetails = {
  run: RunObject | null;
  steps: StepView[];
  /** The run has more steps than one page holds (only the first STEPS_LIMIT are shown). */
  moreSteps: boolean;
  loading: boolean;
  /** The run could not be loaded (nothing to show), or a refresh failed (older data shown). */
  error: string | null;
  stepsError: string | null;
  /** What this tab saw of the run, when it streamed it: events, statuses, the stream's error, timings. */
  seen: RunEntry | null;
};

export function useRunDetails(store: LiveRunStore, threadId: string, runId: string | null): RunDetails {
  const state = useLiveRunState(store, threadId);
  useEffect(() => (runId ? store.watch(threadId, runId) : undefined), [store, threadId, runId]);
  const entry = entryOf(state, runId);
  const run = current(entry?.run);
  return {
    run,
    steps: stepViews(stepsOf(entry)),
    moreSteps: entry?.read.moreSteps ?? false,
    // Before the watch's first read is sent (this render), a run not streamed here is loading too.
    loading: run === null && !isFollowed(state, runId) && (entry?.read.pending ?? true),
    error: entry?.read.error ?? null,
    stepsError: entry?.read.stepsError ?? null,
    seen: entry && entry.events.length > 0 ? entry : null,
  };
}
