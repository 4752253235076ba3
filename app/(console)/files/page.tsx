import type { Metadata } from "next";
import { requirePageCaller } from "@/lib/auth/gate";
import type { Caller } from "@/lib/auth/caller";
import { hasRole } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors";
import { FILE_PURPOSES } from "@/lib/files/schema";
import { listFiles, vectorStoresUsingFiles } from "@/lib/files/service";
import { toFileObject } from "@/lib/files/wire";
import { listQuerySchema } from "@/lib/pagination";
import { FileTable, type FileListRow } from "@/components/files/file-table";
import { FileUploader } from "@/components/files/file-uploader";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { ListPagination } from "@/components/ui/list-pagination";
import { PageHeader } from "@/components/ui/page-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Files" };

const PAGE_SIZE = 20;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

type Loaded =
  | { kind: "page"; rows: FileListRow[]; list: { first_id: string | null; last_id: string | null; has_more: boolean }; readWith: "after" | "before" | null }
  | { kind: "invalid"; message: string };

async function loadPage(caller: Caller, params: Awaited<SearchParams>): Promise<Loaded> {
  const query = listQuerySchema.safeParse({ after: single(params.after), before: single(params.before), limit: PAGE_SIZE });
  if (!query.success) return { kind: "invalid", message: "The page link is malformed." };
  try {
    const page = await listFiles(caller, query.data);
    const stores = await vectorStoresUsingFiles(
      caller,
      page.data.map((row) => row.id),
    );
    return {
      kind: "page",
      rows: page.data.map((row) => ({ file: toFileObject(row), stores: stores.get(row.id) ?? [] })),
      list: { first_id: page.data[0]?.id ?? null, last_id: page.data.at(-1)?.id ?? null, has_more: page.hasMore },
      readWith: query.data.before ? "before" : query.data.after ? "after" : null,
    };
  } catch (error) {
    // A hand-edited or stale cursor is the reader's URL, not a failure.
    if (isAppError(error) && error.code === "invalid_request") return { kind: "invalid", message: error.message };
    throw error;
  }
}

export default async function FilesPage({ searchParams }: { searchParams: SearchParams }) {
  const { caller } = await requirePageCaller();
  const loaded = await loadPage(caller, await searchParams);
  const canEdit = hasRole(caller.role, "editor");
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Files" description="Documents for file search and attachments, stored in this workspace and served by /api/v1/files." />
      {canEdit ? <FileUploader purposes={[...FILE_PURPOSES]} /> : null}
      {loaded.kind === "invalid" ? (
        <Alert variant="destructive" title="This page of files could not be shown">
          <p>{loaded.message}</p>
        </Alert>
      ) : loaded.rows.length === 0 && !loaded.readWith ? (
        <EmptyState
          title="No files yet"
          description={canEdit ? "Upload a file above, or with the API (client.files.create)." : "Files uploaded by editors or through the API show here."}
        />
      ) : (
        <div className="flex flex-col gap-4">
          <FileTable rows={loaded.rows} canDelete={canEdit} />
          <ListPagination basePath="/files" list={loaded.list} readWith={loaded.readWith} />
        </div>
      )}
    </div>
  );
}
