"use client";

import { useRef, useState } from "react";
import { AttachmentPicker, type AttachedFile } from "@/components/playground/attachment-picker";
import { MessageMetadata } from "@/components/playground/message-metadata";
import { Button } from "@/components/ui/button";
import { checkMetadataRows, type MetadataRow } from "@/lib/assistants/metadata-rows";
import { MESSAGE_LIMITS } from "@/lib/messages/limits";
import { cn } from "@/components/ui/cn";
import { InlineError } from "@/components/ui/inline-error";

// The message box: Enter sends, Shift+Enter is a new line (IME composition is left alone), and the
// send button becomes Stop while a run streams. A run waiting for tool outputs is stopped by the
// chat's "Cancel run" beside its calls, so here Send only waits, disabled. Metadata for the
// message and its attached files sit in popovers; attached files show as chips above the box.

type Props = {
  disabled: boolean;
  disabledReason?: string;
  running: boolean;
  /** A run holds the thread without streaming (waiting for tool outputs): nothing can be sent. */
  held: boolean;
  /** Stop is offered once the run has a name to cancel (not in the moment before it is created). */
  canStop: boolean;
  onSend: (text: string, metadata: Record<string, string>, attachments: AttachedFile[]) => Promise<boolean>;
  onStop: () => void;
  /** What the send is doing now, when it takes a while (indexing attached files). */
  progress?: string | null;
};

export function Composer({ disabled, disabledReason, running, held, canStop, onSend, onStop, progress }: Props) {
  const [text, setText] = useState("");
  // A second Enter can land before the first send re-renders as "running": this guard is synchronous.
  const sending = useRef(false);
  const [rows, setRows] = useState<MetadataRow[]>([{ key: "", value: "" }]);
  const [attached, setAttached] = useState<AttachedFile[]>([]);
  const check = checkMetadataRows(rows);
  const { metadata, summary: problem } = check;
  const canSend = !disabled && !running && !held && text.trim().length > 0 && !problem;

  async function send() {
    if (!canSend || sending.current) return;
    sending.current = true;
    try {
      if (await onSend(text, metadata, attached)) {
        setText("");
        setRows([{ key: "", value: "" }]);
        setAttached([]);
      }
    } finally {
      sending.current = false;
    }
  }

  return (
    <form
      className="flex flex-col gap-2 border-t bg-background p-3"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {problem ? (
        <InlineError size="xs">
          {problem}
        </InlineError>
      ) : null}
      {attached.length ? (
        <ul aria-label="Files to attach" className="flex flex-wrap gap-1.5">
          {attached.map((file) => (
            <li key={file.id} className="inline-flex max-w-full items-center gap-1 rounded-md bg-secondary px-2 py-0.5 text-xs" title={file.id}>
              <span className="truncate">{file.filename}</span>
              <button type="button" aria-label={`Remove ${file.filename}`} className="text-muted-foreground hover:text-foreground" onClick={() => setAttached((all) => all.filter((other) => other.id !== file.id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {progress ? (
        <p role="status" className="text-xs text-muted-foreground">
          {progress}
        </p>
      ) : null}
      <div className="flex items-end gap-2">
        <label htmlFor="playground-message" className="sr-only">
          Message
        </label>
        <textarea
          id="playground-message"
          rows={2}
          value={text}
          disabled={disabled}
          placeholder={disabled ? disabledReason : "Message the assistant (Enter to send, Shift+Enter for a new line)"}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              void send();
            }
          }}
          className={cn("max-h-48 min-h-[2.75rem] flex-1 resize-y rounded-lg border bg-background px-3 py-2 text-sm shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring/40 disabled:opacity-60")}
        />
        <div className="flex flex-col gap-1">
          <div className="flex">
            <AttachmentPicker
              attached={attached}
              max={MESSAGE_LIMITS.attachments}
              disabled={disabled}
              // Uploads finish in any order, and late: the list may have changed meanwhile.
              onAdd={(file) => setAttached((all) => (all.some((other) => other.id === file.id) || all.length >= MESSAGE_LIMITS.attachments ? all : [...all, file]))}
            />
            <MessageMetadata rows={rows} onChange={setRows} check={check} />
          </div>
          {running ? (
            // aria-disabled, not disabled: focus stays on the button while the run winds down.
            <Button variant="outline" onClick={() => canStop && onStop()} aria-disabled={!canStop}>
              Stop
            </Button>
          ) : (
            <Button type="submit" disabled={!canSend} title={held ? "Answer or cancel the tool calls first" : undefined}>
              Send
            </Button>
          )}
        </div>
      </div>
    </form>
  );
}
