import type { Metadata } from "next";
import { requirePageCaller } from "@/lib/auth/gate";
import type { Caller } from "@/lib/auth/caller";
import { hasRole } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors";
import { storeListQuerySchema } from "@/lib/vector-stores/list-query";
import { listStores } from "@/lib/vector-stores/service";
import { toVectorStoreObject, type VectorStoreObject } from "@/lib/vector-stores/wire";
import { CreateStoreButton } from "@/components/vector-stores/create-store-dialog";
import { RefreshWhileIndexing } from "@/components/vector-stores/refresh-while-indexing";
import { StoreTable } from "@/components/vector-stores/store-table";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { ListPagination } from "@/components/ui/list-pagination";
import { PageHeader } from "@/components/ui/page-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Vector stores" };

const PAGE_SIZE = 20;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

type Loaded =
  | { kind: "page"; stores: VectorStoreObject[]; list: { first_id: string | null; last_id: string | null; has_more: boolean }; readWith: "after" | "before" | null }
  | { kind: "invalid"; message: string };

async function loadPage(caller: Caller, params: Awaited<SearchParams>): Promise<Loaded> {
  const query = storeListQuerySchema.safeParse({ after: single(params.after), before: single(params.before), limit: PAGE_SIZE });
  if (!query.success) return { kind: "invalid", message: "The page link is malformed." };
  try {
    const page = await listStores(caller, query.data);
    return {
      kind: "page",
      stores: page.data.map(toVectorStoreObject),
      list: { first_id: page.data[0]?.id ?? null, last_id: page.data.at(-1)?.id ?? null, has_more: page.hasMore },
      readWith: query.data.before ? "before" : query.data.after ? "after" : null,
    };
  } catch (error) {
    // A hand-edited or stale cursor is the reader's URL, not a failure.
    if (isAppError(error) && error.code === "invalid_request") return { kind: "invalid", message: error.message };
    throw error;
  }
}

export default async function VectorStoresPage({ searchParams }: { searchParams: SearchParams }) {
  const { caller } = await requirePageCaller();
  const loaded = await loadPage(caller, await searchParams);
  const canEdit = hasRole(caller.role, "editor");
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Vector stores"
        description="Files chunked and indexed for file_search, served by /api/v1/vector_stores. Assistants and threads search the stores they list."
        actions={canEdit ? <CreateStoreButton /> : null}
      />
      {loaded.kind === "invalid" ? (
        <Alert variant="destructive" title="This page of vector stores could not be shown">
          <p>{loaded.message}</p>
        </Alert>
      ) : loaded.stores.length === 0 && !loaded.readWith ? (
        <EmptyState
          title="No vector stores yet"
          description={canEdit ? "Create one above, or with the API (client.vectorStores.create)." : "Vector stores created by editors or through the API show here."}
        />
      ) : (
        <div className="flex flex-col gap-4">
          <RefreshWhileIndexing active={loaded.stores.some((store) => store.status === "in_progress")} />
          <StoreTable stores={loaded.stores} />
          <ListPagination basePath="/vector-stores" list={loaded.list} readWith={loaded.readWith} />
        </div>
      )}
    </div>
  );
}
