"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useRef } from "react";
import type { TimelineItem } from "@/lib/playground/timeline";

// The chat's scrolling list, virtualized: only the rows on screen (plus a few) are in the DOM, so a
// thread of thousands of messages opens and scrolls like a short one. It sticks to the bottom while
// the person is there (a streaming reply stays in view) and leaves them alone when they scrolled up
// to read; scrolling near the top asks for the next older page, keeping the view where it was.

type Props = {
  items: TimelineItem[];
  renderItem: (item: TimelineItem) => React.ReactNode;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  /** Changes when another thread opens: jump to its end. */
  resetKey: string;
  /** The list's accessible name (the compare view has one per column). */
  label?: string;
  /** The scrolling element, for a parent that moves several lists together (the compare view). */
  scrollerRef?: (element: HTMLDivElement | null) => void;
  /** After each scroll, with the element. */
  onScrolled?: (element: HTMLDivElement) => void;
};

const NEAR_BOTTOM_PX = 120;
const ESTIMATED_ROW_PX = 96;
const NEAR_TOP_PX = 400;

export function ChatTimeline({ items, renderItem, hasOlder, loadingOlder, onLoadOlder, resetKey, label = "Conversation", scrollerRef, onScrolled }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const anchor = useRef<{ firstKey: string; fromBottom: number } | null>(null);
  // The virtualizer's functions change identity as it measures; nothing here memoizes on them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    // A chat opens at its end: render the last rows first instead of the first ones and then those.
    initialOffset: () => items.length * ESTIMATED_ROW_PX,
    overscan: 8,
    // Room for the "older messages" note, which sits inside the list's own height.
    paddingStart: hasOlder ? 32 : 8,
    paddingEnd: 8,
    getItemKey: (index) => items[index]!.key,
  });

  // Older messages were prepended: keep the same distance from the bottom, so nothing jumps.
  useLayoutEffect(() => {
    const element = scroller.current;
    const kept = anchor.current;
    if (!element || !kept || items[0]?.key === kept.firstKey) return;
    anchor.current = null;
    element.scrollTop = virtualizer.getTotalSize() - element.clientHeight - kept.fromBottom;
  }, [items, virtualizer]);

  // New content while at the bottom (a sent message, a streamed token): stay at the bottom.
  const last = items.at(-1);
  useEffect(() => {
    if (atBottom.current && items.length) virtualizer.scrollToIndex(items.length - 1, { align: "end" });
  }, [items.length, last, virtualizer]);

  useEffect(() => {
    atBottom.current = true;
  }, [resetKey]);

  function onScroll() {
    const element = scroller.current;
    if (!element) return;
    const fromBottom = element.scrollHeight - element.scrollTop - element.clientHeight;
    atBottom.current = fromBottom < NEAR_BOTTOM_PX;
    if (element.scrollTop < NEAR_TOP_PX && hasOlder && !loadingOlder && items.length) {
      anchor.current = { firstKey: items[0]!.key, fromBottom };
      onLoadOlder();
    }
    onScrolled?.(element);
  }

  return (
    <div
      ref={(element) => {
        scroller.current = element;
        scrollerRef?.(element);
      }}
      onScroll={onScroll}
      className="min-h-0 flex-1 overflow-y-auto px-4"
      data-testid="chat-scroller"
      aria-label={label}
      role="log"
      aria-live="off"
    >
      <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {hasOlder ? <p className="absolute inset-x-0 top-0 py-2 text-center text-xs text-muted-foreground">{loadingOlder ? "Loading older messages…" : "Scroll up for older messages"}</p> : null}
        {virtualizer.getVirtualItems().map((row) => (
          <div key={row.key} data-index={row.index} ref={virtualizer.measureElement} className="absolute top-0 left-0 w-full" style={{ transform: `translateY(${row.start}px)` }}>
            {renderItem(items[row.index]!)}
          </div>
        ))}
      </div>
    </div>
  );
}
