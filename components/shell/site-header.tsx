import Link from "next/link";
import { LogoMark } from "@/components/ui/icons";

type SiteHeaderProps = {
  /** Null when the workspace could not be read (database still starting): the shell still renders. */
  workspaceName: string | null;
};

export function SiteHeader({ workspaceName }: SiteHeaderProps) {
  return (
    <header className="sticky top-0 z-30 border-b bg-background/90 backdrop-blur supports-[backdrop-filter]:bg-background/75">
      <div className="flex h-14 items-center gap-3 px-4 md:px-5">
        <Link href="/assistants" className="flex items-center gap-2 rounded-md font-semibold tracking-tight">
          <span className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground" aria-hidden="true">
            <LogoMark className="size-4" />
          </span>
          Atelier
        </Link>
        <span className="text-border select-none" aria-hidden="true">
          /
        </span>
        {/* Becomes a workspace switcher with accounts (issue 3); until then there is one workspace. */}
        <p className="min-w-0 truncate text-sm">
          <span className="sr-only">Workspace: </span>
          {workspaceName ?? <span className="text-muted-foreground">Workspace unavailable</span>}
        </p>
      </div>
    </header>
  );
}
