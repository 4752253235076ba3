"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { switchWorkspace } from "@/app/(console)/actions";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { CheckIcon } from "@/components/ui/icons";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { callAction } from "@/components/forms/call-action";

export type WorkspaceOption = { workspaceId: string; workspaceName: string; role: Role };

type Props = { current: WorkspaceOption; workspaces: WorkspaceOption[]; canCreate: boolean };

/** A disclosure menu (details/summary: keyboard and screen-reader friendly without a library). */
export function WorkspaceSwitcher({ current, workspaces, canCreate }: Props) {
  const router = useRouter();
  const menu = useRef<HTMLDetailsElement>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function choose(workspaceId: string) {
    if (menu.current) menu.current.open = false;
    if (workspaceId === current.workspaceId) return;
    startTransition(async () => {
      const result = await callAction(() => switchWorkspace({ workspaceId }));
      if (!result.ok) {
        setError(result.message);
        return;
      }
      setError(null);
      router.push("/assistants");
      router.refresh();
    });
  }

  return (
    <details ref={menu} className="relative min-w-0" onKeyDown={(event) => event.key === "Escape" && menu.current?.removeAttribute("open")}>
      <summary
        className="flex h-8 max-w-64 cursor-pointer list-none items-center gap-2 rounded-md px-2 text-sm hover:bg-accent [&::-webkit-details-marker]:hidden"
        aria-label={`Workspace: ${current.workspaceName}. Switch workspace`}
      >
        <span className="truncate font-medium">{current.workspaceName}</span>
        <Badge className="hidden sm:inline-flex">{ROLE_LABELS[current.role]}</Badge>
        <span aria-hidden="true" className="text-muted-foreground">
          ▾
        </span>
      </summary>
      <div className="absolute left-0 z-40 mt-1 w-72 rounded-lg border bg-card p-1 text-card-foreground shadow-lg">
        <p className="px-2 py-1.5 text-xs font-medium text-muted-foreground">Workspaces</p>
        <ul aria-label="Workspaces">
          {workspaces.map((workspace) => {
            const active = workspace.workspaceId === current.workspaceId;
            return (
              <li key={workspace.workspaceId}>
                <button
                  type="button"
                  disabled={pending}
                  aria-current={active ? "true" : undefined}
                  onClick={() => choose(workspace.workspaceId)}
                  className={cn("flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-accent", active && "font-medium")}
                >
                  <span className="flex size-4 items-center justify-center">{active ? <CheckIcon className="size-3.5" /> : null}</span>
                  <span className="min-w-0 flex-1 truncate">{workspace.workspaceName}</span>
                  <span className="text-xs text-muted-foreground">{ROLE_LABELS[workspace.role]}</span>
                </button>
              </li>
            );
          })}
        </ul>
        {canCreate ? (
          <div className="mt-1 border-t pt-1">
            <Link href="/workspaces/new" className="flex rounded-md px-2 py-1.5 text-sm hover:bg-accent" onClick={() => menu.current?.removeAttribute("open")}>
              New workspace…
            </Link>
          </div>
        ) : null}
        {error ? (
          <p role="alert" className="px-2 py-1.5 text-xs text-destructive">
            {error}
          </p>
        ) : null}
      </div>
    </details>
  );
}
