"use client";

import { useState } from "react";
import { HighlightedCode } from "@/components/playground/highlighted-code";
import type { ToolCallCardState } from "@/components/playground/tool-call-card";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { formatBytes } from "@/lib/files/format";
import { foldLogs, formatDuration, type CodeCallView, type CodeFile } from "@/lib/playground/code-calls";
import { fileDownloadUrl } from "@/lib/playground/file-links";
import type { StreamedToolCall } from "@/lib/playground/live-run-view";

// A code_interpreter call in the chat (issue 23): Atelier ran the model's Python in its sandbox, so
// there is nothing to answer; the card shows the code (highlighted, growing while it streams), what
// it printed, the images it showed, the files it wrote to /mnt/data (each a download), which
// sandbox ran it and for how long. Images and files come through the console's download route
// (app/(console)/files/[file_id]/download), with this page's session.

const SPINNER = "inline-block size-3 animate-spin rounded-full border-2 border-current border-r-transparent motion-reduce:animate-none";

/** The call's view (callsOfStep builds it; a call from elsewhere has only its code and logs). */
const codeOf = (call: StreamedToolCall): CodeCallView =>
  call.code ?? { input: call.arguments, logs: call.output, images: [], files: [], sandbox: null, durationMs: null, ran: call.output !== null };

type Status = { label: string; variant: "neutral" | "outline" | "success" | "destructive"; running?: boolean };

function statusOf(code: CodeCallView, state: ToolCallCardState): Status {
  if (code.ran) return { label: code.durationMs === null ? "Ran" : `Ran in ${formatDuration(code.durationMs)}`, variant: "success" };
  // No outputs yet while its run goes on: it is running (or still being written by the model).
  if (state === "submitted" || state === "submitting" || state === "waiting") return { label: "Running…", variant: "neutral", running: true };
  if (state === "cancelled") return { label: "Cancelled", variant: "neutral" };
  if (state === "expired") return { label: "Expired", variant: "destructive" };
  return { label: "No output", variant: "outline" };
}

const SANDBOX_TITLES: Record<string, string> = {
  pyodide: "Ran in the pyodide sandbox: CPython in WebAssembly, standard library only",
  bwrap: "Ran in the bwrap sandbox: the system's Python under bubblewrap",
};

function Logs({ logs }: { logs: string }) {
  const [open, setOpen] = useState(false);
  const folded = open ? null : foldLogs(logs);
  return (
    <figure className="flex min-w-0 flex-col gap-1.5">
      <figcaption className="text-xs font-medium text-muted-foreground">Output</figcaption>
      {/* Focusable so keyboard users can scroll a long output. */}
      <pre tabIndex={0} className="max-h-80 overflow-auto rounded-md border bg-code px-3 py-2 text-[0.8125rem] leading-relaxed whitespace-pre-wrap">
        <code className={cn("font-mono", !logs && "text-muted-foreground italic")}>{folded ? folded.head : logs || "(nothing printed)"}</code>
      </pre>
      {folded || open ? (
        <Button variant="ghost" size="sm" className="self-start" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? "Fold the output" : `Show all output (${folded!.hiddenLines} more line${folded!.hiddenLines === 1 ? "" : "s"})`}
        </Button>
      ) : null}
    </figure>
  );
}

/** One image the code showed, inline; if the browser cannot show it, a link to download it instead. */
function CodeImage({ fileId, alt }: { fileId: string; alt: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <a href={fileDownloadUrl(fileId)} className="text-sm underline underline-offset-2">
        {alt} could not be shown: download it
      </a>
    );
  }
  return (
    <a href={fileDownloadUrl(fileId, true)} target="_blank" rel="noopener" className="block w-fit max-w-full">
      {/* eslint-disable-next-line @next/next/no-img-element -- a workspace file behind the session: next/image's optimizer would fetch it without one. */}
      <img src={fileDownloadUrl(fileId, true)} alt={alt} loading="lazy" onError={() => setFailed(true)} className="max-h-96 max-w-full rounded-md border bg-white" />
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}

