import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageCaller } from "@/lib/auth/gate";
import { hasRole } from "@/lib/auth/roles";
import { findTest } from "@/lib/assistant-tests/service";
import { toTestObject } from "@/lib/assistant-tests/wire";
import { isAppError } from "@/lib/errors";
import { TestEditor } from "@/components/assistant-tests/test-editor";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Test" };

type Props = { params: Promise<{ assistant_id: string; test_id: string }> };

export default async function TestPage({ params }: Props) {
  const { caller } = await requirePageCaller();
  const { assistant_id: assistantId, test_id: id } = await params;
  const test = await findTest(caller, assistantId, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={test.name}
        description={
          <Link href={`/assistants/${assistantId}/tests`} className="underline underline-offset-2">
            All tests
          </Link>
        }
      />
      <TestEditor key={test.updatedAt.getTime()} assistantId={assistantId} test={toTestObject(test)} canEdit={hasRole(caller.role, "editor")} />
    </div>
  );
}
