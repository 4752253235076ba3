"use client";

import { cn } from "@/components/ui/cn";

const VIEWS = [
  { value: "tree", label: "Builder" },
  { value: "json", label: "JSON" },
] as const;

/**
 * Builder/JSON tabs with roving focus (←/→, Home/End). Not <button>s: a viewer's editor sits in a
 * disabled fieldset, which disables every button in it, and a viewer may still switch views.
 */
export function ViewTabs({ id, tab, onTab }: { id: string; tab: "tree" | "json"; onTab: (tab: "tree" | "json") => void }) {
  const select = (index: number, element: HTMLElement) => {
    const view = VIEWS[(index + VIEWS.length) % VIEWS.length]!;
    onTab(view.value);
    element.parentElement?.querySelector<HTMLElement>(`#${CSS.escape(`${id}-tab-${view.value}`)}`)?.focus();
  };
  return (
    <div role="tablist" aria-label="Schema view" className="inline-flex w-fit gap-1 rounded-lg bg-muted p-1">
      {VIEWS.map((view, index) => {
        const active = tab === view.value;
        return (
          <div
            key={view.value}
            role="tab"
            id={`${id}-tab-${view.value}`}
            aria-controls={`${id}-panel-${view.value}`}
            aria-selected={active}
            tabIndex={active ? 0 : -1}
            className={cn(
              "cursor-pointer rounded-md px-3 py-1 text-sm font-medium outline-none select-none focus-visible:ring-2 focus-visible:ring-ring",
              active ? "bg-background shadow-xs" : "text-muted-foreground hover:text-foreground",
            )}
            onClick={() => onTab(view.value)}
            onKeyDown={(event) => {
              const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: VIEWS.length - 1 }[event.key];
              if (next !== undefined) {
                event.preventDefault();
                select(next, event.currentTarget);
              } else if (event.key === "Enter" || event.key === " ") {
                event.preventDefault();
                onTab(view.value);
              }
            }}
          >
            {view.label}
          </div>
        );
      })}
    </div>
  );
}
