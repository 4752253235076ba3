"use client";

import { memo, useMemo, useState } from "react";
import type { ResponseFormat } from "@/lib/assistants/schema";
import { citeText, type FileCitationAnnotation } from "@/lib/playground/citations";
import { fileDownloadUrl, linkFilePaths, type LinkedText } from "@/lib/playground/file-links";
import { parseJsonReply, expectsJson } from "@/lib/playground/json-reply";
import type { ChatMessage } from "@/lib/playground/timeline";
import { useResourceNames } from "@/components/files/use-picker-data";
import { CitationContext, CitationDialog, FootnoteList } from "@/components/playground/citations";
import { JsonReply, NotJsonBadge } from "@/components/playground/json-reply";
import { Markdown } from "@/components/playground/markdown";
import { MessageEdit } from "@/components/playground/message-edit";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";

// One message of the chat. Memoized: while a reply streams, only its own bubble re-renders.

type Props = {
  message: ChatMessage;
  responseFormat: ResponseFormat | null;
  selected: boolean;
  onSelectRun: (runId: string) => void;
  /** Edit and resend (user messages, editors, no run going); stable across renders. */
  onEdit?: (messageId: string, text: string) => Promise<string | null>;
  /** How many messages follow this one (what an edit removes). */
  laterCount?: (messageId: string) => number;
  /** Says the copy's outcome in the chat's one live region; stable across renders. */
  onCopied?: (announcement: string) => void;
};

const INCOMPLETE_REASONS: Record<string, string> = {
  run_cancelled: "stopped",
  max_tokens: "hit the token limit",
  run_failed: "the run failed",
  run_expired: "the run expired",
};

/** The names of the files attached to a message (looked up: the message holds only their ids). */
function Attachments({ fileIds }: { fileIds: string[] }) {
  const names = useResourceNames(fileIds, []);
  return (
    <ul aria-label="Attached files" className="mt-1.5 flex flex-wrap justify-end gap-1">
      {fileIds.map((id) => (
        <li key={id} title={id} className="max-w-full truncate rounded bg-primary-foreground/15 px-1.5 py-0.5 text-xs">
          {names.files.get(id)?.filename ?? id}
        </li>
      ))}
    </ul>
  );
}

/** The image_file parts of a message (charts the code drew), shown through the console's download route. */
function Images({ fileIds, whose }: { fileIds: string[]; whose: string }) {
  return (
    <ul aria-label="Images" className="mt-2 flex flex-col gap-2">
      {fileIds.map((fileId, index) => (
        <li key={`${fileId}-${index}`}>
          {/* eslint-disable-next-line @next/next/no-img-element -- a workspace file behind the session: next/image's optimizer would fetch it without one. */}
          <img src={fileDownloadUrl(fileId, true)} alt={`Image ${index + 1} in ${whose}`} loading="lazy" className="max-h-96 max-w-full rounded-md border bg-white" />
        </li>
      ))}
    </ul>
  );
}

/** Citation offsets moved past the file links' tokens (both kinds annotate the same text). */
const shiftedCitations = (citations: readonly FileCitationAnnotation[], linked: LinkedText) =>
  linked.links.length ? citations.map((citation) => ({ ...citation, start_index: linked.shift(citation.start_index), end_index: linked.shift(citation.end_index) })) : citations;

/** A reply with file citations: numbered references in the text, footnotes under it, each opening what it quotes. */
function CitedReply({ message, linked }: { message: ChatMessage; linked: LinkedText }) {
  const cited = useMemo(() => citeText(linked.text, shiftedCitations(message.citations, linked)), [linked, message.citations]);
  const [open, setOpen] = useState<number | null>(null);
  const context = useMemo(() => ({ footnotes: cited.footnotes, open: setOpen }), [cited.footnotes]);
  return (
    <CitationContext value={context}>
      <Markdown text={cited.text} citing fileLinks={linked.links.length ? linked.links : undefined} />
      <FootnoteList footnotes={cited.footnotes} onOpen={setOpen} />
      <CitationDialog footnote={open === null ? null : (cited.footnotes[open - 1] ?? null)} threadId={message.threadId} runId={message.runId} onClose={() => setOpen(null)} />
    </CitationContext>
  );
}

