import Link from "next/link";
import { formatBytes } from "@/lib/files/format";
import type { VectorStoreObject } from "@/lib/vector-stores/wire";
import { StatusBadge } from "@/components/vector-stores/status-badge";
import { fromUnixSeconds, RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

// The API's vector store objects as they are: name (or id), status, file counts, usage, expiry.

/** "3 files", with the ones not (yet) searchable named: "3 files · 1 failed · 1 indexing". */
export function fileCountText(counts: VectorStoreObject["file_counts"]): string {
  const parts = [`${counts.total} ${counts.total === 1 ? "file" : "files"}`];
  if (counts.in_progress) parts.push(`${counts.in_progress} indexing`);
  if (counts.failed) parts.push(`${counts.failed} failed`);
  if (counts.cancelled) parts.push(`${counts.cancelled} cancelled`);
  return parts.join(" · ");
}

export function ExpiryText({ store }: { store: Pick<VectorStoreObject, "expires_at"> }) {
  if (store.expires_at === null) return <span className="text-muted-foreground">Never</span>;
  return <RelativeTime date={fromUnixSeconds(store.expires_at)} />;
}

export function StoreTable({ stores }: { stores: VectorStoreObject[] }) {
  return (
    <div className="rounded-xl border bg-card shadow-xs">
      <Table label="Vector stores">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Name</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Files</TableHead>
            <TableHead className="text-right">Usage</TableHead>
            <TableHead className="hidden md:table-cell">Expires</TableHead>
            <TableHead className="hidden lg:table-cell">Created</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {stores.map((store) => (
            <TableRow key={store.id}>
              <TableCell className="max-w-72">
                <Link href={`/vector-stores/${store.id}`} className="block truncate font-medium underline-offset-2 hover:underline" title={store.name || store.id}>
                  {store.name || "Untitled store"}
                </Link>
                <div className="mt-0.5 font-mono text-xs text-muted-foreground select-all">{store.id}</div>
              </TableCell>
              <TableCell>
                <StatusBadge status={store.status} />
              </TableCell>
              <TableCell className="whitespace-nowrap">{fileCountText(store.file_counts)}</TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums" title={`${store.usage_bytes.toLocaleString("en-US")} bytes`}>
                {formatBytes(store.usage_bytes)}
              </TableCell>
              <TableCell className="hidden whitespace-nowrap md:table-cell">
                <ExpiryText store={store} />
              </TableCell>
              <TableCell className="hidden whitespace-nowrap text-muted-foreground lg:table-cell">
                <RelativeTime date={fromUnixSeconds(store.created_at)} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
