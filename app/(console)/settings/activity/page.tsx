import type { Metadata } from "next";
import { listAuditEvents } from "@/lib/audit/service";
import { requirePageCaller } from "@/lib/auth/gate";
import { isAppError } from "@/lib/errors";
import { listQuerySchema } from "@/lib/pagination";
import { ActivityTable } from "@/components/settings/activity-table";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ListPagination } from "@/components/ui/list-pagination";

export const metadata: Metadata = { title: "Activity" };

const PAGE_SIZE = 50;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

export default async function ActivityPage({ searchParams }: { searchParams: SearchParams }) {
  const { caller } = await requirePageCaller();
  const params = await searchParams;
  const query = listQuerySchema.safeParse({ after: single(params.after), before: single(params.before), limit: PAGE_SIZE });
  let content: React.ReactNode;
  if (!query.success) {
    content = <Alert title="The page link is malformed." />;
  } else {
    try {
      const page = await listAuditEvents(caller, query.data);
      const list = { first_id: page.data[0]?.id ?? null, last_id: page.data.at(-1)?.id ?? null, has_more: page.hasMore };
      const readWith = query.data.before ? "before" : query.data.after ? "after" : null;
      content = (
        <div className="flex flex-col gap-4">
          <ActivityTable events={page.data} />
          <ListPagination basePath="/settings/activity" list={list} readWith={readWith} />
        </div>
      );
    } catch (error) {
      if (!isAppError(error) || error.code !== "invalid_request") throw error;
      content = <Alert title={error.message} />;
    }
  }
  return (
    <Card aria-labelledby="activity-heading">
      <CardHeader>
        <CardTitle id="activity-heading">Activity</CardTitle>
        <CardDescription>Who created, changed or deleted what in this workspace, from the console or the API.</CardDescription>
      </CardHeader>
      <CardContent>{content}</CardContent>
    </Card>
  );
}
