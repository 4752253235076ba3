import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/empty-state";
import { BotIcon } from "@/components/ui/icons";
import { InlineCode } from "@/components/ui/inline-code";
import { cn } from "@/components/ui/cn";

/** A request that works as pasted, once ATELIER_API_KEY is exported. */
export function createAssistantCurl(origin: string): string {
  return [
    `curl ${origin}/api/v1/assistants \\`,
    `  -H "Authorization: Bearer $ATELIER_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -H "OpenAI-Beta: assistants=v2" \\`,
    `  -d '{`,
    `    "name": "Support triage",`,
    `    "model": "gpt-4o-mini",`,
    `    "instructions": "Classify each support request by product area and urgency.",`,
    `    "tools": [{ "type": "code_interpreter" }],`,
    `    "metadata": { "team": "support" }`,
    `  }'`,
  ].join("\n");
}

// Explains what an assistant is, offers the editor to those who may create one, and shows the
// API request for those who automate.
export function AssistantsEmptyState({ origin, canCreate }: { origin: string; canCreate: boolean }) {
  return (
    <EmptyState
      icon={<BotIcon />}
      title="No assistants yet"
      description={
        <>
          <p>
            An assistant is a model with instructions, tools and metadata, saved under an id. Any client of the OpenAI
            Assistants API, such as the official SDKs or curl, can create and manage assistants in this workspace.
          </p>
          {canCreate ? (
            <p className="mt-4">
              <Link href="/assistants/new" className={buttonClasses()}>
                New assistant
              </Link>
            </p>
          ) : null}
          <p className="mt-4">Or create one through the API with a request like this:</p>
        </>
      }
    >
      <CodeBlock label="curl command" code={createAssistantCurl(origin)} />
      <ApiKeyNote className="mt-4" />
    </EmptyState>
  );
}

/** Where API keys come from. */
export function ApiKeyNote({ className }: { className?: string }) {
  return (
    <p className={cn("text-sm text-muted-foreground", className)}>
      Create a key in{" "}
      <Link href="/settings/api-keys" className="font-medium text-foreground underline underline-offset-2">
        Settings → API keys
      </Link>{" "}
      and export it as <InlineCode>ATELIER_API_KEY</InlineCode>.
    </p>
  );
}
