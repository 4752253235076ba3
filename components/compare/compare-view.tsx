"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { createCompareThreads } from "@/app/(console)/assistants/[assistant_id]/compare/actions";
import type { AssistantObject } from "@/lib/assistants/wire";
import { unwrapAction } from "@/lib/auth/action-result";
import { draftOverridesOf, followScroll, MAX_COLUMNS, parseStoredColumns, variantInvalid, variantTitle, type Variant } from "@/lib/playground/compare";
import { Composer } from "@/components/playground/composer";
import { CompareColumn, type ColumnHandle, type ColumnStatus } from "@/components/compare/compare-column";
import { ReplyDiff } from "@/components/compare/reply-diff";
import type { VersionOption } from "@/components/compare/variant-picker";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

// The playground's compare view: up to four variants of one assistant side by side. One message
// box sends to every column at once and they stream in parallel, each in a thread of its own; tool
// calls are answered per column or all at once with the saved mock outputs; the columns scroll
// together; two columns' last replies can be diffed; any column can become the next version.

/** `threadId`: the thread a column reopens with (kept for this tab; the live one is in its status). */
type Column = { key: number; variant: Variant; threadId?: string | null };

const storageKey = (assistantId: string) => `atelier.compare.${assistantId}`;

type Props = { assistant: AssistantObject; versions: VersionOption[]; labels: Record<string, number>; canEdit: boolean };

// A column scrolled by its neighbour fires a scroll event too; within this long it is not a person's.
const FOLLOW_ECHO_MS = 150;

const GRID: Record<number, string> = { 1: "xl:grid-cols-1", 2: "xl:grid-cols-2", 3: "xl:grid-cols-3", 4: "xl:grid-cols-4" };

