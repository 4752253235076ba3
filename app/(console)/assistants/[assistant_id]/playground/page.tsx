import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageCaller } from "@/lib/auth/gate";
import { hasRole } from "@/lib/auth/roles";
import { getAssistant } from "@/lib/assistants/service";
import { toAssistantObject } from "@/lib/assistants/wire";
import { isAppError } from "@/lib/errors";
import { Playground } from "@/components/playground/playground";

export const metadata: Metadata = { title: "Playground" };

type Props = { params: Promise<{ assistant_id: string }>; searchParams: Promise<{ thread?: string | string[] }> };

export default async function AssistantPlaygroundPage({ params, searchParams }: Props) {
  const { caller } = await requirePageCaller();
  const { assistant_id: id } = await params;
  const { thread } = await searchParams;
  const row = await getAssistant(caller, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const assistant = toAssistantObject(row);
  return (
    <div className="flex flex-col gap-3">
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
      <Playground key={assistant.id} assistant={assistant} initialThreadId={typeof thread === "string" && thread ? thread : null} canEdit={hasRole(caller.role, "editor")} />
    </div>
  );
}
