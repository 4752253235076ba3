"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

// The pages are server-rendered from the API's objects; while a file is being ingested they are
// read again every few seconds (router.refresh keeps client state: open dialogs, the search
// tester's inputs), and not while the tab is hidden. Nothing runs once nothing is in progress.

export function RefreshWhileIndexing({ active, intervalMs = 2000 }: { active: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (!document.hidden) router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, router]);
  return null;
}
