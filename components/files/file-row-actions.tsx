"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { loadFilePreview, removeFile } from "@/app/(console)/files/actions";
import { callAction } from "@/components/forms/call-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ModalDialog } from "@/components/ui/modal-dialog";
import type { FilePreview } from "@/lib/files/preview";
import { DialogActions } from "@/components/ui/dialog-actions";

type PreviewState = { preview: FilePreview } | { error: string } | null;

type Props = { id: string; filename: string; stores: string[]; canDelete: boolean };

/** Preview (everyone) and Delete behind a confirmation naming the stores it leaves (editors and owners). */
export function FileRowActions({ id, filename, stores, canDelete }: Props) {
  const [dialog, setDialog] = useState<"preview" | "delete" | null>(null);
  const [preview, setPreview] = useState<PreviewState>(null);
  const [loading, startLoading] = useTransition();
  const openPreview = () => {
    setDialog("preview");
    setPreview(null);
    startLoading(async () => {
      const answer = await callAction(() => loadFilePreview({ id }));
      setPreview(answer.ok ? { preview: answer.data } : { error: answer.message });
    });
  };
  return (
    <div className="flex items-center justify-end gap-1">
      <Button variant="ghost" size="sm" aria-label={`Preview ${filename}`} onClick={openPreview}>
        Preview
      </Button>
      {canDelete ? (
        <Button variant="outline" size="sm" aria-label={`Delete ${filename}`} onClick={() => setDialog("delete")}>
          Delete
        </Button>
      ) : null}
      <ModalDialog open={dialog === "preview"} title={`Text of ${filename}`} onClose={() => setDialog(null)} className="w-[min(56rem,calc(100vw-2rem))]">
        <PreviewBody result={loading ? null : preview} onClose={() => setDialog(null)} />
      </ModalDialog>
      {canDelete ? (
        <ModalDialog open={dialog === "delete"} title={`Delete ${filename}?`} onClose={() => setDialog(null)}>
          <DeleteBody id={id} filename={filename} stores={stores} onClose={() => setDialog(null)} />
        </ModalDialog>
      ) : null}
    </div>
  );
}

function PreviewBody({ result, onClose }: { result: PreviewState; onClose: () => void }) {
  return (
    <>
      {!result ? (
        <p role="status" className="text-sm text-muted-foreground">
          Reading the file&apos;s text…
        </p>
      ) : "error" in result ? (
        <Alert variant="destructive" title="The preview could not be loaded">
          {result.error}
        </Alert>
      ) : !result.preview.ok ? (
        <Alert title={result.preview.code === "unsupported_file" ? "This file has no text to preview" : "The text could not be read"}>{result.preview.message}</Alert>
      ) : (
        <>
          <p className="text-sm text-muted-foreground">
            {result.preview.source === "stored" ? "The text indexed for file search" : "The text file search would index, read just now"}
            {result.preview.truncated ? ` (the first ${result.preview.text.length.toLocaleString("en-US")} of ${result.preview.chars.toLocaleString("en-US")} characters)` : ""}.
          </p>
          <pre tabIndex={0} aria-label="Extracted text" className="max-h-[60vh] overflow-auto rounded-lg border bg-muted/40 p-3 font-mono text-xs whitespace-pre-wrap break-words">
            {result.preview.text}
          </pre>
        </>
      )}
      <div className="flex justify-end">
        <Button variant="outline" onClick={onClose}>
          Close
        </Button>
      </div>
    </>
  );
}

function DeleteBody({ id, filename, stores, onClose }: { id: string; filename: string; stores: string[]; onClose: () => void }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <p className="text-sm">
        <span className="font-medium">{filename}</span> and its content are deleted for good, for the console and the API alike.
      </p>
      {stores.length ? (
        <div className="text-sm">
          <p>It is also removed from {stores.length === 1 ? "this vector store" : `these ${stores.length} vector stores`}, and file search stops finding it there:</p>
          <ul aria-label="Vector stores it leaves" className="mt-1 list-disc pl-5">
            {stores.map((store) => (
              <li key={store}>{store}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="text-sm text-muted-foreground">It is in no vector store.</p>
      )}
      <DialogActions error={error} busy={pending} onCancel={onClose}>
        <Button
          variant="destructive"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await callAction(() => removeFile({ id }));
              if (!result.ok) return setError(result.message);
              onClose();
              router.refresh();
            })
          }
        >
          {pending ? "Deleting…" : "Delete file"}
        </Button>
      </DialogActions>
    </>
  );
}
