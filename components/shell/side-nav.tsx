"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { BotIcon, DatabaseIcon, FileIcon, PlayIcon, SettingsIcon } from "@/components/ui/icons";

// Lucide's "wrench" (ISC), drawn like the icons in components/ui/icons.tsx.
function WrenchIcon(props: React.ComponentProps<"svg">) {
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...props}>
      <path d="M14.7 6.3a1 1 0 0 0 0 1.4l1.6 1.6a1 1 0 0 0 1.4 0l3.77-3.77a6 6 0 0 1-7.94 7.94l-6.91 6.91a2.12 2.12 0 0 1-3-3l6.91-6.91a6 6 0 0 1 7.94-7.94l-3.76 3.76z" />
    </svg>
  );
}

// Client-side only for usePathname: the active link must follow client navigations, which a
// server-rendered layout does not re-render for.

const ITEMS = [
  { href: "/assistants", label: "Assistants", icon: BotIcon },
  { href: "/playground", label: "Playground", icon: PlayIcon },
  { href: "/files", label: "Files", icon: FileIcon },
  { href: "/vector-stores", label: "Vector stores", icon: DatabaseIcon },
  { href: "/tools", label: "Tools", icon: WrenchIcon },
  { href: "/settings", label: "Settings", icon: SettingsIcon },
] as const;

/** An assistant's playground lives under its page (/assistants/asst_…/playground) but is the Playground section. */
const ASSISTANT_PLAYGROUND = /^\/assistants\/[^/]+\/playground(?:\/|$)/;

/** The section a path belongs to: its own page and anything below it (/assistants/asst_… is Assistants). */
export function sectionOf(pathname: string): string | null {
  if (ASSISTANT_PLAYGROUND.test(pathname)) return "/playground";
  return ITEMS.find(({ href }) => pathname === href || pathname.startsWith(`${href}/`))?.href ?? null;
}

export function SideNav() {
  const section = sectionOf(usePathname() ?? "");
  return (
    <nav aria-label="Main">
      {/* A row of tabs on narrow screens, a column beside the content from md up. */}
      <ul className="flex gap-1 overflow-x-auto px-3 py-2 md:flex-col md:overflow-visible md:px-3 md:py-4">
        {ITEMS.map(({ href, label, icon: Icon }) => {
          const active = section === href;
          return (
            <li key={href} className="shrink-0">
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex h-9 items-center gap-2.5 rounded-md px-3 text-sm font-medium transition-colors",
                  active
                    ? "bg-accent text-accent-foreground"
                    : "text-muted-foreground hover:bg-accent/60 hover:text-accent-foreground",
                )}
              >
                <Icon className={cn("size-4", active ? "text-foreground" : "text-muted-foreground")} />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
