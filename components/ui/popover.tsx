"use client";

import { cn } from "@/components/ui/cn";

// A popover on the platform's Popover API: the top layer, light dismiss, Escape and focus return
// come with it, with no portal or outside-click code. Where the browser has CSS anchor positioning
// it opens above its trigger; elsewhere it is centred in the viewport (the UA default).

type PopoverProps = {
  id: string;
  /** The dialog's accessible name. */
  label: string;
  /** The CSS anchor name its trigger carries (see `popoverTrigger`), e.g. "--metadata". */
  anchor: `--${string}`;
  className?: string;
  children: React.ReactNode;
};

export function Popover({ id, label, anchor, className, children }: PopoverProps) {
  return (
    <div
      id={id}
      popover="auto"
      role="dialog"
      aria-label={label}
      // Not in React's CSSProperties yet; Chromium and Safari read them, others ignore them.
      style={{ positionAnchor: anchor } as React.CSSProperties}
      className={cn(
        "w-[min(32rem,calc(100vw-2rem))] rounded-lg border bg-card p-3 text-card-foreground shadow-lg",
        "supports-[position-area:top]:m-0 supports-[position-area:top]:mb-2 supports-[position-area:top]:[inset:auto] supports-[position-area:top]:[position-area:top_span-left]",
        className,
      )}
    >
      {children}
    </div>
  );
}

/** Props for the button that opens popover `id`, anchored as `anchor`. */
export function popoverTrigger(id: string, anchor: `--${string}`) {
  return { popoverTarget: id, style: { anchorName: anchor } as React.CSSProperties };
}
