"use client";

import { useCallback, useSyncExternalStore } from "react";

// A yes/no preference kept in localStorage (the playground's details panel open or closed), read
// through useSyncExternalStore: the server and the hydrating render use the default, then the
// stored value, with no effect that sets state. Other tabs follow through the `storage` event.

const listeners = new Set<() => void>();
// This page's choices, for when storage is blocked (a privacy setting): the toggle still works here.
const memory = new Map<string, string>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key) ?? memory.get(key) ?? null;
  } catch {
    return memory.get(key) ?? null;
  }
}

export function useStoredFlag(key: string, fallback: boolean): [boolean, (value: boolean) => void] {
  const stored = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => null,
  );
  const value = stored === null ? fallback : stored === "true";
  const set = useCallback(
    (next: boolean) => {
      memory.set(key, String(next));
      try {
        window.localStorage.setItem(key, String(next));
      } catch {
        // Not kept across visits then; this page still follows it (memory).
      }
      for (const listener of listeners) listener();
    },
    [key],
  );
  return [value, set];
}
