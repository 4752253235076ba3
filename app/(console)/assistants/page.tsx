import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { requirePageCaller } from "@/lib/auth/gate";
import { hasRole } from "@/lib/auth/roles";
import { modelsInUse, searchAssistants } from "@/lib/assistants/search";
import { assistantsQueryKey, searchFromParams } from "@/lib/assistants/search-schema";
import { toAssistantListItem } from "@/lib/assistants/wire";
import { isAppError } from "@/lib/errors";
import { toListObject } from "@/lib/wire";
import { AssistantBrowser } from "@/components/assistants/assistant-browser";
import { AssistantsEmptyState } from "@/components/assistants/assistants-empty-state";
import { requestOrigin } from "@/components/shell/request-origin";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Assistants" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AssistantsPage({ searchParams }: { searchParams: SearchParams }) {
  const { caller } = await requirePageCaller();
  const search = searchFromParams(await searchParams);
  // Prefetched here and handed to TanStack Query, so the first paint has the rows and the client
  // takes over for filtering and paging without a loading flash.
  const queryClient = new QueryClient();
  let invalid: string | null = null;
  try {
    const page = await searchAssistants(caller, search);
    queryClient.setQueryData(assistantsQueryKey(search), { list: toListObject(page, toAssistantListItem), total: page.total });
  } catch (error) {
    // A hand-edited or stale cursor is the reader's URL, not a failure.
    if (!isAppError(error) || error.code !== "invalid_request") throw error;
    invalid = error.message;
  }
  const [models, origin] = await Promise.all([modelsInUse(caller), requestOrigin()]);
  const canEdit = hasRole(caller.role, "editor");

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Assistants"
        description="Models with instructions, tools and metadata, served through the OpenAI-compatible API."
        actions={
          canEdit ? (
            <Link href="/assistants/new" className={buttonClasses()}>
              New assistant
            </Link>
          ) : null
        }
      />
      {invalid ? (
        <Alert variant="destructive" title="This page of assistants could not be shown">
          <p>{invalid}</p>
          <p className="mt-2">
            <Link href="/assistants" className="font-medium text-foreground underline underline-offset-4">
              Go to the newest assistants
            </Link>
          </p>
        </Alert>
      ) : (
        <HydrationBoundary state={dehydrate(queryClient)}>
          <AssistantBrowser canEdit={canEdit} models={models} emptyState={<AssistantsEmptyState origin={origin} canCreate={canEdit} />} />
        </HydrationBoundary>
      )}
    </div>
  );
}
