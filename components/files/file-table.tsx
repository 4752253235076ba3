import type { FileStoreUse } from "@/lib/files/service";
import type { FileObject } from "@/lib/files/wire";
import { formatBytes } from "@/lib/files/format";
import { FileRowActions } from "@/components/files/file-row-actions";
import { Badge } from "@/components/ui/badge";
import { fromUnixSeconds, RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

// The API's file objects as they are, with the vector stores each is in beside them.

export type FileListRow = { file: FileObject; stores: FileStoreUse[] };

const STORE_STATUS: Record<string, { label: string; variant: "neutral" | "success" | "destructive" | "outline" }> = {
  completed: { label: "indexed", variant: "success" },
  in_progress: { label: "indexing", variant: "neutral" },
  failed: { label: "failed", variant: "destructive" },
  cancelled: { label: "cancelled", variant: "outline" },
};

/** One word for the file: stored, or how its indexing in its stores stands. */
function fileStatus(stores: FileStoreUse[]): { label: string; variant: "neutral" | "success" | "destructive" | "outline" } {
  if (stores.some((store) => store.status === "failed")) return { label: "Indexing failed", variant: "destructive" };
  if (stores.some((store) => store.status === "in_progress")) return { label: "Indexing", variant: "neutral" };
  if (stores.length && stores.every((store) => store.status === "completed")) return { label: "Indexed", variant: "success" };
  return { label: "Stored", variant: "outline" };
}

function StoresCell({ stores }: { stores: FileStoreUse[] }) {
  if (stores.length === 0) return <span className="text-muted-foreground">None</span>;
  return (
    <ul aria-label="Vector stores" className="flex max-w-64 flex-col gap-1">
      {stores.map((store) => {
        const status = STORE_STATUS[store.status] ?? { label: store.status, variant: "outline" as const };
        return (
          <li key={store.id} className="flex min-w-0 items-center gap-1.5">
            <span className="min-w-0 truncate" title={store.id}>
              {store.name || <span className="font-mono text-xs">{store.id}</span>}
            </span>
            <Badge variant={status.variant}>{status.label}</Badge>
          </li>
        );
      })}
    </ul>
  );
}

export function FileTable({ rows, canDelete }: { rows: FileListRow[]; canDelete: boolean }) {
  return (
    <div className="rounded-xl border bg-card shadow-xs">
      <Table label="Files">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Name</TableHead>
            <TableHead className="hidden sm:table-cell">Purpose</TableHead>
            <TableHead className="text-right">Size</TableHead>
            <TableHead className="hidden md:table-cell">Created</TableHead>
            <TableHead className="hidden lg:table-cell">Vector stores</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map(({ file, stores }) => {
            const status = fileStatus(stores);
            return (
              <TableRow key={file.id}>
                <TableCell className="max-w-64">
                  <div className="truncate font-medium" title={file.filename}>
                    {file.filename}
                  </div>
                  <div className="mt-0.5 font-mono text-xs text-muted-foreground select-all">{file.id}</div>
                </TableCell>
                <TableCell className="hidden font-mono text-[0.8125rem] sm:table-cell">{file.purpose}</TableCell>
                <TableCell className="text-right whitespace-nowrap tabular-nums" title={`${file.bytes.toLocaleString("en-US")} bytes`}>
                  {formatBytes(file.bytes)}
                </TableCell>
                <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
                  <RelativeTime date={fromUnixSeconds(file.created_at)} />
                </TableCell>
                <TableCell className="hidden lg:table-cell">
                  <StoresCell stores={stores} />
                </TableCell>
                <TableCell>
                  <Badge variant={status.variant}>{status.label}</Badge>
                </TableCell>
                <TableCell className="text-right">
                  <FileRowActions id={file.id} filename={file.filename} stores={stores.map((store) => store.name || store.id)} canDelete={canDelete} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
