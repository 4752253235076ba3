import type { Metadata } from "next";
import { listAuditEvents } from "@/lib/audit/service";
import type { Caller } from "@/lib/auth/caller";
import { requirePageCaller } from "@/lib/auth/gate";
import { isAppError } from "@/lib/errors";
import type { AuditEvent } from "@/lib/generated/prisma/client";
import { listQuerySchema } from "@/lib/pagination";
import { ActivityTable } from "@/components/settings/activity-table";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ListPagination } from "@/components/ui/list-pagination";

export const metadata: Metadata = { title: "Activity" };

const PAGE_SIZE = 50;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

type Loaded =
  | { kind: "page"; events: AuditEvent[]; list: { first_id: string | null; last_id: string | null; has_more: boolean }; readWith: "after" | "before" | null }
  | { kind: "invalid"; message: string };

async function loadPage(caller: Caller, params: Awaited<SearchParams>): Promise<Loaded> {
  const query = listQuerySchema.safeParse({ after: single(params.after), before: single(params.before), limit: PAGE_SIZE });
  if (!query.success) return { kind: "invalid", message: "The page link is malformed." };
  try {
    const page = await listAuditEvents(caller, query.data);
    return {
      kind: "page",
      events: page.data,
      list: { first_id: page.data[0]?.id ?? null, last_id: page.data.at(-1)?.id ?? null, has_more: page.hasMore },
      readWith: query.data.before ? "before" : query.data.after ? "after" : null,
    };
  } catch (error) {
    // A hand-edited or stale cursor is the reader's URL, not a failure.
    if (isAppError(error) && error.code === "invalid_request") return { kind: "invalid", message: error.message };
    throw error;
  }
}

export default async function ActivityPage({ searchParams }: { searchParams: SearchParams }) {
  const { caller } = await requirePageCaller();
  const loaded = await loadPage(caller, await searchParams);
  return (
    <Card aria-labelledby="activity-heading">
      <CardHeader>
        <CardTitle id="activity-heading">Activity</CardTitle>
        <CardDescription>Who created, changed or deleted what in this workspace, from the console or the API.</CardDescription>
      </CardHeader>
      <CardContent>
        {loaded.kind === "invalid" ? (
          <Alert title={loaded.message} />
        ) : (
          <div className="flex flex-col gap-4">
            <ActivityTable events={loaded.events} showAddresses={caller.role === "owner"} />
            <ListPagination basePath="/settings/activity" list={loaded.list} readWith={loaded.readWith} />
          </div>
        )}
      </CardContent>
    </Card>
  );
}
