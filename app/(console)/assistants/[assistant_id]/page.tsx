import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageCaller } from "@/lib/auth/gate";
import { hasRole } from "@/lib/auth/roles";
import { toFormValues } from "@/lib/assistants/form";
import { getAssistant } from "@/lib/assistants/service";
import { toAssistantObject } from "@/lib/assistants/wire";
import { isAppError } from "@/lib/errors";
import { removeAssistant } from "@/app/(console)/assistants/actions";
import { modelsInUse } from "@/lib/assistants/search";
import { codeSandboxStatus } from "@/lib/code/status";
import { loadToolRegistry } from "@/lib/assistants/tool-registry-load";
import { AssistantEditor } from "@/components/assistants/editor/assistant-editor";
import { requestOrigin } from "@/components/shell/request-origin";
import { buttonClasses } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Assistant" };

type Props = { params: Promise<{ assistant_id: string }> };

async function load(caller: Awaited<ReturnType<typeof requirePageCaller>>["caller"], id: string) {
  try {
    return await getAssistant(caller, id);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function AssistantPage({ params }: Props) {
  const { caller } = await requirePageCaller();
  const { assistant_id: id } = await params;
  const row = await load(caller, id);
  const assistant = toAssistantObject(row);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={assistant.name ?? "Untitled assistant"}
        description={
          <Link href="/assistants" className="underline underline-offset-2">
            All assistants
          </Link>
        }
        actions={
          <div className="flex flex-wrap items-start gap-2 sm:justify-end">
            <Link href={`/assistants/${assistant.id}/history`} className={buttonClasses({ variant: "outline", size: "sm" })} aria-label={`History: version ${row.version}`}>
              History <span className="font-mono text-xs text-muted-foreground">v{row.version}</span>
            </Link>
            <Link href={`/assistants/${assistant.id}/playground`} className={buttonClasses({ variant: "outline", size: "sm" })}>
              Open in playground
            </Link>
            <Link href={`/assistants/${assistant.id}/compare`} className={buttonClasses({ variant: "outline", size: "sm" })}>
              Compare
            </Link>
            <Link href={`/assistants/${assistant.id}/tests`} className={buttonClasses({ variant: "outline", size: "sm" })}>
              Tests
            </Link>
            {hasRole(caller.role, "editor") ? (
            <ConfirmButton
              variant="destructive"
              label="Delete"
              accessibleLabel={`Delete assistant ${assistant.name ?? assistant.id}`}
              question="Deleting cannot be undone; API calls with this id will get 404."
              confirmLabel="Delete assistant"
              action={removeAssistant}
              input={{ id: assistant.id }}
              redirectTo="/assistants"
            />
            ) : null}
          </div>
        }
      />
      {/* Keyed by version: after a save elsewhere and a refresh, the form starts from the stored state. */}
      <AssistantEditor key={`${assistant.id}`} initial={toFormValues(assistant)} saved={{ assistant, version: row.version }} canEdit={hasRole(caller.role, "editor")} baseURL={`${await requestOrigin()}/api/v1`} modelsInUse={await modelsInUse(caller)} codeSandbox={codeSandboxStatus()} toolRegistry={await loadToolRegistry(caller)} />
    </div>
  );
}
