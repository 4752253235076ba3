"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { apiJson } from "@/lib/playground/api-client";
import { modelOptions, type ModelListing, type ModelOption } from "@/lib/providers/model-options";

// Every configured provider's models (GET /api/v1/models, with the console's session), shared by
// every model field of the tab: the first field to mount fetches, later ones read the cache at once.
// Listing asks each provider live, so it is cached for a minute and then refreshed in the background
// (stale-while-revalidate: the suggestions on screen stay until the new list arrives).

export const MODELS_QUERY_KEY = ["models"] as const;

export function useModelListing() {
  return useQuery({
    queryKey: MODELS_QUERY_KEY,
    queryFn: async ({ signal }) => (await apiJson<{ data: ModelListing[] }>("/models", { signal })).data,
    staleTime: 60_000,
    refetchInterval: 5 * 60_000,
    // A provider that is down lists nothing; asking again at once would not help.
    retry: false,
  });
}

/** The suggestions for a model field: the providers' models, then `inUse` ids none of them lists. */
export function useModelOptions(inUse: readonly string[] = []): { options: ModelOption[]; loading: boolean; failed: boolean } {
  const { data, isPending, isError } = useModelListing();
  const key = inUse.join("\n");
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `inUse`'s contents (callers pass fresh arrays).
  const options = useMemo(() => modelOptions(data ?? [], inUse), [data, key]);
  return { options, loading: isPending, failed: isError };
}
