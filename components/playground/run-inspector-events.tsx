"use client";

import { memo, useDeferredValue, useEffect, useId, useMemo, useState } from "react";
import { InspectorSection } from "@/components/playground/run-inspector-parts";
import { CopyButton } from "@/components/ui/copy-button";
import { compactInputClasses } from "@/components/ui/input";
import { eventsAsSse, filterEvents, formatCount, formatOffset, MAX_SHOWN_EVENTS, prettyEventData, visibleEvents } from "@/lib/playground/inspector";
import type { RawEvent } from "@/lib/playground/run-events";

type EventRowProps = { event: RawEvent; index: number; startAt: number; onResult: (message: string) => void };

// Memoised: events never change once received, so a new event renders one row, not five hundred.
// The JSON is rendered only while open: run events carry the whole run (instructions included),
// and hundreds of hidden copies would weigh on every render.
const EventRow = memo(function EventRow({ event, index, startAt, onResult }: EventRowProps) {
  const [open, setOpen] = useState(false);
  return (
    <li className="flex items-start gap-2 border-b px-1 py-1 last:border-b-0">
      <span className="w-14 shrink-0 pt-0.5 text-right font-mono text-[0.6875rem] text-muted-foreground tabular-nums">{formatOffset(event.at - startAt)}</span>
      <details className="min-w-0 flex-1" onToggle={(toggle) => setOpen(toggle.currentTarget.open)}>
        <summary className="cursor-pointer truncate font-mono text-xs leading-5 hover:text-foreground">{event.event}</summary>
        {open ? (
          <pre tabIndex={0} className="mt-1 mb-1 max-h-64 overflow-auto rounded-md border bg-code px-2 py-1.5 font-mono text-[0.6875rem] leading-relaxed break-words whitespace-pre-wrap">
            {prettyEventData(event)}
          </pre>
        ) : null}
      </details>
      <CopyButton text={() => prettyEventData(event)} label={`event ${index + 1} (${event.event})`} onResult={onResult} />
    </li>
  );
});

/** The stream's events as received: filterable, each expandable and copyable, all copyable as SSE. */
export function EventsSection({ events, startedAt }: { events: readonly RawEvent[]; startedAt: number | null }) {
  const inputId = useId();
  const [query, setQuery] = useState("");
  // Typing stays immediate while a long list filters behind it.
  const deferredQuery = useDeferredValue(query);
  const { rows, matched, total } = useMemo(() => visibleEvents(events, deferredQuery), [events, deferredQuery]);
  const [announcement, setAnnouncement] = useState("");
  useEffect(() => {
    if (!announcement) return;
    // Cleared so the same result, copied again, is announced again.
    const timer = setTimeout(() => setAnnouncement(""), 2000);
    return () => clearTimeout(timer);
  }, [announcement]);
  const startAt = startedAt ?? events[0]?.at ?? 0;

  return (
    <InspectorSection
      title="Raw events"
      actions={
        <CopyButton text={() => eventsAsSse(filterEvents(events, deferredQuery))} label={`${formatCount(matched)} events as SSE text`} onResult={setAnnouncement} disabled={matched === 0}>
          Copy all
        </CopyButton>
      }
    >
      <div className="flex items-center gap-2">
        <label htmlFor={inputId} className="sr-only">
          Filter events
        </label>
        <input
          id={inputId}
          type="search"
          autoComplete="off"
          spellCheck={false}
          placeholder="Filter events"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          className={compactInputClasses}
        />
        <span className="shrink-0 text-[0.6875rem] text-muted-foreground tabular-nums">
          <span aria-hidden="true">
            {formatCount(matched)}/{formatCount(total)}
          </span>
          <span className="sr-only">
            {formatCount(matched)} of {formatCount(total)} events
          </span>
        </span>
      </div>
      {matched > MAX_SHOWN_EVENTS ? (
        <p className="text-[0.6875rem] text-muted-foreground">
          Showing the last {formatCount(MAX_SHOWN_EVENTS)} of {formatCount(matched)}.
        </p>
      ) : null}
      {rows.length ? (
        <ol aria-label="Events" className="flex flex-col">
          {rows.map(({ event, index }) => (
            <EventRow key={index} event={event} index={index} startAt={startAt} onResult={setAnnouncement} />
          ))}
        </ol>
      ) : (
        <p className="text-xs text-muted-foreground">{total ? "No events match the filter." : "No events yet."}</p>
      )}
      {/* One live region for every copy button in the list. */}
      <span role="status" className="sr-only">
        {announcement}
      </span>
    </InspectorSection>
  );
}
