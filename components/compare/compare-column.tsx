"use client";

import { useEffect, useRef, useState } from "react";
import { saveVariantAsVersion } from "@/app/(console)/assistants/[assistant_id]/compare/actions";
import type { AssistantObject } from "@/lib/assistants/wire";
import { unwrapAction } from "@/lib/auth/action-result";
import { columnMetrics, draftChanges, lastReply, mockToolOutputs, variantInvalid, variantRunBody, variantTitle, type Variant } from "@/lib/playground/compare";
import { entryOf, streamTimings } from "@/lib/playground/live-run-view";
import type { TimelineItem } from "@/lib/playground/timeline";
import type { OutputDraft } from "@/lib/playground/tool-outputs";
import type { AttachedFile } from "@/components/playground/attachment-picker";
import { ChatMessageView } from "@/components/playground/chat-message";
import { ChatTimeline } from "@/components/playground/chat-timeline";
import { RunItems } from "@/components/playground/run-items";
import { ThreadExport } from "@/components/playground/thread-export";
import { usePlaygroundChat } from "@/components/playground/use-playground-chat";
import { ColumnMetricsView } from "@/components/compare/column-metrics";
import { VariantPicker, type VersionOption } from "@/components/compare/variant-picker";
import { Button } from "@/components/ui/button";

// One column of the compare view: a real thread of its own (made with the other columns' on the
// first send, titled after its variant, in the playground's thread list and the API like any
// other; reopened after a reload), its chat, its tool
// calls answered here or by "Answer all", its latest run's metrics, and "Save as new version".
// The view drives it through a handle (send to all, stop all, answer all, scroll together).

export type ColumnStatus = { busy: boolean; running: boolean; canStop: boolean; threadId: string | null; reply?: string | null };

export type ColumnHandle = {
  /** `newThread`: the column's thread when it has none yet (the view makes them all in one request). */
  send: (text: string, metadata: Record<string, string>, attachments: readonly AttachedFile[], newThread: () => Promise<string>) => Promise<string | null>;
  stop: () => Promise<string | null>;
  /** Answers the calls the column's run waits on: "answered", "none" (nothing waits), or why not. */
  answerWithMocks: () => Promise<"answered" | "none" | { error: string }>;
  scroller: () => HTMLDivElement | null;
};

type Props = {
  /** The column's stable key: the view's callbacks are stable and told which column speaks. */
  columnKey: number;
  /** The thread the column reopens (a restored comparison); null starts a new one on the first send. */
  initialThreadId: string | null;
  index: number;
  assistant: AssistantObject;
  variant: Variant;
  onVariantChange: (variant: Variant) => void;
  versions: readonly VersionOption[];
  labels: Readonly<Record<string, number>>;
  canEdit: boolean;
  onRemove?: () => void;
  onStatus: (key: number, status: ColumnStatus) => void;
  handleRef: (key: number, handle: ColumnHandle | null) => void;
  onScrolled: (key: number, element: HTMLDivElement) => void;
  /** The variant became version `assistant.version` (or already was it: `made` false). */
  onSaved: (assistant: AssistantObject, made: boolean) => void;
};

const noop = () => {};

