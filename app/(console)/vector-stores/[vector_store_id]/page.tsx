import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageCaller } from "@/lib/auth/gate";
import type { Caller } from "@/lib/auth/caller";
import { hasRole } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors";
import { formatBytes } from "@/lib/files/format";
import { listStoreFileDetails } from "@/lib/vector-stores/files";
import { storeFileListQuerySchema } from "@/lib/vector-stores/list-query";
import { getStore } from "@/lib/vector-stores/service";
import { toConsoleStoreFile, toVectorStoreObject, type VectorStoreObject } from "@/lib/vector-stores/wire";
import { AddFilesPanel } from "@/components/vector-stores/add-files-panel";
import { RefreshWhileIndexing } from "@/components/vector-stores/refresh-while-indexing";
import { SearchTester } from "@/components/vector-stores/search-tester";
import { StatusBadge } from "@/components/vector-stores/status-badge";
import { StoreActions } from "@/components/vector-stores/store-actions";
import { StoreFileTable } from "@/components/vector-stores/store-file-table";
import { ExpiryText, fileCountText } from "@/components/vector-stores/store-table";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { ListPagination } from "@/components/ui/list-pagination";
import { PageHeader } from "@/components/ui/page-header";
import { fromUnixSeconds, RelativeTime } from "@/components/ui/relative-time";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Vector store" };

const PAGE_SIZE = 20;
type Props = { params: Promise<{ vector_store_id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

async function loadStore(caller: Caller, id: string): Promise<VectorStoreObject> {
  try {
    return toVectorStoreObject(await getStore(caller.workspaceId, id));
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

async function loadFiles(caller: Caller, id: string, params: Awaited<Props["searchParams"]>) {
  const query = storeFileListQuerySchema.safeParse({ after: single(params.after), before: single(params.before), limit: PAGE_SIZE });
  if (!query.success) return { kind: "invalid" as const, message: "The page link is malformed." };
  const page = await listStoreFileDetails(caller.workspaceId, id, query.data);
  return {
    kind: "page" as const,
    files: page.data.map(toConsoleStoreFile),
    list: { first_id: page.data[0]?.fileId ?? null, last_id: page.data.at(-1)?.fileId ?? null, has_more: page.hasMore },
    readWith: query.data.before ? ("before" as const) : query.data.after ? ("after" as const) : null,
  };
}

function Summary({ store }: { store: VectorStoreObject }) {
  const items: [string, React.ReactNode][] = [
    ["Status", <StatusBadge key="status" status={store.status} />],
    ["Files", fileCountText(store.file_counts)],
    ["Usage", <span key="usage" title={`${store.usage_bytes.toLocaleString("en-US")} bytes`}>{formatBytes(store.usage_bytes)}</span>],
    ["Expires", store.expires_after ? <span key="expires"><ExpiryText store={store} /> ({store.expires_after.days} days after last use)</span> : <ExpiryText key="expires" store={store} />],
    ["Last used", store.last_active_at ? <RelativeTime key="used" date={fromUnixSeconds(store.last_active_at)} /> : "Never"],
    ["Created", <RelativeTime key="created" date={fromUnixSeconds(store.created_at)} />],
    ["ID", <span key="id" className="font-mono text-xs select-all">{store.id}</span>],
  ];
  return (
    <section aria-label="Store details" className="rounded-xl border bg-card p-4 text-sm shadow-xs">
      <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-4">
        {items.map(([term, value]) => (
          <div key={term} className="flex min-w-0 flex-col gap-0.5">
            <dt className="text-xs text-muted-foreground">{term}</dt>
            <dd className="min-w-0 truncate">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export default async function VectorStorePage({ params, searchParams }: Props) {
  const { caller } = await requirePageCaller();
  const { vector_store_id: id } = await params;
  const store = await loadStore(caller, id);
  const files = await loadFiles(caller, id, await searchParams);
  const canEdit = hasRole(caller.role, "editor");
  const counts = store.file_counts;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={store.name || "Untitled store"}
        description={
          <Link href="/vector-stores" className="underline underline-offset-2">
            All vector stores
          </Link>
        }
        actions={canEdit ? <StoreActions store={{ id: store.id, name: store.name, expires_after: store.expires_after ?? null, fileCount: counts.total }} /> : null}
      />
      <RefreshWhileIndexing active={counts.in_progress > 0} />
      <Summary store={store} />
      {canEdit ? <AddFilesPanel storeId={store.id} /> : null}
      <section aria-labelledby="store-files-heading" className="flex flex-col gap-3">
        <h2 id="store-files-heading" className="text-base font-semibold">
          Files
        </h2>
        {files.kind === "invalid" ? (
          <Alert variant="destructive" title="This page of files could not be shown">
            <p>{files.message}</p>
          </Alert>
        ) : files.files.length === 0 && !files.readWith ? (
          <EmptyState headingLevel="h3" title="No files in this store" description={canEdit ? "Upload files above, or add files the workspace already has." : "Files added by editors or through the API show here."} />
        ) : (
          <>
            <StoreFileTable storeId={store.id} files={files.files} canRemove={canEdit} />
            <ListPagination basePath={`/vector-stores/${store.id}`} list={files.list} readWith={files.readWith} />
          </>
        )}
      </section>
      <SearchTester storeId={store.id} indexVersion={`${counts.completed}:${store.usage_bytes}`} />
    </div>
  );
}
