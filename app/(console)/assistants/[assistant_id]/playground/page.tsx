import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageCaller } from "@/lib/auth/gate";
import { hasRole } from "@/lib/auth/roles";
import { getAssistant } from "@/lib/assistants/service";
import { toAssistantObject } from "@/lib/assistants/wire";
import { isAppError } from "@/lib/errors";
import { listMessages } from "@/lib/messages/service";
import { toMessageObject } from "@/lib/messages/wire";
import { listRuns } from "@/lib/runs/service";
import { toRunObject } from "@/lib/runs/wire";
import { toListObject } from "@/lib/wire";
import type { Caller } from "@/lib/auth/caller";
import { Playground, type InitialThread } from "@/components/playground/playground";

export const metadata: Metadata = { title: "Playground" };

type Props = { params: Promise<{ assistant_id: string }>; searchParams: Promise<{ thread?: string | string[] }> };

/**
 * The open thread's newest messages and run, read with the page: the chat paints with them instead
 * of after a round trip from the browser. A thread that is gone opens an empty playground, saying so.
 */
async function initialThread(caller: Caller, threadId: string | null): Promise<InitialThread | "missing" | null> {
  if (!threadId) return null;
  try {
    const [messages, runs] = await Promise.all([
      listMessages(caller, threadId, { limit: 100, order: "desc" }),
      listRuns(caller, threadId, { limit: 1, order: "desc" }),
    ]);
    return { threadId, readAt: Date.now(), messages: toListObject(messages, toMessageObject), latestRun: runs.data[0] ? toRunObject(runs.data[0]) : null };
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return "missing";
    throw error;
  }
}

export default async function AssistantPlaygroundPage({ params, searchParams }: Props) {
  const { caller } = await requirePageCaller();
  const { assistant_id: id } = await params;
  const { thread } = await searchParams;
  const row = await getAssistant(caller, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const assistant = toAssistantObject(row);
  const initial = await initialThread(caller, typeof thread === "string" && thread ? thread : null);
  return (
    <div data-layout="wide" className="flex flex-col gap-3">
      <nav aria-label="Breadcrumb" className="flex items-center gap-1.5 text-sm text-muted-foreground">
        <Link href="/playground" className="underline-offset-2 hover:underline">
          Playground
        </Link>
        <span aria-hidden>/</span>
        <Link href={`/assistants/${assistant.id}`} className="truncate underline-offset-2 hover:underline">
          {assistant.name ?? assistant.id}
        </Link>
      </nav>
      <h1 className="sr-only">Playground: {assistant.name ?? assistant.id}</h1>
      {/* Keyed by assistant: another assistant's page starts with its own draft and options. */}
      <Playground key={assistant.id} assistant={assistant} initial={initial === "missing" ? null : initial} threadMissing={initial === "missing"} canEdit={hasRole(caller.role, "editor")} />
    </div>
  );
}
