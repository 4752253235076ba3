import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageCaller } from "@/lib/auth/gate";
import { hasRole } from "@/lib/auth/roles";
import { getAssistant } from "@/lib/assistants/service";
import { listLabels, listVersions } from "@/lib/assistants/versions";
import { toAssistantObject } from "@/lib/assistants/wire";
import { isAppError } from "@/lib/errors";
import { CompareView } from "@/components/compare/compare-view";

export const metadata: Metadata = { title: "Compare" };

type Props = { params: Promise<{ assistant_id: string }> };

/** The newest versions the column pickers offer (labels reach older ones). */
const OFFERED = 50;

export default async function AssistantComparePage({ params }: Props) {
  const { caller } = await requirePageCaller();
  const { assistant_id: id } = await params;
  const row = await getAssistant(caller, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const [versions, labels] = await Promise.all([listVersions(caller, id, { limit: OFFERED, order: "desc" }), listLabels(caller, id)]);
  const assistant = toAssistantObject(row);
  return (
    <div data-layout="wide" className="flex flex-col gap-3">
      <nav aria-label="Breadcrumb" className="flex items-center gap-1.5 text-sm text-muted-foreground">
        <Link href={`/assistants/${id}/playground`} className="underline-offset-2 hover:underline">
          Playground
        </Link>
        <span aria-hidden>/</span>
        <Link href={`/assistants/${id}`} className="truncate underline-offset-2 hover:underline">
          {assistant.name ?? id}
        </Link>
      </nav>
      <h1 className="sr-only">Compare variants of {assistant.name ?? id}</h1>
      <CompareView
        key={id}
        assistant={assistant}
        versions={versions.data.map(({ version, note, labels: versionLabels }) => ({ version, note, labels: versionLabels }))}
        labels={labels}
        canEdit={hasRole(caller.role, "editor")}
      />
    </div>
  );
}