function MessageBody({ message, responseFormat }: Pick<Props, "message" | "responseFormat">) {
  if (message.role === "user") {
    return (
      <>
        <p className="text-sm whitespace-pre-wrap">{message.text}</p>
        {message.images.length ? <Images fileIds={message.images} whose="your message" /> : null}
        {message.attachments.length ? <Attachments fileIds={message.attachments} /> : null}
      </>
    );
  }
  return (
    <>
      <ReplyText message={message} responseFormat={responseFormat} />
      {message.images.length ? <Images fileIds={message.images} whose="the reply" /> : null}
    </>
  );
}

function ReplyText({ message, responseFormat }: Pick<Props, "message" | "responseFormat">) {
  const complete = message.status !== "in_progress";
  const isJson = useMemo(() => parseJsonReply(message.text) !== null, [message.text]);
  // Links to the files the run's code wrote: `sandbox:/mnt/data/…` spans become the console's downloads.
  const linked = useMemo(() => linkFilePaths(message.text, message.filePaths), [message.text, message.filePaths]);
  if (isJson) return <JsonReply text={message.text} responseFormat={responseFormat} complete={complete} />;
  // JSON still streaming does not parse yet: show it as a JSON code block until it does.
  if (!complete && expectsJson(responseFormat) && /^\s*[[{]/.test(message.text)) return <Markdown text={"```json\n" + message.text} />;
  if (message.citations.length) return <CitedReply message={message} linked={linked} />;
  return (
    <>
      <Markdown text={linked.text} fileLinks={linked.links.length ? linked.links : undefined} />
      {complete && message.text && expectsJson(responseFormat) ? <NotJsonBadge className="mt-2" /> : null}
    </>
  );
}

export const ChatMessageView = memo(function ChatMessageView({ message, responseFormat, selected, onSelectRun, onEdit, laterCount, onCopied }: Props) {
  const [editing, setEditing] = useState(false);
  const isUser = message.role === "user";
  const streaming = message.status === "in_progress";
  if (editing && onEdit) {
    return (
      <div className="flex justify-end py-2">
        <MessageEdit initial={message.text} countLater={() => laterCount?.(message.id) ?? 0} onCancel={() => setEditing(false)} onResend={(text) => onEdit(message.id, text)} />
      </div>
    );
  }
  return (
    <article
      aria-label={isUser ? "Your message" : "Assistant reply"}
      aria-busy={streaming}
      data-status={message.status}
      className={cn("group flex flex-col gap-1 py-2", isUser ? "items-end" : "items-start")}
    >
      <div
        className={cn(
          "max-w-[85%] min-w-0 rounded-xl px-3.5 py-2.5",
          isUser ? "bg-primary text-primary-foreground" : "border bg-card",
          selected && "ring-2 ring-ring/40",
        )}
      >
        {message.text || message.images.length || !streaming ? <MessageBody message={message} responseFormat={responseFormat} /> : <span className="text-sm text-muted-foreground">Thinking…</span>}
        {streaming && message.text ? <span aria-hidden className="ml-0.5 inline-block h-4 w-1.5 animate-pulse rounded-sm bg-foreground/60 align-text-bottom" /> : null}
      </div>
      <div className="flex items-center gap-1.5 text-xs text-muted-foreground">
        {message.status === "incomplete" ? (
          <Badge variant="outline">Incomplete{message.incompleteReason ? ` · ${INCOMPLETE_REASONS[message.incompleteReason] ?? message.incompleteReason}` : ""}</Badge>
        ) : null}
        {Object.keys(message.metadata).length ? <Badge variant="outline" title={JSON.stringify(message.metadata)}>metadata</Badge> : null}
        {message.runId && !isUser ? (
          <button type="button" onClick={() => onSelectRun(message.runId!)} className="rounded px-1 font-mono text-[0.6875rem] hover:bg-accent hover:text-accent-foreground" aria-label={`Inspect run ${message.runId}`}>
            {message.runId}
          </button>
        ) : null}
        {isUser && onEdit ? (
          <button type="button" onClick={() => setEditing(true)} className="rounded px-1 hover:bg-accent hover:text-accent-foreground" aria-label="Edit and resend">
            Edit
          </button>
        ) : null}
        {message.text ? <CopyButton text={message.text} label="message" onResult={onCopied} /> : null}
      </div>
    </article>
  );
});
