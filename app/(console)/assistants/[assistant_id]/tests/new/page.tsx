import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { requirePageCaller } from "@/lib/auth/gate";
import { hasRole } from "@/lib/auth/roles";
import { getAssistant } from "@/lib/assistants/service";
import { isAppError } from "@/lib/errors";
import { TestEditor } from "@/components/assistant-tests/test-editor";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "New test" };

type Props = { params: Promise<{ assistant_id: string }> };

export default async function NewTestPage({ params }: Props) {
  const { caller } = await requirePageCaller();
  const { assistant_id: id } = await params;
  if (!hasRole(caller.role, "editor")) redirect(`/assistants/${id}/tests`);
  const assistant = await getAssistant(caller, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`New test for ${assistant.name ?? "Untitled assistant"}`}
        description={
          <Link href={`/assistants/${id}/tests`} className="underline underline-offset-2">
            All tests
          </Link>
        }
      />
      <TestEditor assistantId={id} test={null} canEdit />
    </div>
  );
}
