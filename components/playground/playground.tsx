"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { FunctionTool } from "@/lib/assistants/tools";
import type { AssistantObject } from "@/lib/assistants/wire";
import { DEFAULT_RUN_OPTIONS, draftOf, runOptionProblems, runRequestBody, type AssistantDraft, type RunOptions } from "@/lib/playground/run-options";
import type { TimelineItem } from "@/lib/playground/timeline";
import type { OutputDraft } from "@/lib/playground/tool-outputs";
import type { MessageObject } from "@/lib/messages/wire";
import type { RunObject } from "@/lib/runs/wire";
import type { ListObject } from "@/lib/wire";
import { AssistantPanel } from "@/components/playground/assistant-panel";
import { ChatMessageView } from "@/components/playground/chat-message";
import { ChatTimeline } from "@/components/playground/chat-timeline";
import { DetailsPanel, type DetailsTab } from "@/components/playground/details-panel";
import { Composer } from "@/components/playground/composer";
import { RunInspector } from "@/components/playground/run-inspector";
import { RunOptionsBar } from "@/components/playground/run-options-bar";
import { ThreadSidebar } from "@/components/playground/thread-sidebar";
import { RunItems } from "@/components/playground/run-items";
import { ThreadExport } from "@/components/playground/thread-export";
import { SaveAsTest } from "@/components/playground/save-as-test";
import { usePlaygroundChat } from "@/components/playground/use-playground-chat";
import { useStoredFlag } from "@/components/playground/use-stored-flag";
import { Alert } from "@/components/ui/alert";
import Link from "next/link";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ChevronLeftIcon, ChevronRightIcon } from "@/components/ui/icons";

// The playground: threads on the left, the chat in the middle (the widest column), the Run
// inspector and the Assistant tab on the right, in a panel that folds away (remembered per
// browser). The thread is in the URL (?thread=), so a reload or a shared link opens it.

/** The open thread as the server read it with the page (`readAt`: when, in ms since the epoch). */
export type InitialThread = { threadId: string; readAt: number; messages: ListObject<MessageObject>; latestRun: RunObject | null };

type Props = { assistant: AssistantObject; initial: InitialThread | null; threadMissing: boolean; canEdit: boolean };

