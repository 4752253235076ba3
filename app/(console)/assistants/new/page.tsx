import type { Metadata } from "next";
import Link from "next/link";
import { requirePageCaller } from "@/lib/auth/gate";
import { hasRole } from "@/lib/auth/roles";
import { EMPTY_FORM } from "@/lib/assistants/form";
import { modelsInUse } from "@/lib/assistants/search";
import { codeSandboxStatus } from "@/lib/code/status";
import { loadToolRegistry } from "@/lib/assistants/tool-registry-load";
import { AssistantEditor } from "@/components/assistants/editor/assistant-editor";
import { requestOrigin } from "@/components/shell/request-origin";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "New assistant" };

export default async function NewAssistantPage() {
  const { caller } = await requirePageCaller();
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="New assistant" description={<Link href="/assistants" className="underline underline-offset-2">All assistants</Link>} />
      {hasRole(caller.role, "editor") ? (
        <AssistantEditor initial={EMPTY_FORM} canEdit baseURL={`${await requestOrigin()}/api/v1`} modelsInUse={await modelsInUse(caller)} codeSandbox={codeSandboxStatus()} toolRegistry={await loadToolRegistry(caller)} />
      ) : (
        <Alert title="Viewers cannot create assistants">Ask a workspace owner for the editor role.</Alert>
      )}
    </div>
  );
}
