"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { cn } from "@/components/ui/cn";
import { buttonClasses } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/input";
import { formatBytes } from "@/lib/files/format";
import { uploadFile } from "@/components/files/upload-request";
import { InlineError } from "@/components/ui/inline-error";

// Upload by picker or drag and drop, several files at once, each with its own progress bar and its
// own outcome (a file refused as too large does not stop the others). The list is server-rendered:
// it is refreshed as each upload completes. A vector store's page uses it too, with one purpose (no
// choice shown) and `onUploaded` adding each stored file to the store: its outcome is the file's.

export type Upload = { key: string; name: string; size: number; loaded: number; state: "uploading" | "done" | "failed"; message?: string };

const PURPOSE_HELP: Record<string, string> = {
  assistants: "assistants: for file search and code interpreter",
  user_data: "user_data: anything else",
  vision: "vision: images for vision models",
};

type FileUploaderProps = {
  purposes: string[];
  heading?: string;
  /** Runs once the file is stored; a message means the step failed, and the upload shows it. */
  onUploaded?: (id: string) => Promise<string | null>;
  /** Why files cannot be taken now (the store page's chunking fields are invalid), or null. */
  blockedBy?: string | null;
};

export function FileUploader({ purposes, heading = "Upload files", onUploaded, blockedBy = null }: FileUploaderProps) {
  const router = useRouter();
  const inputId = useId();
  const purposeId = useId();
  const [purpose, setPurpose] = useState(purposes[0] ?? "assistants");
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);

  const update = (key: string, change: Partial<Upload>) => setUploads((all) => all.map((upload) => (upload.key === key ? { ...upload, ...change } : upload)));

  const start = (files: File[]) => {
    const started = files.map((file) => ({ file, upload: { key: `${Date.now()}-${Math.random()}`, name: file.name, size: file.size, loaded: 0, state: "uploading" as const } }));
    setUploads((all) => [...started.map(({ upload }) => upload), ...all]);
    for (const { file, upload } of started) {
      void uploadFile(file, purpose, ({ loaded }) => update(upload.key, { loaded: Math.min(loaded, file.size) })).then((outcome) => {
        if (!outcome.ok) return update(upload.key, { state: "failed", message: outcome.message });
        void (onUploaded ? onUploaded(outcome.id) : Promise.resolve(null)).then((problem) => {
          update(upload.key, problem ? { state: "failed", loaded: file.size, message: problem } : { state: "done", loaded: file.size });
          router.refresh();
        });
      });
    }
  };

  return (
    <section aria-labelledby={`${inputId}-heading`} className="flex flex-col gap-4 rounded-xl border bg-card p-4 shadow-xs">
      <h2 id={`${inputId}-heading`} className="text-base font-semibold">
        {heading}
      </h2>
      {purposes.length > 1 ? (
        <div className="flex flex-col gap-1.5 sm:max-w-sm">
          <label htmlFor={purposeId} className="text-sm font-medium">
            Purpose
          </label>
          <select id={purposeId} value={purpose} onChange={(event) => setPurpose(event.target.value)} className={inputClasses}>
            {purposes.map((value) => (
              <option key={value} value={value}>
                {PURPOSE_HELP[value] ?? value}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div
        role="region"
        aria-label="Drop files here"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          const files = [...event.dataTransfer.files];
          if (files.length && !blockedBy) start(files);
        }}
        className={cn(
          "flex flex-col items-center gap-3 rounded-lg border border-dashed px-4 py-8 text-center text-sm text-muted-foreground transition-colors",
          dragging && "border-primary bg-accent/60",
        )}
      >
        <p>Drag and drop files here, or</p>
        <label htmlFor={inputId} aria-disabled={blockedBy ? true : undefined} className={cn(buttonClasses({ variant: "outline" }), "cursor-pointer has-[:focus-visible]:outline-2")}>
          Choose files
        </label>
        {blockedBy ? <p className="text-destructive">{blockedBy}</p> : null}
        <input
          id={inputId}
          type="file"
          multiple
          disabled={Boolean(blockedBy)}
          className="sr-only"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            // Cleared so choosing the same file again uploads it again.
            event.target.value = "";
            if (files.length) start(files);
          }}
        />
      </div>
      {uploads.length ? (
        <ul aria-label="Uploads" className="flex flex-col gap-2">
          {uploads.map((upload) => (
            <UploadItem key={upload.key} upload={upload} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** One upload's name, size, progress bar and outcome (also the playground's attachments). */
export function UploadItem({ upload }: { upload: Upload }) {
  const percent = upload.size ? Math.round((upload.loaded / upload.size) * 100) : upload.state === "done" ? 100 : 0;
  const status = upload.state === "done" ? "Uploaded" : upload.state === "failed" ? "Failed" : `${percent}%`;
  return (
    <li aria-label={upload.name} className="flex flex-col gap-1.5 rounded-lg border px-3 py-2 text-sm">
      <div className="flex items-center justify-between gap-3">
        <span className="min-w-0 truncate font-medium" title={upload.name}>
          {upload.name}
        </span>
        <span className={cn("shrink-0 tabular-nums", upload.state === "failed" ? "text-destructive" : "text-muted-foreground")}>
          {formatBytes(upload.size)} · {status}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={`Upload of ${upload.name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={upload.state === "uploading" ? `${percent}%` : status}
        className="h-1.5 overflow-hidden rounded-full bg-muted"
      >
        <div
          className={cn("h-full rounded-full transition-[width]", upload.state === "failed" ? "bg-destructive" : upload.state === "done" ? "bg-success" : "bg-primary")}
          style={{ width: `${percent}%` }}
        />
      </div>
      {upload.message ? (
        <InlineError size="xs">
          {upload.message}
        </InlineError>
      ) : null}
    </li>
  );
}
