"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { lookupResources, pickerFiles, pickerVectorStores } from "@/app/(console)/files/actions";
import { useDebouncedValue } from "@/components/ui/use-debounced-value";
import type { ComboboxOption } from "@/components/ui/combobox";
import { unwrapAction } from "@/lib/auth/action-result";
import { formatBytes } from "@/lib/files/format";
import type { FileObject } from "@/lib/files/wire";
import type { toVectorStoreObject } from "@/lib/vector-stores/wire";

// What the file and vector store pickers show (the assistant editor's tool_resources, the
// playground's attachments): the workspace's files or stores matching what is typed, and the names
// of those already chosen, all through the Files page's server actions.

export type StoreObject = ReturnType<typeof toVectorStoreObject>;

export const PICKER_FILES_KEY = ["picker-files"] as const;
const SEARCH_DELAY_MS = 200;

export const fileOption = (file: FileObject): ComboboxOption => ({ id: file.id, label: file.filename, detail: `${formatBytes(file.bytes)} · ${file.id}` });

export const storeOption = (store: StoreObject): ComboboxOption => ({
  id: store.id,
  label: store.name || "(unnamed store)",
  detail: `${store.file_counts.total} file${store.file_counts.total === 1 ? "" : "s"} · ${store.id}`,
});

type Search<T> = { options: ComboboxOption[]; items: T[]; status: string | null };

function searchStatus(isPending: boolean, error: Error | null, empty: boolean, what: string, query: string): string | null {
  if (error) return `Could not list the ${what}: ${error.message}`;
  if (isPending) return "Searching…";
  if (empty) return query.trim() ? `No ${what} match “${query.trim()}”.` : `This workspace has no ${what} yet.`;
  return null;
}

/** Files whose name contains `query`, newest first; asked once typing pauses, and only while `enabled`. */
export function usePickerFiles(query: string, enabled: boolean): Search<FileObject> {
  const settled = useDebouncedValue(query, SEARCH_DELAY_MS);
  const { data, isPending, error } = useQuery({
    queryKey: [...PICKER_FILES_KEY, settled],
    queryFn: async () => unwrapAction(await pickerFiles({ query: settled })),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const items = useMemo(() => data ?? [], [data]);
  return { items, options: useMemo(() => items.map(fileOption), [items]), status: searchStatus(isPending, error, items.length === 0, "files", settled) };
}

/** Vector stores (not threads' own) whose name contains `query`, newest first. */
export function usePickerStores(query: string, enabled: boolean): Search<StoreObject> {
  const settled = useDebouncedValue(query, SEARCH_DELAY_MS);
  const { data, isPending, error } = useQuery({
    queryKey: ["picker-vector-stores", settled],
    queryFn: async () => unwrapAction(await pickerVectorStores({ query: settled })),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const items = useMemo(() => data ?? [], [data]);
  return { items, options: useMemo(() => items.map(storeOption), [items]), status: searchStatus(isPending, error, items.length === 0, "vector stores", settled) };
}

export type ResourceNames = {
  files: ReadonlyMap<string, FileObject>;
  stores: ReadonlyMap<string, StoreObject>;
  /** The lookup answered: an id missing from the maps is not in the workspace (deleted, mistyped). */
  settled: boolean;
};

/** The files and stores behind chosen ids, so they show by name. */
export function useResourceNames(fileIds: readonly string[], vectorStoreIds: readonly string[]): ResourceNames {
  const files = [...new Set(fileIds)].sort();
  const stores = [...new Set(vectorStoreIds)].sort();
  const { data, isFetching } = useQuery({
    queryKey: ["resource-names", files, stores],
    queryFn: async () => unwrapAction(await lookupResources({ fileIds: files, vectorStoreIds: stores })),
    enabled: files.length + stores.length > 0,
    // Names stay on screen while a changed selection is looked up.
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  return useMemo(
    () => ({
      files: new Map((data?.files ?? []).map((file) => [file.id, file])),
      stores: new Map((data?.vectorStores ?? []).map((store) => [store.id, store])),
      settled: data !== undefined && !isFetching,
    }),
    [data, isFetching],
  );
}
