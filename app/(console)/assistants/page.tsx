import type { Metadata } from "next";
import Link from "next/link";
import type { Caller } from "@/lib/auth/caller";
import { requirePageCaller } from "@/lib/auth/gate";
import { hasRole } from "@/lib/auth/roles";
import { buttonClasses } from "@/components/ui/button";
import { countAssistants, listAssistants } from "@/lib/assistants/service";
import { toAssistantObject, type AssistantObject } from "@/lib/assistants/wire";
import { toListObject, type ListObject } from "@/lib/wire";
import { isAppError } from "@/lib/errors";
import { listQuerySchema } from "@/lib/pagination";
import { ListPagination } from "@/components/ui/list-pagination";
import { AssistantTable } from "@/components/assistants/assistant-table";
import { AssistantsEmptyState } from "@/components/assistants/assistants-empty-state";
import { requestOrigin } from "@/components/shell/request-origin";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Assistants" };

const PAGE_SIZE = 20;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** `?after=` (empty) means no cursor; a repeated parameter uses its first value. */
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

type Loaded =
  | { kind: "page"; list: ListObject<AssistantObject>; total: number; cursor: "after" | "before" | null }
  | { kind: "invalid"; message: string };

async function loadPage(caller: Caller, params: Awaited<SearchParams>): Promise<Loaded> {
  // Only the cursors come from the URL: the console always shows newest first, 20 at a time.
  const query = listQuerySchema.safeParse({ after: single(params.after), before: single(params.before), limit: PAGE_SIZE });
  if (!query.success) return { kind: "invalid", message: "The page link is malformed." };
  try {
    const [page, total] = await Promise.all([listAssistants(caller, query.data), countAssistants(caller)]);
    const cursor = query.data.before ? "before" : query.data.after ? "after" : null;
    return { kind: "page", list: toListObject(page, toAssistantObject), total, cursor };
  } catch (error) {
    // A hand-edited or stale link (bad cursor, both cursors) is the reader's URL, not a failure.
    if (isAppError(error) && error.code === "invalid_request") return { kind: "invalid", message: error.message };
    throw error;
  }
}

export default async function AssistantsPage({ searchParams }: { searchParams: SearchParams }) {
  const { caller } = await requirePageCaller();
  const result = await loadPage(caller, await searchParams);
  const description = "Models with instructions, tools and metadata, served through the OpenAI-compatible API.";

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Assistants"
        description={description}
        actions={
          <>
            {result.kind === "page" && result.total > 0 ? (
              <p className="text-sm text-muted-foreground tabular-nums">
                {result.total} {result.total === 1 ? "assistant" : "assistants"}
              </p>
            ) : null}
            {hasRole(caller.role, "editor") ? (
              <Link href="/assistants/new" className={buttonClasses()}>
                New assistant
              </Link>
            ) : null}
          </>
        }
      />

      {result.kind === "invalid" ? (
        <Alert variant="destructive" title="This page of assistants could not be shown">
          <p>{result.message}</p>
          <p className="mt-2">
            <Link href="/assistants" className="font-medium text-foreground underline underline-offset-4">
              Go to the newest assistants
            </Link>
          </p>
        </Alert>
      ) : result.total === 0 ? (
        <AssistantsEmptyState origin={await requestOrigin()} />
      ) : result.list.data.length === 0 ? (
        <Alert title="No assistants on this page">
          <p>
            They may have been deleted since the link was made.{" "}
            <Link href="/assistants" className="font-medium text-foreground underline underline-offset-4">
              Go to the newest assistants
            </Link>
          </p>
        </Alert>
      ) : (
        <>
          <AssistantTable assistants={result.list.data} />
          <ListPagination basePath="/assistants" list={result.list} readWith={result.cursor} />
        </>
      )}
    </div>
  );
}