export function CompareView({ assistant: initialAssistant, versions, labels, canEdit }: Props) {
  const router = useRouter();
  const [assistant, setAssistant] = useState(initialAssistant);
  const [columns, setColumns] = useState<Column[]>(() => [
    { key: 1, variant: { kind: "version", ref: String(initialAssistant.version) } },
    { key: 2, variant: { kind: "draft", overrides: draftOverridesOf(initialAssistant) } },
  ]);
  const nextKey = useRef(3);
  // A new comparison remounts the columns: new threads, nothing carried over.
  const [generation, setGeneration] = useState(0);
  const [statuses, setStatuses] = useState<Record<number, ColumnStatus>>({});
  const handles = useRef(new Map<number, ColumnHandle>());
  const [sync, setSync] = useState(true);
  const followed = useRef(new WeakMap<HTMLElement, { at: number; top: number }>());
  const [showDiff, setShowDiff] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const restored = useRef(false);

  // The columns and their threads are kept for this tab (sessionStorage), so a reload or a visit to
  // the playground and back finds the comparison as it was. Read after mounting: the server's render
  // (and hydration) show the default columns.
  useEffect(() => {
    if (restored.current) return;
    restored.current = true;
    let stored = null;
    try {
      stored = parseStoredColumns(window.sessionStorage.getItem(storageKey(initialAssistant.id)));
    } catch {
      // Storage blocked: start afresh.
    }
    if (!stored) return;
    setColumns(stored.map((column) => ({ key: nextKey.current++, variant: column.variant, threadId: column.threadId })));
    setGeneration((value) => value + 1);
  }, [initialAssistant.id]);

  // What is kept: each column's variant and its thread (the live one, once a send made it).
  const kept = JSON.stringify(columns.map((column) => ({ variant: column.variant, threadId: statuses[column.key]?.threadId ?? column.threadId ?? null })));
  useEffect(() => {
    if (!restored.current) return;
    try {
      window.sessionStorage.setItem(storageKey(initialAssistant.id), kept);
    } catch {
      // Not kept then.
    }
  }, [kept, initialAssistant.id]);

  const live = columns.map((column) => statuses[column.key]).filter((status): status is ColumnStatus => status !== undefined);
  const busy = live.some((status) => status.busy);
  const waiting = live.some((status) => status.busy && !status.running);
  // Titles and validity follow from the variants: the view derives them, the columns report only their runs.
  const invalid = columns.some((column) => variantInvalid(column.variant));
  const titleOf = (column: Column) => variantTitle(column.variant, labels);

  const onStatus = useCallback(
    (key: number, status: ColumnStatus) =>
      setStatuses((before) => {
        const next = { ...status, reply: status.reply !== undefined ? status.reply : before[key]?.reply };
        return sameStatus(before[key], next) ? before : { ...before, [key]: next };
      }),
    [],
  );
  const handleRef = useCallback((key: number, handle: ColumnHandle | null) => {
    if (handle) handles.current.set(key, handle);
    else handles.current.delete(key);
  }, []);

  const onScrolled = useCallback(
    (key: number, element: HTMLDivElement) => {
      if (!sync) return;
      // The scroll event of a position this view just set is its echo; a scroll elsewhere is a person's, however soon.
      const echo = followed.current.get(element);
      if (echo && performance.now() - echo.at < FOLLOW_ECHO_MS && Math.abs(element.scrollTop - echo.top) < 1) return;
      for (const [other, handle] of handles.current) {
        const target = other === key ? null : handle.scroller();
        if (!target) continue;
        const top = followScroll(element, target);
        if (Math.abs(target.scrollTop - top) < 1) continue;
        target.scrollTop = top;
        followed.current.set(target, { at: performance.now(), top: target.scrollTop });
      }
    },
    [sync],
  );

  const every = (run: (handle: ColumnHandle, key: number) => Promise<string | null>) =>
    Promise.all(columns.flatMap((column) => (handles.current.has(column.key) ? [run(handles.current.get(column.key)!, column.key)] : [])));

  /**
   * The threads of the columns that have none, made in one request on the first column's ask (a
   * request per column would queue behind each other, and the runs start that far apart).
   */
  function threadMaker(): (key: number) => Promise<string> {
    const missing = columns.filter((column) => !statuses[column.key]?.threadId);
    let made: Promise<string[]> | null = null;
    return (key) => {
      made ??= createCompareThreads({ assistantId: assistant.id, titles: missing.map((column) => `Compare · ${titleOf(column)}`) }).then(unwrapAction);
      const at = missing.findIndex((column) => column.key === key);
      return at < 0 ? Promise.reject(new Error("This column already has a thread.")) : made.then((ids) => ids[at]!);
    };
  }

  async function answerAll() {
    setNotice(null);
    const outcomes = await Promise.all(columns.flatMap((column) => handles.current.get(column.key)?.answerWithMocks() ?? []));
    const errors = outcomes.flatMap((outcome) => (typeof outcome === "object" ? [outcome.error] : []));
    const answered = outcomes.filter((outcome) => outcome === "answered").length;
    const said = answered ? `Answered the tool calls of ${answered} column${answered === 1 ? "" : "s"} with the saved mock outputs.` : errors.length ? "" : "No column is waiting for tool outputs.";
    setNotice([said, ...errors].filter(Boolean).join(" "));
  }

  function addColumn() {
    const last = columns.at(-1)?.variant;
    setColumns([...columns, { key: nextKey.current++, variant: last ?? { kind: "draft", overrides: draftOverridesOf(assistant) } }]);
  }

  function setVariant(key: number, variant: Variant) {
    setColumns((before) => before.map((column) => (column.key === key ? { ...column, variant } : column)));
  }

  return (
    <div className="flex flex-col gap-3">
      <div role="toolbar" aria-label="Compare" className="flex flex-wrap items-center gap-2">
        <h2 className="mr-auto text-sm font-semibold">
          Compare {columns.length} variant{columns.length === 1 ? "" : "s"} of {assistant.name ?? "Untitled assistant"}{" "}
          <span className="font-normal text-muted-foreground">· current version {assistant.version}</span>
        </h2>
        <Button size="sm" variant="outline" disabled={columns.length >= MAX_COLUMNS || busy} onClick={addColumn}>
          Add column
        </Button>
        <Button size="sm" variant="outline" disabled={!waiting || !canEdit} onClick={() => void answerAll()}>
          Answer all with mock outputs
        </Button>
        <label className="flex items-center gap-1.5 text-sm">
          <input type="checkbox" checked={sync} onChange={(event) => setSync(event.target.checked)} />
          Sync scroll
        </label>
        <Button size="sm" variant="outline" aria-pressed={showDiff} disabled={columns.length < 2} onClick={() => setShowDiff(!showDiff)}>
          Diff replies
        </Button>
        <Button
          size="sm"
          variant="ghost"
          disabled={busy}
          onClick={() => {
            setStatuses({});
            setNotice(null);
            setColumns(columns.map((column) => ({ ...column, threadId: null })));
            setGeneration(generation + 1);
          }}
        >
          New comparison
        </Button>
      </div>
      {notice ? (
        <p role="status" className="text-sm text-muted-foreground">
          {notice}
        </p>
      ) : null}
      {showDiff ? <ReplyDiff options={columns.map((column, index) => ({ index: index + 1, title: titleOf(column), reply: statuses[column.key]?.reply ?? null }))} /> : null}
      {/* Side by side on wide screens, filling the height; two per row (or one) below, each column its own height. */}
      <div className={cn("grid grid-cols-1 gap-3 md:grid-cols-2 xl:h-[calc(100dvh-17rem)] xl:min-h-[30rem]", GRID[columns.length])}>
        {columns.map((column, index) => (
          <CompareColumn
            key={`${generation}-${column.key}`}
            index={index + 1}
            assistant={assistant}
            variant={column.variant}
            onVariantChange={(variant) => setVariant(column.key, variant)}
            versions={versions}
            labels={labels}
            canEdit={canEdit}
            onRemove={columns.length > 1 ? () => setColumns(columns.filter((other) => other.key !== column.key)) : undefined}
            columnKey={column.key}
            initialThreadId={column.threadId ?? null}
            onStatus={onStatus}
            handleRef={handleRef}
            onScrolled={onScrolled}
            onSaved={(saved, made) => {
              setAssistant(saved);
              // The column now is that version; the pickers learn of it from the page, read again.
              if (made) setVariant(column.key, { kind: "version", ref: String(saved.version) });
              router.refresh();
            }}
          />
        ))}
      </div>
      <div className="overflow-hidden rounded-xl border bg-card shadow-xs">
        <Composer
          disabled={!canEdit || invalid}
          disabledReason={!canEdit ? "Viewers can read but not send messages." : "Fix the columns' overrides first."}
          running={canEdit && busy && !waiting}
          held={busy}
          canStop={live.some((status) => status.canStop)}
          onStop={() => void every((handle) => handle.stop())}
          onSend={async (text, metadata, attachments) => {
            setNotice(null);
            const threads = threadMaker();
            const errors = await every((handle, key) => handle.send(text, metadata, attachments, () => threads(key)));
            // Sent when any column took it; each column says why it did not.
            return errors.some((error) => error === null);
          }}
        />
      </div>
    </div>
  );
}

const sameStatus = (a: ColumnStatus | undefined, b: ColumnStatus) => a !== undefined && (Object.keys(b) as (keyof ColumnStatus)[]).every((key) => a[key] === b[key]);
