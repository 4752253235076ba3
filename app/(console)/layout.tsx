import { requirePageCaller } from "@/lib/auth/gate";
import { QueryProvider } from "@/components/providers/query-provider";
import { SideNav } from "@/components/shell/side-nav";
import { SiteHeader } from "@/components/shell/site-header";

// Every console page is behind sign-in: requirePageCaller sends visitors to /sign-in (or /setup on
// a fresh instance) and people without a workspace to /no-workspace. Pages call it again for their
// own caller; the session is read once per request (React cache).
export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const { session, membership, memberships: workspaces } = await requirePageCaller();
  return (
    <>
      <a
        href="#main"
        className="sr-only rounded-md bg-primary text-sm font-medium text-primary-foreground shadow-md focus:not-sr-only focus:fixed focus:top-2.5 focus:left-3 focus:z-50 focus:px-4 focus:py-2"
      >
        Skip to content
      </a>
      <div className="flex min-h-dvh flex-col">
        <SiteHeader user={session.user} current={membership} workspaces={workspaces} />
        <div className="flex flex-1 flex-col md:flex-row">
          <aside className="border-b bg-sidebar md:sticky md:top-14 md:h-[calc(100dvh-3.5rem)] md:w-56 md:shrink-0 md:border-r md:border-b-0">
            <SideNav />
          </aside>
          <main id="main" tabIndex={-1} className="min-w-0 flex-1">
            {/* A page can ask for the whole width (the playground's three columns) with data-layout="wide". */}
            <div className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6 md:py-8 lg:px-8 has-[[data-layout=wide]]:max-w-none has-[[data-layout=wide]]:md:py-5">
              <QueryProvider>{children}</QueryProvider>
            </div>
          </main>
        </div>
      </div>
    </>
  );
}
