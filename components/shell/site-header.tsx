import Link from "next/link";
import { LogoMark } from "@/components/ui/icons";
import { UserMenu } from "@/components/shell/user-menu";
import { WorkspaceSwitcher, type WorkspaceOption } from "@/components/shell/workspace-switcher";

type SiteHeaderProps = {
  user: { name: string; email: string };
  current: WorkspaceOption;
  workspaces: WorkspaceOption[];
};

export function SiteHeader({ user, current, workspaces }: SiteHeaderProps) {
  return (
    <header className="sticky top-0 z-30 border-b bg-background/90 backdrop-blur supports-[backdrop-filter]:bg-background/75">
      <div className="flex h-14 items-center gap-3 px-4 md:px-5">
        <Link href="/assistants" className="flex items-center gap-2 rounded-md font-semibold tracking-tight">
          <span className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground" aria-hidden="true">
            <LogoMark className="size-4" />
          </span>
          <span className="hidden sm:inline">Atelier</span>
        </Link>
        <span className="text-border select-none" aria-hidden="true">
          /
        </span>
        <WorkspaceSwitcher current={current} workspaces={workspaces} canCreate={workspaces.some((workspace) => workspace.role === "owner")} />
        <div className="ml-auto">
          <UserMenu name={user.name} email={user.email} />
        </div>
      </div>
    </header>
  );
}
