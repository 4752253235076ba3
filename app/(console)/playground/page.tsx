import type { Metadata } from "next";
import Link from "next/link";
import { requirePageCaller } from "@/lib/auth/gate";
import { hasRole } from "@/lib/auth/roles";
import { listAssistants } from "@/lib/assistants/service";
import { toAssistantObject } from "@/lib/assistants/wire";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { BotIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Playground" };

// Pick the assistant to talk to; its playground (/assistants/[id]/playground) has the threads,
// the chat and the run inspector. The most recently created assistants come first.

export default async function PlaygroundPage() {
  const { caller } = await requirePageCaller();
  const page = await listAssistants(caller, { limit: 100, order: "desc" });
  const assistants = page.data.map(toAssistantObject);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Playground" description="Talk to an assistant, answer its tool calls and see what each run did." />
      {assistants.length === 0 ? (
        <EmptyState icon={<BotIcon />} title="No assistants yet" description="Create an assistant first; the playground runs it against its model.">
          {hasRole(caller.role, "editor") ? (
            <Link href="/assistants/new" className={buttonClasses({ size: "sm" })}>
              New assistant
            </Link>
          ) : null}
        </EmptyState>
      ) : (
        <section aria-labelledby="pick-assistant">
          <h2 id="pick-assistant" className="mb-3 text-sm font-semibold">
            Choose an assistant
          </h2>
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {assistants.map((assistant) => (
              <li key={assistant.id}>
                <Link href={`/assistants/${assistant.id}/playground`} className="flex h-full flex-col gap-1 rounded-xl border bg-card p-4 shadow-xs transition-colors hover:bg-accent/50 focus-visible:ring-2 focus-visible:ring-ring/40 focus-visible:outline-none">
                  <span className="font-medium">{assistant.name ?? "Untitled assistant"}</span>
                  <span className="font-mono text-xs text-muted-foreground">{assistant.model}</span>
                  {assistant.description ? <span className="line-clamp-2 text-sm text-muted-foreground">{assistant.description}</span> : null}
                  <span className="mt-1 text-xs text-muted-foreground">
                    {assistant.tools.length} tool{assistant.tools.length === 1 ? "" : "s"}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          {page.hasMore ? <p className="mt-3 text-xs text-muted-foreground">Showing the 100 newest assistants; open others from Assistants.</p> : null}
        </section>
      )}
    </div>
  );
}