export function CompareColumn({ columnKey, initialThreadId, index, assistant, variant, onVariantChange, versions, labels, canEdit, onRemove, onStatus, handleRef, onScrolled, onSaved }: Props) {
  const [threadId, setThreadId] = useState<string | null>(initialThreadId);
  const [toolDrafts, setToolDrafts] = useState<Record<string, OutputDraft>>({});
  const [sendError, setSendError] = useState<string | null>(null);
  const [saving, setSaving] = useState<{ pending: boolean; message: string | null }>({ pending: false, message: null });
  const scroller = useRef<HTMLDivElement | null>(null);
  const title = variantTitle(variant, labels);
  const chat = usePlaygroundChat(assistant.id, threadId, setThreadId, null);
  const body = () => variantRunBody(assistant, variant);
  const entry = entryOf(chat.state, chat.liveRunId);
  const metrics = columnMetrics(chat.liveRun, entry ? streamTimings(entry) : null);
  const running = chat.busy && chat.liveRun?.status !== "requires_action";
  const startError = chat.liveRunId ? null : chat.connection.error;

  // The handle reads the latest render's chat and variant: the view keeps one per column.
  const latest = useRef({ chat, body, assistant });
  useEffect(() => {
    latest.current = { chat, body, assistant };
  });
  useEffect(() => {
    handleRef(columnKey, {
      send: async (text, metadata, attachments, newThread) => {
        const { chat: current, body: makeBody } = latest.current;
        const error = await current.send(text, metadata, makeBody(), attachments, newThread);
        setSendError(error);
        return error;
      },
      stop: () => latest.current.chat.stop(),
      answerWithMocks: async () => {
        const { chat: current, assistant: saved } = latest.current;
        const run = current.liveRun;
        // A run waiting for approvals is the person's to decide on each card: mocks answer only outputs.
        if (run?.status !== "requires_action" || run.required_action?.type !== "submit_tool_outputs") return "none";
        const outputs = mockToolOutputs(current.callsOf(run.id), saved.mock_outputs);
        if (!outputs.ok) return { error: `Column ${index}: no saved mock output for ${outputs.missing.join(", ")}.` };
        const error = await current.submitToolOutputs(run.id, outputs.outputs);
        return error === null ? "answered" : { error: `Column ${index}: ${error}` };
      },
      scroller: () => scroller.current,
    });
    return () => handleRef(columnKey, null);
  }, [handleRef, columnKey, index]);

  // What the view needs to know; the reply only once settled, so a stream does not re-render the view per token.
  const reply = chat.busy ? undefined : (lastReply(chat.items) ?? null);
  const invalid = variantInvalid(variant);
  useEffect(() => {
    onStatus(columnKey, { busy: chat.busy, running, canStop: chat.stoppable !== null, threadId, ...(reply !== undefined && { reply }) });
  }, [onStatus, columnKey, chat.busy, running, chat.stoppable, threadId, reply]);

  async function save() {
    setSaving({ pending: true, message: null });
    try {
      const from = variant.kind === "draft" ? { changes: draftChanges(assistant, variant.overrides) } : { version: /^\d+$/.test(variant.ref) ? Number(variant.ref) : labels[variant.ref] };
      if ("version" in from && from.version === undefined) throw new Error(`There is no label ${variant.kind === "version" ? variant.ref : ""}.`);
      const saved = unwrapAction(await saveVariantAsVersion({ id: assistant.id, note: `From compare: ${title}`, from: from as never }));
      const made = saved.version !== assistant.version;
      setSaving({ pending: false, message: made ? `Saved as version ${saved.version}.` : `No change: this is version ${saved.version}.` });
      onSaved(saved, made);
    } catch (error) {
      setSaving({ pending: false, message: (error as Error).message });
    }
  }

  function renderItem(item: TimelineItem) {
    if (item.kind === "message") {
      return <ChatMessageView message={item.message} responseFormat={chat.responseFormatOf(item.message.runId)} selected={false} onSelectRun={noop} />;
    }
    return (
      <RunItems
        kind={item.kind}
        runId={item.runId}
        chat={chat}
        tools={assistant.tools}
        mockOutputs={assistant.mock_outputs}
        canEdit={canEdit}
        drafts={toolDrafts}
        onDraftChange={(callId, draft) => setToolDrafts((before) => ({ ...before, [callId]: draft }))}
        body={body}
        onError={setSendError}
        onInspect={() => threadId && window.open(`/assistants/${assistant.id}/playground?thread=${threadId}`, "_blank", "noopener")}
      />
    );
  }

  return (
    <section aria-label={`Column ${index}`} className="flex h-[34rem] min-h-0 min-w-0 flex-col overflow-hidden rounded-xl border bg-card shadow-xs xl:h-auto">
      {/* The header scrolls on its own when open overrides would squeeze the chat away. */}
      <header className="flex max-h-[60%] shrink-0 flex-col gap-2 overflow-y-auto border-b px-3 py-2">
        <div className="flex items-center justify-between gap-2">
          <h2 className="truncate text-sm font-semibold" title={title}>
            {index}. {title}
          </h2>
          <div className="flex shrink-0 items-center gap-1">
            {threadId ? <ThreadExport threadId={threadId} /> : null}
            {onRemove ? (
              <Button variant="ghost" size="sm" className="h-7 px-2" aria-label={`Remove column ${index}`} disabled={chat.busy} onClick={onRemove}>
                ✕
              </Button>
            ) : null}
          </div>
        </div>
        <VariantPicker index={index} assistant={assistant} variant={variant} onChange={onVariantChange} versions={versions} labels={labels} disabled={chat.busy} />
        <ColumnMetricsView metrics={metrics} />
      </header>
      {chat.messages.isError ? (
        <div role="alert" className="flex flex-1 flex-col items-center justify-center gap-2 p-4 text-center text-sm text-destructive">
          <p>This column&apos;s thread could not be read: {chat.messages.error.message}</p>
          <Button size="sm" variant="outline" onClick={() => setThreadId(null)}>
            Start a new thread
          </Button>
        </div>
      ) : chat.items.length === 0 ? (
        <div className="flex flex-1 items-center justify-center p-4 text-center text-sm text-muted-foreground">{threadId ? "Loading…" : "The message you send goes to every column."}</div>
      ) : (
        <ChatTimeline
          items={chat.items}
          renderItem={renderItem}
          hasOlder={Boolean(chat.messages.hasNextPage)}
          loadingOlder={chat.messages.isFetchingNextPage}
          onLoadOlder={() => void chat.messages.fetchNextPage()}
          resetKey={threadId ?? ""}
          label={`Conversation of column ${index}`}
          scrollerRef={(element) => {
            scroller.current = element;
          }}
          onScrolled={(element) => onScrolled(columnKey, element)}
        />
      )}
      {sendError || startError ? (
        <p role="alert" className="border-t px-3 py-2 text-sm text-destructive">
          {sendError ?? startError}
        </p>
      ) : null}
      {canEdit ? (
        <footer className="flex flex-wrap items-center gap-2 border-t px-3 py-2">
          <Button size="sm" variant="outline" disabled={saving.pending || invalid} onClick={() => void save()}>
            {saving.pending ? "Saving…" : "Save as new version"}
          </Button>
          {threadId ? (
            <a href={`/assistants/${assistant.id}/playground?thread=${threadId}`} target="_blank" rel="noopener" className="text-xs text-muted-foreground underline underline-offset-2">
              Open in playground
            </a>
          ) : null}
          <span role="status" className="text-xs text-muted-foreground">
            {saving.message}
          </span>
        </footer>
      ) : null}
    </section>
  );
}

