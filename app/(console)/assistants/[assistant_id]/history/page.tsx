import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageCaller } from "@/lib/auth/gate";
import { hasRole } from "@/lib/auth/roles";
import { getAssistant } from "@/lib/assistants/service";
import { listVersions } from "@/lib/assistants/versions";
import { latestRunPerVersion, resultSummary } from "@/lib/assistant-tests/runs";
import { isAppError } from "@/lib/errors";
import { VersionHistory } from "@/components/assistants/history/version-history";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Assistant history" };

type Props = { params: Promise<{ assistant_id: string }> };

/** The newest versions the page lists (older ones through the API's GET …/versions). */
const SHOWN = 100;

export default async function AssistantHistoryPage({ params }: Props) {
  const { caller } = await requirePageCaller();
  const { assistant_id: id } = await params;
  const assistant = await getAssistant(caller, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const [page, tested] = await Promise.all([listVersions(caller, id, { limit: SHOWN, order: "desc" }), latestRunPerVersion(caller, id, SHOWN)]);
  // Each version's newest completed test run, as a badge.
  const results = new Map(tested.map((run) => [run.assistantVersion, resultSummary(run)]));
  const versions = page.data.map(({ version, createdAt, createdBy, source, note, labels }) => ({ version, createdAt, createdBy, source, note, labels, tests: results.get(version) ?? null }));
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`History of ${assistant.name ?? "Untitled assistant"}`}
        description={
          <>
            <Link href={`/assistants/${id}`} className="underline underline-offset-2">
              Back to the editor
            </Link>
            {page.hasMore ? ` · The newest ${SHOWN} of its versions.` : null}
          </>
        }
      />
      <VersionHistory key={assistant.version} assistantId={id} versions={versions} canEdit={hasRole(caller.role, "editor")} />
    </div>
  );
}
