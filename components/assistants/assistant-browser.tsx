"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { searchAssistantList } from "@/app/(console)/assistants/actions";
import { AssistantRowActions } from "@/components/assistants/assistant-row-actions";
import { AssistantTable } from "@/components/assistants/assistant-table";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/input";
import { ListPagination } from "@/components/ui/list-pagination";
import { assistantsQueryKey, searchFromParams, searchToParams, type AssistantSearch } from "@/lib/assistants/search-schema";

type Props = { canEdit: boolean; models: string[]; emptyState: React.ReactNode };

export function AssistantBrowser({ canEdit, models, emptyState }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const search = searchFromParams(new URLSearchParams(useSearchParams().toString()));
  const [q, setQ] = useState(search.q);
  const [meta, setMeta] = useState(search.meta);

  const { data, error, isFetching, isPlaceholderData } = useQuery({
    queryKey: assistantsQueryKey(search),
    queryFn: async () => {
      const result = await searchAssistantList(search);
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    placeholderData: keepPreviousData,
  });

  const go = (next: Partial<AssistantSearch>) => {
    // A new filter starts from the newest page.
    const params = searchToParams({ ...search, after: undefined, before: undefined, ...next });
    router.replace(params.size ? `${pathname}?${params}` : pathname, { scroll: false });
  };

  // Type-to-search, debounced so the list is not asked for every keystroke.
  useEffect(() => {
    if (q === search.q) return;
    const timer = setTimeout(() => go({ q }), 300);
    return () => clearTimeout(timer);
  });

  const filtered = Boolean(search.q || search.model || search.meta);
  const filterQuery = searchToParams({ q: search.q, model: search.model, meta: search.meta }).toString();
  return (
    <div className="flex flex-col gap-4">
      <search className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1.5fr)_auto] sm:items-end">
        <div className="flex flex-col gap-1.5">
          <label htmlFor="assistant-search" className="text-sm font-medium">
            Search by name
          </label>
          <input id="assistant-search" type="search" value={q} onChange={(event) => setQ(event.target.value)} className={inputClasses} placeholder="Support…" />
        </div>
        <div className="flex flex-col gap-1.5">
          <label htmlFor="assistant-model-filter" className="text-sm font-medium">
            Model
          </label>
          <select id="assistant-model-filter" value={search.model} onChange={(event) => go({ model: event.target.value })} className={inputClasses}>
            <option value="">All models</option>
            {models.map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
          </select>
        </div>
        <form
          className="flex flex-col gap-1.5"
          onSubmit={(event) => {
            event.preventDefault();
            go({ meta });
          }}
        >
          <label htmlFor="assistant-meta-filter" className="text-sm font-medium">
            Metadata (key=value)
          </label>
          <input id="assistant-meta-filter" value={meta} onChange={(event) => setMeta(event.target.value)} onBlur={() => meta !== search.meta && go({ meta })} className={inputClasses} placeholder="team=support" />
        </form>
        {filtered ? (
          <Button
            variant="ghost"
            onClick={() => {
              setQ("");
              setMeta("");
              go({ q: "", model: "", meta: "" });
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </search>

      <p role="status" className="text-sm text-muted-foreground tabular-nums">
        {/* "Loading…" only while the rows shown are not this search's: a background refresh of the
            same list keeps its count, so the text does not differ from the server's at hydration
            when the prefetched list already counts as stale there (React error #418). */}
        {isPlaceholderData || (!data && isFetching) ? "Loading…" : data ? `${data.total} ${data.total === 1 ? "assistant" : "assistants"}${filtered ? " match" : ""}` : ""}
      </p>
      {error ? (
        <Alert variant="destructive" title="The assistants could not be listed">
          {error.message}
        </Alert>
      ) : data && data.total === 0 && !filtered ? (
        emptyState
      ) : data && data.list.data.length === 0 ? (
        <Alert title={filtered ? "No assistants match these filters" : "No assistants on this page"}>They may have been deleted or renamed.</Alert>
      ) : data ? (
        <>
          <AssistantTable assistants={data.list.data} renderActions={canEdit ? (assistant) => <AssistantRowActions id={assistant.id} name={assistant.name || assistant.id} /> : undefined} />
          <ListPagination basePath={filterQuery ? `${pathname}?${filterQuery}` : pathname} list={data.list} readWith={search.before ? "before" : search.after ? "after" : null} />
        </>
      ) : null}
    </div>
  );
}
