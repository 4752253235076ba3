import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageCaller } from "@/lib/auth/gate";
import { hasRole } from "@/lib/auth/roles";
import { getAssistant } from "@/lib/assistants/service";
import { listVersions } from "@/lib/assistants/versions";
import { listTests } from "@/lib/assistant-tests/service";
import { testSettings } from "@/lib/assistant-tests/on-save";
import { toTestObject } from "@/lib/assistant-tests/wire";
import { isAppError } from "@/lib/errors";
import { TestsView } from "@/components/assistant-tests/tests-view";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Assistant tests" };

type Props = { params: Promise<{ assistant_id: string }> };

/** The tests the tab lists (an assistant's suite; more through the API's GET …/tests). */
const SHOWN = 200;

export default async function AssistantTestsPage({ params }: Props) {
  const { caller } = await requirePageCaller();
  const { assistant_id: id } = await params;
  const assistant = await getAssistant(caller, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const [tests, versions, settings] = await Promise.all([listTests(caller, id, { limit: SHOWN, order: "asc" }), listVersions(caller, id, { limit: 50, order: "desc" }), testSettings(caller, id)]);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`Tests of ${assistant.name ?? "Untitled assistant"}`}
        description={
          <>
            <Link href={`/assistants/${id}`} className="underline underline-offset-2">
              Back to the editor
            </Link>
            {" · "}
            <Link href={`/assistants/${id}/history`} className="underline underline-offset-2">
              History
            </Link>
          </>
        }
      />
      <TestsView
        assistantId={id}
        currentVersion={assistant.version}
        tests={tests.data.map(toTestObject)}
        versions={versions.data.map((version) => ({ version: version.version, labels: version.labels }))}
        canEdit={hasRole(caller.role, "editor")}
        runOnSave={settings.runOnSave}
      />
    </div>
  );
}