export function Playground({ assistant: initialAssistant, initial, threadMissing, canEdit }: Props) {
  const [assistant, setAssistant] = useState(initialAssistant);
  const [draft, setDraft] = useState<AssistantDraft>(() => draftOf(initialAssistant));
  const [options, setOptions] = useState<RunOptions>(DEFAULT_RUN_OPTIONS);
  const [threadId, setThreadIdState] = useState(initial?.threadId ?? null);
  const [tab, setTab] = useState<DetailsTab>("inspector");
  const [threadsOpen, setThreadsOpen] = useState(false);
  const [detailsOpen, setDetailsOpen] = useStoredFlag("atelier.playground.details-open", true);
  // One live region for every message's copy button (a long thread would otherwise hold hundreds).
  const [announcement, setAnnouncement] = useState("");
  const [selectedRunId, setSelectedRunId] = useState<string | null>(null);
  // Tool-output drafts by call id: kept here, since a long thread's rows unmount off screen.
  const [toolDrafts, setToolDrafts] = useState<Record<string, OutputDraft>>({});
  const [sendError, setSendError] = useState<string | null>(threadMissing ? "That thread no longer exists (it was deleted, or the link is wrong). Send a message to start a new one." : null);

  const setThreadId = useCallback((id: string | null) => {
    setThreadIdState(id);
    setSelectedRunId(null);
    setSendError(null);
    const url = new URL(window.location.href);
    if (id) url.searchParams.set("thread", id);
    else url.searchParams.delete("thread");
    window.history.replaceState(null, "", url);
  }, []);

  const chat = usePlaygroundChat(initialAssistant.id, threadId, setThreadId, initial);
  const functionNames = assistant.tools.filter((tool): tool is FunctionTool => tool.type === "function").map((tool) => tool.function.name);
  const body = () => runRequestBody(assistant, draft, options);
  const optionsInvalid = Object.keys(runOptionProblems(options)).length > 0;
  const inspectedRunId = selectedRunId ?? chat.liveRunId;
  // A run refused before it had an id has no line in the chat to say so: it is said under the chat.
  const startError = chat.liveRunId ? null : chat.connection.error;
  const setToolDraft = useCallback((callId: string, value: OutputDraft) => setToolDrafts((before) => ({ ...before, [callId]: value })), []);

  // Stable wrappers over the latest closures: message rows are memoized and must not re-render per token.
  const latest = useRef({ chat, body, canEdit });
  useEffect(() => {
    latest.current = { chat, body, canEdit };
  });
  const editMessage = useCallback(async (messageId: string, text: string) => {
    const { chat: current, body: makeBody } = latest.current;
    return current.editAndResend(messageId, text, {}, makeBody());
  }, []);
  const laterCount = useCallback((messageId: string) => latest.current.chat.laterThan(messageId).length, []);

  const inspect = useCallback(
    (runId: string) => {
      setSelectedRunId(runId);
      setTab("inspector");
      setDetailsOpen(true);
    },
    [setDetailsOpen],
  );

  function renderItem(item: TimelineItem) {
    if (item.kind === "message") {
      return (
        <ChatMessageView
          message={item.message}
          responseFormat={chat.responseFormatOf(item.message.runId)}
          selected={selectedRunId !== null && item.message.runId === selectedRunId}
          onSelectRun={inspect}
          onEdit={canEdit && !chat.busy ? editMessage : undefined}
          laterCount={laterCount}
          onCopied={setAnnouncement}
        />
      );
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
        onDraftChange={setToolDraft}
        body={body}
        onError={setSendError}
        onInspect={inspect}
      />
    );
  }

  return (
    <div
      className={cn(
        "grid h-[calc(100dvh-8rem)] min-h-[32rem] grid-cols-1 gap-3",
        detailsOpen ? "lg:grid-cols-[minmax(0,1fr)_20rem] xl:grid-cols-[13rem_minmax(0,1fr)_21rem] 2xl:grid-cols-[15rem_minmax(0,1fr)_24rem]" : "xl:grid-cols-[13rem_minmax(0,1fr)] 2xl:grid-cols-[15rem_minmax(0,1fr)]",
      )}
    >
      {/* Below xl the threads fold away behind the chat header's "Threads" button, above the chat. */}
      <div id="playground-threads" className={cn("col-span-full max-h-80 min-h-0 flex-col xl:col-span-1 xl:flex xl:max-h-none", threadsOpen ? "flex" : "hidden")}>
        <ThreadSidebar
          assistantId={assistant.id}
          selectedId={threadId}
          onSelect={(id) => {
            setThreadId(id);
            setThreadsOpen(false);
          }}
          onNew={() => {
            setThreadId(null);
            setThreadsOpen(false);
          }}
          canEdit={canEdit}
        />
      </div>
      <section aria-label="Chat" className="flex min-h-0 flex-col overflow-hidden rounded-xl border bg-card shadow-xs">
        {/* The buttons wrap under the name rather than squeeze it to nothing in a narrow chat. */}
        <header className="flex flex-wrap items-center justify-between gap-x-2 gap-y-1 border-b px-4 py-2">
          <div className="min-w-32 flex-1">
            <h2 className="truncate text-sm font-semibold">{assistant.name ?? "Untitled assistant"}</h2>
            <p className="truncate font-mono text-xs text-muted-foreground">{options.model.trim() || draft.model}</p>
          </div>
          <div className="flex items-center gap-1">
            <Button variant="ghost" size="sm" className="xl:hidden" aria-expanded={threadsOpen} aria-controls="playground-threads" onClick={() => setThreadsOpen(!threadsOpen)}>
              Threads
            </Button>
            {threadId ? <ThreadExport threadId={threadId} /> : null}
            {threadId && canEdit ? <SaveAsTest assistantId={assistant.id} threadId={threadId} disabled={chat.busy} /> : null}
            <Link href={`/assistants/${assistant.id}/compare`} className={buttonClasses({ variant: "ghost", size: "sm" })} title="Try up to four variants side by side">
              Compare
            </Link>
            <Button variant="ghost" size="sm" aria-expanded={detailsOpen} aria-controls="playground-details" title={detailsOpen ? "Hide the run inspector and assistant settings" : "Show the run inspector and assistant settings"} onClick={() => setDetailsOpen(!detailsOpen)}>
              {detailsOpen ? <ChevronRightIcon aria-hidden="true" className="size-4" /> : <ChevronLeftIcon aria-hidden="true" className="size-4" />}
              Details
            </Button>
          </div>
        </header>
        {chat.messages.isError ? (
          <div className="p-4">
            <Alert variant="destructive" title="Could not load the thread">{chat.messages.error.message}</Alert>
          </div>
        ) : null}
        {chat.items.length === 0 && !chat.messages.isLoading ? (
          <div className="flex flex-1 items-center justify-center p-6 text-center text-sm text-muted-foreground">{threadId ? "This thread has no messages yet." : "Send a message to start a new thread."}</div>
        ) : (
          <ChatTimeline
            items={chat.items}
            renderItem={renderItem}
            hasOlder={Boolean(chat.messages.hasNextPage)}
            loadingOlder={chat.messages.isFetchingNextPage}
            onLoadOlder={() => void chat.messages.fetchNextPage()}
            resetKey={threadId ?? ""}
          />
        )}
        {sendError || startError ? (
          <div role="alert" className="flex items-center gap-2 border-t px-4 py-2 text-sm text-destructive">
            <span>{sendError ?? startError}</span>
            {!sendError && canEdit ? (
              <Button size="sm" variant="outline" className="h-7" disabled={chat.busy} onClick={() => void chat.rerun(null, body()).then(setSendError)}>
                Retry
              </Button>
            ) : null}
          </div>
        ) : null}
        <span role="status" className="sr-only">
          {announcement}
        </span>
        <RunOptionsBar options={options} onChange={setOptions} functionNames={functionNames} />
        <Composer
          disabled={!canEdit || optionsInvalid}
          disabledReason={!canEdit ? "Viewers can read threads but not send messages." : "Fix the run options first."}
          // Waiting for tool outputs is not streaming: the chat's "Cancel run" ends that, not Stop.
          running={canEdit && chat.busy && chat.liveRun?.status !== "requires_action"}
          held={chat.busy}
          canStop={chat.stoppable !== null}
          onStop={() => void chat.stop().then((error) => setSendError(error))}
          progress={chat.notice}
          onSend={async (text, metadata, attachments) => {
            const error = await chat.send(text, metadata, body(), attachments);
            setSendError(error);
            return error === null;
          }}
        />
      </section>
      <DetailsPanel
        id="playground-details"
        hidden={!detailsOpen}
        tab={tab}
        onTab={setTab}
        inspector={threadId ? <RunInspector store={chat.store} threadId={threadId} runId={inspectedRunId} canEdit={canEdit} /> : <p className="p-3 text-sm text-muted-foreground">Send a message to see what the run did.</p>}
        assistant={
          <AssistantPanel
            assistant={assistant}
            draft={draft}
            onChange={setDraft}
            onSaved={(saved) => {
              setAssistant(saved);
              setDraft(draftOf(saved));
            }}
            canEdit={canEdit}
          />
        }
      />
    </div>
  );
}
