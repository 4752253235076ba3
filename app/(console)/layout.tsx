import { consoleCaller } from "@/lib/auth/caller";
import { getWorkspace } from "@/lib/workspaces/service";
import { log } from "@/lib/log";
import { SideNav } from "@/components/shell/side-nav";
import { SiteHeader } from "@/components/shell/site-header";

// The shell reads the workspace on every request (names change; sign-in will pick it per user).
export const dynamic = "force-dynamic";

/**
 * The header is not worth failing the whole shell for: error.tsx cannot catch errors in the layout
 * of its own segment, so a database hiccup here would take the navigation down with it. The page
 * below fails on its own and shows its error boundary with a retry.
 */
async function workspaceName(): Promise<string | null> {
  try {
    const caller = await consoleCaller();
    return (await getWorkspace(caller.workspaceId))?.name ?? null;
  } catch (error) {
    log.warn("console shell could not read the workspace", { error });
    return null;
  }
}

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const name = await workspaceName();
  return (
    <>
      <a
        href="#main"
        className="sr-only rounded-md bg-primary text-sm font-medium text-primary-foreground shadow-md focus:not-sr-only focus:fixed focus:top-2.5 focus:left-3 focus:z-50 focus:px-4 focus:py-2"
      >
        Skip to content
      </a>
      <div className="flex min-h-dvh flex-col">
        <SiteHeader workspaceName={name} />
        <div className="flex flex-1 flex-col md:flex-row">
          <aside className="border-b bg-sidebar md:sticky md:top-14 md:h-[calc(100dvh-3.5rem)] md:w-56 md:shrink-0 md:border-r md:border-b-0">
            <SideNav />
          </aside>
          <main id="main" tabIndex={-1} className="min-w-0 flex-1">
            <div className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 md:py-8 lg:px-8">{children}</div>
          </main>
        </div>
      </div>
    </>
  );
}
