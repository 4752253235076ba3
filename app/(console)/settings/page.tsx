import type { Metadata } from "next";
import Link from "next/link";
import { requirePageCaller } from "@/lib/auth/gate";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { semanticSearchStatus } from "@/lib/ingest/embed";
import { getWorkspace } from "@/lib/workspaces/service";
import { FileSearchCard } from "@/components/settings/file-search-card";
import { WorkspaceNameForm } from "@/components/settings/workspace-name-form";
import { requestOrigin } from "@/components/shell/request-origin";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { RelativeTime } from "@/components/ui/relative-time";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

function sdkSnippet(baseURL: string): string {
  return [
    `import OpenAI from "openai";`,
    ``,
    `const client = new OpenAI({`,
    `  baseURL: "${baseURL}",`,
    `  apiKey: process.env.ATELIER_API_KEY,`,
    `});`,
    ``,
    `const assistants = await client.beta.assistants.list();`,
    `console.log(assistants.data);`,
  ].join("\n");
}

export default async function SettingsPage() {
  const { caller } = await requirePageCaller();
  const [workspace, origin, semantic] = await Promise.all([getWorkspace(caller), requestOrigin(), semanticSearchStatus()]);
  const baseURL = `${origin}/api/v1`;

  return (
    <div className="flex flex-col gap-6">
      <Card aria-labelledby="workspace-heading">
        <CardHeader>
          <CardTitle id="workspace-heading">Workspace</CardTitle>
          <CardDescription>Assistants, members and API keys belong to a workspace.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-5">
          {caller.role === "owner" ? (
            <WorkspaceNameForm name={workspace.name} />
          ) : (
            <p className="text-sm">
              <span className="text-muted-foreground">Name: </span>
              <span className="font-medium">{workspace.name}</span>
            </p>
          )}
          <dl className="grid gap-4 text-sm sm:grid-cols-3">
            <div>
              <dt className="text-muted-foreground">ID</dt>
              <dd className="mt-1 font-mono text-[0.8125rem] select-all">{workspace.id}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Your role</dt>
              <dd className="mt-1">{ROLE_LABELS[caller.role]}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Created</dt>
              <dd className="mt-1">
                <RelativeTime date={workspace.createdAt} />
              </dd>
            </div>
          </dl>
        </CardContent>
      </Card>

      <Card aria-labelledby="api-heading">
        <CardHeader>
          <CardTitle id="api-heading">API</CardTitle>
          <CardDescription>
            An OpenAI Assistants v2 compatible API: point any OpenAI SDK or HTTP client at this base URL, with a key from{" "}
            <Link href="/settings/api-keys" className="underline underline-offset-2">
              API keys
            </Link>
            .
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <CodeBlock label="Base URL" code={baseURL} />
          <CodeBlock label="TypeScript (openai package)" code={sdkSnippet(baseURL)} />
        </CardContent>
      </Card>

      <FileSearchCard status={semantic} />
    </div>
  );
}
