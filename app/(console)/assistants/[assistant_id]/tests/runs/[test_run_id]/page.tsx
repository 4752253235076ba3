import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageCaller } from "@/lib/auth/gate";
import { hasRole } from "@/lib/auth/roles";
import { getTestRun } from "@/lib/assistant-tests/runs";
import { isAppError } from "@/lib/errors";
import { TestRunView } from "@/components/assistant-tests/test-run-view";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Test run" };

type Props = { params: Promise<{ assistant_id: string; test_run_id: string }> };

export default async function TestRunPage({ params }: Props) {
  const { caller } = await requirePageCaller();
  const { assistant_id: assistantId, test_run_id: id } = await params;
  // Read here so a wrong id is a 404 page; the view then follows the run through its action.
  await getTestRun(caller, assistantId, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Test run"
        description={
          <Link href={`/assistants/${assistantId}/tests`} className="underline underline-offset-2">
            All tests and runs
          </Link>
        }
      />
      <TestRunView assistantId={assistantId} id={id} canEdit={hasRole(caller.role, "editor")} />
    </div>
  );
}
