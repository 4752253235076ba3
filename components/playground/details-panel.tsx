"use client";

import { cn } from "@/components/ui/cn";

// The playground's right panel: the Run inspector and Assistant tabs (the WAI-ARIA tabs pattern:
// arrow keys and Home/End move between tabs, Tab goes on into the panel).

export type DetailsTab = "inspector" | "assistant";

const TABS: { id: DetailsTab; label: string }[] = [
  { id: "inspector", label: "Run inspector" },
  { id: "assistant", label: "Assistant" },
];

type Props = {
  id: string;
  /** Folded away (the chat's "Details" button): kept mounted, so its tabs and scroll survive. */
  hidden: boolean;
  tab: DetailsTab;
  onTab: (tab: DetailsTab) => void;
  inspector: React.ReactNode;
  assistant: React.ReactNode;
};

function tabFor(key: string, current: DetailsTab): DetailsTab | null {
  const at = TABS.findIndex((tab) => tab.id === current);
  if (key === "Home") return TABS[0]!.id;
  if (key === "End") return TABS.at(-1)!.id;
  if (key === "ArrowRight") return TABS[(at + 1) % TABS.length]!.id;
  if (key === "ArrowLeft") return TABS[(at - 1 + TABS.length) % TABS.length]!.id;
  return null;
}

export function DetailsPanel({ id, hidden, tab, onTab, inspector, assistant }: Props) {
  return (
    <aside id={id} hidden={hidden} aria-label="Details" className={cn("min-h-0 flex-col overflow-hidden rounded-xl border bg-card shadow-xs", hidden ? "hidden" : "flex")}>
      <div
        role="tablist"
        aria-label="Panels"
        className="flex border-b"
        onKeyDown={(event) => {
          const next = tabFor(event.key, tab);
          if (!next) return;
          event.preventDefault();
          onTab(next);
          document.getElementById(`tab-${next}`)?.focus();
        }}
      >
        {TABS.map(({ id, label }) => (
          <button
            key={id}
            id={`tab-${id}`}
            role="tab"
            type="button"
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => onTab(id)}
            className={cn("flex-1 border-b-2 px-3 py-2 text-sm font-medium", tab === id ? "border-primary text-foreground" : "border-transparent text-muted-foreground hover:text-foreground")}
          >
            {label}
          </button>
        ))}
      </div>
      <div id="panel-inspector" role="tabpanel" aria-label="Run inspector" hidden={tab !== "inspector"} className="min-h-0 flex-1 overflow-y-auto">
        {inspector}
      </div>
      <div id="panel-assistant" role="tabpanel" aria-label="Assistant" hidden={tab !== "assistant"} className="min-h-0 flex-1 overflow-y-auto p-3">
        {assistant}
      </div>
    </aside>
  );
}
