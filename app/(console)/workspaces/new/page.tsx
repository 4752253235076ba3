import type { Metadata } from "next";
import { requirePageCaller } from "@/lib/auth/gate";
import { canCreateWorkspaces } from "@/lib/workspaces/service";
import { NewWorkspaceForm } from "@/components/shell/new-workspace-form";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "New workspace" };

export default async function NewWorkspacePage() {
  const { session } = await requirePageCaller();
  const allowed = await canCreateWorkspaces(session.user.id);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="New workspace" description="A separate set of assistants, members and API keys. You will be its owner." />
      <Card aria-labelledby="new-workspace-heading">
        <CardHeader>
          <CardTitle id="new-workspace-heading">Name</CardTitle>
          <CardDescription>Your team, client or project.</CardDescription>
        </CardHeader>
        <CardContent>
          {allowed ? (
            <NewWorkspaceForm />
          ) : (
            <Alert title="Only workspace owners can start new workspaces">Ask an owner to create it, or to make you an owner.</Alert>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
