import type { Metadata } from "next";
import { NewWorkspaceForm } from "@/components/shell/new-workspace-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "New workspace" };

export default function NewWorkspacePage() {
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="New workspace" description="A separate set of assistants, members and API keys. You will be its owner." />
      <Card aria-labelledby="new-workspace-heading">
        <CardHeader>
          <CardTitle id="new-workspace-heading">Name</CardTitle>
          <CardDescription>Your team, client or project.</CardDescription>
        </CardHeader>
        <CardContent>
          <NewWorkspaceForm />
        </CardContent>
      </Card>
    </div>
  );
}
