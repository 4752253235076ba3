"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

// The message box: Enter sends, Shift+Enter is a new line (IME composition is left alone), and the
// send button becomes Stop while a run streams. Metadata for the message sits behind "Advanced".

type Props = {
  disabled: boolean;
  disabledReason?: string;
  running: boolean;
  /** Stop is offered once the run has a name to cancel (not in the moment before it is created). */
  canStop: boolean;
  onSend: (text: string, metadata: Record<string, string>) => Promise<boolean>;
  onStop: () => void;
};

type Row = { key: string; value: string };

function metadataOf(rows: Row[]): { metadata: Record<string, string>; problem: string | null } {
  const metadata: Record<string, string> = {};
  for (const { key, value } of rows) {
    if (!key.trim() && !value) continue;
    if (!key.trim()) return { metadata, problem: "Every metadata value needs a key." };
    if (key.length > 64) return { metadata, problem: `Key "${key.slice(0, 20)}…" is over 64 characters.` };
    if (value.length > 512) return { metadata, problem: `The value of "${key}" is over 512 characters.` };
    metadata[key.trim()] = value;
  }
  if (Object.keys(metadata).length > 16) return { metadata, problem: "At most 16 metadata keys." };
  return { metadata, problem: null };
}

export function Composer({ disabled, disabledReason, running, canStop, onSend, onStop }: Props) {
  const [text, setText] = useState("");
  // A second Enter can land before the first send re-renders as "running": this guard is synchronous.
  const sending = useRef(false);
  const [advanced, setAdvanced] = useState(false);
  const [rows, setRows] = useState<Row[]>([{ key: "", value: "" }]);
  const { metadata, problem } = metadataOf(rows);
  const canSend = !disabled && !running && text.trim().length > 0 && !problem;

  async function send() {
    if (!canSend || sending.current) return;
    sending.current = true;
    try {
      if (await onSend(text, metadata)) {
        setText("");
        setRows([{ key: "", value: "" }]);
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
      {advanced ? (
        <fieldset className="flex flex-col gap-1.5 rounded-lg border p-2.5">
          <legend className="px-1 text-xs font-medium text-muted-foreground">Message metadata</legend>
          {rows.map((row, index) => (
            <div key={index} className="flex gap-1.5">
              <input aria-label={`Metadata key ${index + 1}`} placeholder="key" value={row.key} onChange={(e) => setRows(rows.map((r, i) => (i === index ? { ...r, key: e.target.value } : r)))} className="h-8 w-40 rounded-md border bg-background px-2 font-mono text-xs" />
              <input aria-label={`Metadata value ${index + 1}`} placeholder="value" value={row.value} onChange={(e) => setRows(rows.map((r, i) => (i === index ? { ...r, value: e.target.value } : r)))} className="h-8 min-w-0 flex-1 rounded-md border bg-background px-2 font-mono text-xs" />
            </div>
          ))}
          <div className="flex items-center justify-between">
            <Button variant="ghost" size="sm" onClick={() => setRows([...rows, { key: "", value: "" }])} disabled={rows.length >= 16}>
              Add metadata
            </Button>
            {problem ? <p role="alert" className="text-xs text-destructive">{problem}</p> : null}
          </div>
        </fieldset>
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
          <Button variant="ghost" size="sm" aria-expanded={advanced} onClick={() => setAdvanced(!advanced)}>
            Advanced
          </Button>
          {running ? (
            <Button variant="outline" onClick={onStop} disabled={!canStop}>
              Stop
            </Button>
          ) : (
            <Button type="submit" disabled={!canSend}>
              Send
            </Button>
          )}
        </div>
      </div>
    </form>
  );
}