function Files({ files }: { files: CodeFile[] }) {
  return (
    <section aria-label="Files from the code" className="flex min-w-0 flex-col gap-1.5">
      <h4 className="text-xs font-medium text-muted-foreground">Files written to /mnt/data</h4>
      <ul className="flex flex-col gap-1">
        {files.map((file) => (
          <li key={file.fileId} className="flex min-w-0 items-baseline gap-2 text-sm">
            <a href={fileDownloadUrl(file.fileId)} download={file.filename} title={file.path || file.filename} className="min-w-0 truncate font-medium underline underline-offset-2 hover:text-muted-foreground">
              {file.filename}
            </a>
            {file.bytes !== null ? <span className="shrink-0 text-xs text-muted-foreground tabular-nums">{formatBytes(file.bytes)}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CodeCallCard({ call, label, state }: { call: StreamedToolCall; label: string; state: ToolCallCardState }) {
  const code = codeOf(call);
  const status = statusOf(code, state);
  return (
    <article aria-label={`Tool call ${label}`} aria-busy={status.running ?? false} className="flex min-w-0 flex-col gap-3 rounded-lg border bg-card p-3 text-card-foreground">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 items-baseline gap-2">
          <span className="truncate font-mono text-sm font-medium">{call.name}</span>
          <span className="truncate font-mono text-xs text-muted-foreground">{call.id}</span>
        </div>
        <div className="flex items-center gap-1.5">
          {code.sandbox ? (
            <Badge variant="outline" mono title={SANDBOX_TITLES[code.sandbox] ?? `Ran in the ${code.sandbox} sandbox`} aria-label={`Sandbox: ${code.sandbox}`}>
              {code.sandbox}
            </Badge>
          ) : null}
          <Badge variant={status.variant} role={status.running ? "status" : undefined}>
            {status.running ? <span aria-hidden="true" className={SPINNER} /> : null}
            {status.label}
          </Badge>
        </div>
      </header>

      <figure className="flex min-w-0 flex-col gap-1.5">
        <figcaption className="text-xs font-medium text-muted-foreground">Code (Python)</figcaption>
        <HighlightedCode code={code.input} language="python" className="max-h-64 px-3 py-2 text-[0.8125rem]" />
      </figure>

      {code.logs !== null ? <Logs logs={code.logs} /> : null}

      {code.images.length ? (
        <ul aria-label="Images from the code" className="flex flex-col gap-2">
          {code.images.map((fileId, index) => (
            <li key={`${fileId}-${index}`}>
              <CodeImage fileId={fileId} alt={`Chart ${index + 1} from the code`} />
            </li>
          ))}
        </ul>
      ) : null}

      {code.files.length ? <Files files={code.files} /> : null}
    </article>
  );
}

/** A code_interpreter call in the run inspector's steps: its code and logs, what it drew and wrote as links. */
export function CodeCallDetails({ call }: { call: StreamedToolCall }) {
  const code = codeOf(call);
  const facts = [code.sandbox ? `${code.sandbox} sandbox` : null, code.durationMs !== null ? formatDuration(code.durationMs) : null].filter(Boolean).join(" · ");
  return (
    <li className="flex flex-col gap-1" aria-label={`code_interpreter call ${call.id}`}>
      <div className="flex min-w-0 items-baseline gap-2">
        <span className="font-mono text-xs font-medium">code_interpreter</span>
        <span className="truncate font-mono text-[0.6875rem] text-muted-foreground">{call.id}</span>
        {facts ? <span className="ml-auto shrink-0 text-[0.6875rem] text-muted-foreground tabular-nums">{facts}</span> : null}
      </div>
      <span className="text-[0.6875rem] text-muted-foreground">Code</span>
      <HighlightedCode code={code.input} language="python" className="max-h-60 px-2 py-1.5 text-[0.6875rem] break-words whitespace-pre-wrap" />
      <span className="text-[0.6875rem] text-muted-foreground">Logs</span>
      {code.logs === null ? (
        <p className="text-xs text-muted-foreground italic">No logs yet.</p>
      ) : (
        <pre tabIndex={0} className="max-h-60 overflow-auto rounded-md border bg-code px-2 py-1.5 font-mono text-[0.6875rem] leading-relaxed break-words whitespace-pre-wrap">
          {code.logs || "(nothing printed)"}
        </pre>
      )}
      {code.images.length ? (
        <p className="text-xs">
          <span className="text-muted-foreground">{code.images.length === 1 ? "1 image: " : `${code.images.length} images: `}</span>
          {code.images.map((fileId, index) => (
            <span key={`${fileId}-${index}`}>
              {index ? ", " : null}
              <a href={fileDownloadUrl(fileId, true)} target="_blank" rel="noopener" title={fileId} className="underline underline-offset-2">
                Chart {index + 1}
                <span className="sr-only"> (opens in a new tab)</span>
              </a>
            </span>
          ))}
        </p>
      ) : null}
      {code.files.length ? (
        <p className="text-xs">
          <span className="text-muted-foreground">{code.files.length === 1 ? "1 file: " : `${code.files.length} files: `}</span>
          {code.files.map((file, index) => (
            <span key={file.fileId}>
              {index ? ", " : null}
              <a href={fileDownloadUrl(file.fileId)} download={file.filename} title={file.path || file.fileId} className="underline underline-offset-2">
                {file.filename}
              </a>
              {file.bytes !== null ? <span className="text-muted-foreground"> ({formatBytes(file.bytes)})</span> : null}
            </span>
          ))}
        </p>
      ) : null}
    </li>
  );
}
