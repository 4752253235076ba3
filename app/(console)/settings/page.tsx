import type { Metadata } from "next";
import { consoleCaller } from "@/lib/auth/caller";
import { listApiKeys } from "@/lib/auth/api-keys";
import { getWorkspace } from "@/lib/workspaces/service";
import { ApiKeyTable } from "@/components/settings/api-key-table";
import { requestOrigin } from "@/components/shell/request-origin";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { InlineCode } from "@/components/ui/inline-code";
import { PageHeader } from "@/components/ui/page-header";
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
  const caller = await consoleCaller();
  const [workspace, keys, origin] = await Promise.all([
    getWorkspace(caller.workspaceId),
    listApiKeys(caller.workspaceId),
    requestOrigin(),
  ]);
  const baseURL = `${origin}/api/v1`;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Settings" description="This workspace, its API keys, and how to reach the API." />

      <Card aria-labelledby="workspace-heading">
        <CardHeader>
          <CardTitle id="workspace-heading">Workspace</CardTitle>
          <CardDescription>Assistants and API keys belong to a workspace.</CardDescription>
        </CardHeader>
        <CardContent>
          {workspace ? (
            <dl className="grid gap-4 text-sm sm:grid-cols-3">
              <div>
                <dt className="text-muted-foreground">Name</dt>
                <dd className="mt-1 font-medium">{workspace.name}</dd>
              </div>
              <div>
                <dt className="text-muted-foreground">ID</dt>
                <dd className="mt-1 font-mono text-[0.8125rem] select-all">{workspace.id}</dd>
              </div>
              <div>
                <dt className="text-muted-foreground">Created</dt>
                <dd className="mt-1">
                  <RelativeTime date={workspace.createdAt} />
                </dd>
              </div>
            </dl>
          ) : (
            <Alert title="The workspace has not been created yet">
              The server creates it at start-up once the database is migrated. Run <InlineCode>npm run db:migrate</InlineCode>, then
              restart the server.
            </Alert>
          )}
        </CardContent>
      </Card>

      <Card aria-labelledby="keys-heading">
        <CardHeader>
          <CardTitle id="keys-heading">API keys</CardTitle>
          <CardDescription>
            Keys authenticate requests to the API for this workspace. Only a hash is stored, so a key is shown once, when it
            is created.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <ApiKeyTable keys={keys} />
          {/* Keys are managed from the CLI until the console has sign-in (issue 3): a key shown in a page nobody logs into would leak. */}
          <p className="text-sm text-muted-foreground">
            Create a key with <InlineCode>npm run apikey -- create --name &lt;name&gt;</InlineCode> and revoke one with{" "}
            <InlineCode>npm run apikey -- revoke &lt;key_id&gt;</InlineCode>. Scripts and CI can also use the{" "}
            <InlineCode>ATELIER_ADMIN_KEY</InlineCode> the server was started with.
          </p>
        </CardContent>
      </Card>

      <Card aria-labelledby="api-heading">
        <CardHeader>
          <CardTitle id="api-heading">API</CardTitle>
          <CardDescription>
            An OpenAI Assistants v2 compatible API: point any OpenAI SDK or HTTP client at this base URL.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <CodeBlock label="Base URL" code={baseURL} />
          <CodeBlock label="TypeScript (openai package)" code={sdkSnippet(baseURL)} />
        </CardContent>
      </Card>
    </div>
  );
}
