"use client";

import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { initialState, type LiveRunState } from "@/lib/playground/live-run-state";
import { LiveRunStore } from "@/lib/playground/live-run-store";
import type { RunObject } from "@/lib/runs/wire";

// The playground's live-run store (lib/playground/live-run-store.ts) as React sees it: one store
// per playground, made on first render, shown the thread in the URL, read through
// useSyncExternalStore by the chat and the run inspector alike.

/**
 * Creates the playground's store. `onSettled` hears that a run's stream ended (stored messages may
 * have changed); the first one given is kept, so it must not depend on the render.
 */
export function useLiveRunStore(threadId: string | null, initial: { threadId: string; latestRun: RunObject | null } | null, onSettled: (threadId: string) => void): LiveRunStore {
  const [store] = useState(() => new LiveRunStore(initial?.threadId ?? null, initial?.latestRun ?? null, { onSettled }));
  // Declared first, so a component's later effects (a run to start on a new thread) find it open.
  useEffect(() => {
    store.open(threadId);
  }, [store, threadId]);
  useEffect(() => () => store.dispose(), [store]);
  return store;
}

/** The store's state for `threadId`: empty until the store has opened that thread (the render before its effect). */
export function useLiveRunState(store: LiveRunStore, threadId: string | null): LiveRunState {
  const state = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  return useMemo(() => (state.threadId === threadId ? state : initialState(threadId)), [state, threadId]);
}
