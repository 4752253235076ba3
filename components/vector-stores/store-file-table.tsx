import { removeFileFromVectorStore } from "@/app/(console)/vector-stores/actions";
import { formatBytes } from "@/lib/files/format";
import type { ConsoleStoreFile } from "@/lib/vector-stores/wire";
import { StatusBadge } from "@/components/vector-stores/status-badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { fromUnixSeconds, RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

// A store's files: the API's vector_store.file objects with the file's name and chunk count.
// A failed file shows its last_error, in ingestion's words.

export function StoreFileTable({ storeId, files, canRemove }: { storeId: string; files: ConsoleStoreFile[]; canRemove: boolean }) {
  return (
    <div className="rounded-xl border bg-card shadow-xs">
      <Table label="Files in this store">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>File</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="text-right">Chunks</TableHead>
            <TableHead className="text-right">Usage</TableHead>
            <TableHead className="hidden md:table-cell">Chunking</TableHead>
            <TableHead className="hidden lg:table-cell">Added</TableHead>
            {canRemove ? (
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            ) : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {files.map((file) => (
            <TableRow key={file.id}>
              <TableCell className="max-w-64">
                <div className="truncate font-medium" title={file.filename}>
                  {file.filename || "(deleted file)"}
                </div>
                <div className="mt-0.5 font-mono text-xs text-muted-foreground select-all">{file.id}</div>
              </TableCell>
              <TableCell className="max-w-80">
                <StatusBadge status={file.status} />
                {file.last_error ? (
                  <p className="mt-1 text-xs break-words text-destructive" title={file.last_error.code}>
                    {file.last_error.message}
                  </p>
                ) : null}
              </TableCell>
              <TableCell className="text-right tabular-nums">
                {file.status === "completed" ? file.chunk_count.toLocaleString("en-US") : "—"}
              </TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums" title={`${file.usage_bytes.toLocaleString("en-US")} bytes`}>
                {formatBytes(file.usage_bytes)}
              </TableCell>
              <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
                {file.chunking_strategy.static.max_chunk_size_tokens}/{file.chunking_strategy.static.chunk_overlap_tokens} tokens
              </TableCell>
              <TableCell className="hidden whitespace-nowrap text-muted-foreground lg:table-cell">
                <RelativeTime date={fromUnixSeconds(file.created_at)} />
              </TableCell>
              {canRemove ? (
                <TableCell className="text-right">
                  <ConfirmButton
                    label="Remove"
                    accessibleLabel={`Remove ${file.filename || file.id} from this store`}
                    question="Its chunks are deleted; the file stays in Files."
                    confirmLabel="Remove file"
                    action={removeFileFromVectorStore}
                    input={{ id: storeId, file_id: file.id }}
                  />
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
