"use client";

import { useEffect, useState } from "react";
import { cn } from "@/components/ui/cn";
import { currentSection } from "@/lib/assistants/current-section";

// The editor is several screens long: its save bar carries an index of the sections, with the one
// being read marked (aria-current). The bar stays on top of the page, so jumps and focus must stop
// below it: the page's scroll-padding-top follows the bar's height (a jump to a section, focus
// moving to a field with an error, and the browser scrolling a focused field into view all honour it).

export type EditorSection = { id: string; title: string };

export const EDITOR_SECTIONS: EditorSection[] = [
  { id: "basics", title: "Basics" },
  { id: "sampling", title: "Sampling" },
  { id: "response-format", title: "Response format" },
  { id: "tools", title: "Tools" },
  { id: "metadata", title: "Metadata" },
  { id: "extensions", title: "Extensions" },
];

export const API_OBJECT_SECTION: EditorSection = { id: "api-object", title: "API object and code" };

/** The element id of a section (prefixed: `tools` alone is too likely to be taken). */
export const sectionElementId = (id: string) => `editor-${id}`;

/** Gap between the bar and a section or field scrolled to just below it. */
const GAP_PX = 12;

/**
 * Where the bar ends (px from the top of the viewport) while it sticks, kept up to date as it
 * wraps or resizes; the page's scroll-padding-top is kept just below it while the editor is open.
 */
export function useStickyBarBottom(bar: React.RefObject<HTMLElement | null>): number {
  const [bottom, setBottom] = useState(0);
  useEffect(() => {
    const element = bar.current;
    if (!element) return;
    const root = document.documentElement;
    const measure = () => {
      const next = (parseFloat(getComputedStyle(element).top) || 0) + element.offsetHeight;
      setBottom(next);
      root.style.scrollPaddingTop = `${next + GAP_PX}px`;
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.removeProperty("scroll-padding-top");
    };
  }, [bar]);
  return bottom;
}

function useCurrentSection(sections: readonly EditorSection[], line: number): string | null {
  const [current, setCurrent] = useState<string | null>(sections[0]?.id ?? null);
  const key = sections.map((section) => section.id).join(" ");
  useEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      const positions = sections.flatMap((section) => {
        const element = document.getElementById(sectionElementId(section.id));
        return element ? [{ id: section.id, top: element.getBoundingClientRect().top }] : [];
      });
      const root = document.documentElement;
      const atEnd = window.scrollY > 0 && window.innerHeight + window.scrollY >= root.scrollHeight - 2;
      setCurrent(currentSection(positions, line + GAP_PX + 1, atEnd, window.innerHeight));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    update();
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    return () => {
      window.removeEventListener("scroll", schedule);
      window.removeEventListener("resize", schedule);
      if (frame) cancelAnimationFrame(frame);
    };
    // `key` stands for the sections' ids (callers may pass a fresh array each render).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, line]);
  return current;
}

export function SectionIndex({ sections, barBottom }: { sections: readonly EditorSection[]; barBottom: number }) {
  const current = useCurrentSection(sections, barBottom);
  return (
    <nav aria-label="Editor sections" className="-mx-2 w-full overflow-x-auto">
      <ol className="flex gap-1 px-2 text-sm whitespace-nowrap">
        {sections.map((section) => (
          <li key={section.id}>
            <a
              href={`#${sectionElementId(section.id)}`}
              aria-current={current === section.id ? "location" : undefined}
              className={cn(
                "inline-flex h-7 items-center rounded-md px-2 text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground",
                "focus-visible:outline-2 focus-visible:outline-ring aria-[current]:bg-accent aria-[current]:font-medium aria-[current]:text-foreground",
              )}
            >
              {section.title}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
