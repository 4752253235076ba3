"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { UploadItem, type Upload } from "@/components/files/file-uploader";
import { uploadFile } from "@/components/files/upload-request";
import { PICKER_FILES_KEY, usePickerFiles } from "@/components/files/use-picker-data";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Combobox } from "@/components/ui/combobox";
import { PaperclipIcon } from "@/components/ui/icons";
import { Popover, popoverTrigger } from "@/components/ui/popover";

// Files for the next message, in a popover beside the composer: one of the workspace's files picked
// by name, or new ones uploaded here the way the Files page uploads them (POST /api/v1/files from
// the browser, with progress). They go with the message as attachments for file_search, which puts
// them in the thread's own vector store.

export type AttachedFile = { id: string; filename: string };

const POPOVER_ID = "message-attachments";
const ANCHOR = "--message-attachments";

type Props = { attached: readonly AttachedFile[]; max: number; disabled: boolean; onAdd: (file: AttachedFile) => void };

export function AttachmentPicker({ attached, max, disabled, onAdd }: Props) {
  const queryClient = useQueryClient();
  const findId = useId();
  const uploadId = useId();
  const [query, setQuery] = useState("");
  // The workspace's files are listed once the popover is used, not with every playground.
  const [wanted, setWanted] = useState(false);
  const files = usePickerFiles(query, wanted);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const uploading = uploads.filter((upload) => upload.state === "uploading").length;
  const room = max - attached.length - uploading;
  const full = room <= 0;
  const chosen = new Set(attached.map((file) => file.id));

  const update = (key: string, change: Partial<Upload>) => setUploads((all) => all.map((upload) => (upload.key === key ? { ...upload, ...change } : upload)));

  function start(picked: File[]) {
    const started = picked.slice(0, Math.max(room, 0)).map((file) => ({ file, upload: { key: `${Date.now()}-${Math.random()}`, name: file.name, size: file.size, loaded: 0, state: "uploading" as const } }));
    setUploads((all) => [...started.map(({ upload }) => upload), ...all]);
    for (const { file, upload } of started) {
      void uploadFile(file, "assistants", ({ loaded }) => update(upload.key, { loaded: Math.min(loaded, file.size) })).then((outcome) => {
        if (!outcome.ok) return update(upload.key, { state: "failed", message: outcome.message });
        update(upload.key, { state: "done", loaded: file.size });
        onAdd({ id: outcome.id, filename: file.name });
        void queryClient.invalidateQueries({ queryKey: PICKER_FILES_KEY });
      });
    }
  }

  const count = attached.length;
  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        disabled={disabled}
        {...popoverTrigger(POPOVER_ID, ANCHOR)}
        aria-label={count ? `Attach files (${count} attached)` : "Attach files"}
        title="Attach files for file search"
      >
        <PaperclipIcon />
        {count ? <span className="tabular-nums">{count}</span> : null}
      </Button>
      <Popover id={POPOVER_ID} label="Attach files" anchor={ANCHOR}>
        <div className="flex flex-col gap-3" onFocus={() => setWanted(true)}>
          <div className="flex items-baseline justify-between gap-2">
            <p className="text-xs text-muted-foreground">Sent with your next message; file search reads them from the thread&apos;s own vector store.</p>
            <span className={cn("shrink-0 text-xs tabular-nums", full ? "font-medium" : "text-muted-foreground")}>
              {count} of {max} files
            </span>
          </div>
          <div className="flex flex-col gap-1.5">
            <label htmlFor={findId} className="text-sm font-medium">
              Find a file
            </label>
            <Combobox
              id={findId}
              listLabel="Matching files"
              query={query}
              onQueryChange={setQuery}
              options={files.options.filter((option) => !chosen.has(option.id))}
              status={files.status ?? (files.options.length ? "Every match is attached already." : null)}
              onPick={(option) => onAdd({ id: option.id, filename: files.items.find((file) => file.id === option.id)?.filename ?? option.label })}
              disabled={full}
              placeholder={full ? `Limit reached: at most ${max} files a message` : "Search the workspace's files by name"}
            />
          </div>
          <div className="flex items-center gap-2">
            <label htmlFor={uploadId} aria-disabled={full} className={cn(buttonClasses({ variant: "outline", size: "sm" }), "cursor-pointer has-[:focus-visible]:outline-2")}>
              Upload new files
            </label>
            <input
              id={uploadId}
              type="file"
              multiple
              disabled={full}
              className="sr-only"
              onChange={(event) => {
                const picked = [...(event.target.files ?? [])];
                // Cleared so choosing the same file again uploads it again.
                event.target.value = "";
                if (picked.length) start(picked);
              }}
            />
            <span className="text-xs text-muted-foreground">Stored in the workspace&apos;s Files, purpose assistants.</span>
          </div>
          {uploads.length ? (
            <ul aria-label="Uploads" className="flex max-h-48 flex-col gap-2 overflow-y-auto">
              {uploads.map((upload) => (
                <UploadItem key={upload.key} upload={upload} />
              ))}
            </ul>
          ) : null}
          <div className="flex justify-end">
            <Button variant="outline" size="sm" popoverTarget={POPOVER_ID} popoverTargetAction="hide">
              Done
            </Button>
          </div>
        </div>
      </Popover>
    </>
  );
}
