"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { addFilesToVectorStore } from "@/app/(console)/vector-stores/actions";
import { callAction } from "@/components/forms/call-action";
import { FileUploader } from "@/components/files/file-uploader";
import { Button } from "@/components/ui/button";
import { ModalDialog } from "@/components/ui/modal-dialog";
import { ChunkingFields } from "@/components/vector-stores/chunking-fields";
import { FilePicker } from "@/components/vector-stores/file-picker";
import { chunkingFormSchema, DEFAULT_CHUNKING, type ChunkingFormValues } from "@/lib/vector-stores/form";
import { DialogActions } from "@/components/ui/dialog-actions";

// Adding files to a store: new ones uploaded here (to POST /api/v1/files, as on the Files page, then
// added), or files the workspace already has. Both are chunked as the fields above them say.

type Chunking = { ok: true; value: unknown } | { ok: false; errors: { max_chunk_size_tokens?: string; chunk_overlap_tokens?: string } };

function readChunking(values: ChunkingFormValues): Chunking {
  const parsed = chunkingFormSchema.safeParse(values);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path.at(-1))] ??= issue.message;
  return { ok: false, errors };
}

export function AddFilesPanel({ storeId }: { storeId: string }) {
  const [chunkingValues, setChunkingValues] = useState(DEFAULT_CHUNKING);
  const [picking, setPicking] = useState(false);
  const chunking = readChunking(chunkingValues);
  const add = async (fileIds: string[]): Promise<string | null> => {
    if (!chunking.ok) return "Fix the chunking fields first.";
    const result = await callAction(() => addFilesToVectorStore({ id: storeId, batch: { file_ids: fileIds, chunking_strategy: chunking.value } }));
    return result.ok ? null : result.message;
  };
  const addUploaded = async (id: string) => {
    const problem = await add([id]);
    return problem && `Uploaded to Files, but not added to this store: ${problem}`;
  };
  return (
    <section aria-labelledby="add-files-heading" className="flex flex-col gap-4 rounded-xl border bg-card p-4 shadow-xs">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="add-files-heading" className="text-base font-semibold">
          Add files
        </h2>
        <Button variant="outline" size="sm" disabled={!chunking.ok} onClick={() => setPicking(true)}>
          Choose from workspace files
        </Button>
      </div>
      <ChunkingFields value={chunkingValues} onChange={setChunkingValues} errors={chunking.ok ? {} : chunking.errors} legend="Chunking for the files added" />
      <FileUploader purposes={["assistants"]} heading="Upload new files" onUploaded={addUploaded} blockedBy={chunking.ok ? null : "Fix the chunking fields to upload."} />
      <ModalDialog open={picking} title="Add workspace files" onClose={() => setPicking(false)}>
        <PickFiles storeId={storeId} add={add} onClose={() => setPicking(false)} />
      </ModalDialog>
    </section>
  );
}

function PickFiles({ storeId, add, onClose }: { storeId: string; add: (ids: string[]) => Promise<string | null>; onClose: () => void }) {
  const router = useRouter();
  const [selected, setSelected] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <FilePicker storeId={storeId} selected={selected} onChange={setSelected} />
      <DialogActions error={error} busy={pending} onCancel={onClose}>
        <Button
          disabled={pending || selected.length === 0}
          onClick={() =>
            startTransition(async () => {
              const problem = await add(selected);
              if (problem) return setError(problem);
              onClose();
              router.refresh();
            })
          }
        >
          {pending ? "Adding…" : selected.length === 1 ? "Add 1 file" : `Add ${selected.length} files`}
        </Button>
      </DialogActions>
    </>
  );
}
