import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { revokeKey } from "@/app/(console)/settings/api-keys/actions";
import { ConfirmButton } from "@/components/ui/confirm-button";
import type { ApiKeyInfo } from "@/lib/auth/api-keys";
import { ROLE_LABELS, isRole } from "@/lib/auth/roles";

// The workspace's API keys as Settings lists them: never the key itself, only its prefix.

function KeyStatus({ apiKey }: { apiKey: ApiKeyInfo }) {
  return apiKey.revokedAt ? (
    <Badge variant="destructive">
      Revoked <RelativeTime date={apiKey.revokedAt} className="font-normal" />
    </Badge>
  ) : (
    <Badge variant="success">Active</Badge>
  );
}

const LastUsed = ({ apiKey }: { apiKey: ApiKeyInfo }) =>
  apiKey.lastUsedAt ? <RelativeTime date={apiKey.lastUsedAt} /> : <>never</>;

// Same approach as the assistants table: columns give way on narrow screens and a summary under
// the name carries what they held, instead of a table that scrolls sideways.
const COLUMN = { detail: "hidden lg:table-cell", status: "hidden sm:table-cell" } as const;

type ApiKeyTableProps = {
  keys: ApiKeyInfo[];
  /** Owners revoke any key; others their own (the server checks again). */
  canRevoke: (key: ApiKeyInfo) => boolean;
};

export function ApiKeyTable({ keys, canRevoke }: ApiKeyTableProps) {
  if (keys.length === 0) {
    return <p className="rounded-lg border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">No API keys yet.</p>;
  }
  return (
    <div className="rounded-lg border">
      <Table label="API keys">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Name</TableHead>
            <TableHead className={COLUMN.detail}>Key</TableHead>
            <TableHead className={COLUMN.detail}>Created</TableHead>
            <TableHead className={COLUMN.detail}>Last used</TableHead>
            <TableHead className={COLUMN.status}>Status</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {keys.map((key) => (
            <TableRow key={key.id}>
              <TableCell>
                <div className="font-medium">{key.name}</div>
                <div className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                  <span className="font-mono">{key.id}</span>
                  <Badge>{isRole(key.role) ? ROLE_LABELS[key.role] : key.role}</Badge>
                  <span>{key.createdBy ? `by ${key.createdBy.email}` : "by the operator (npm run apikey)"}</span>
                </div>
                <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground lg:hidden">
                  <span className="font-mono text-foreground">{key.prefix}…</span>
                  <span>
                    Created <RelativeTime date={key.createdAt} />
                  </span>
                  <span>
                    Last used <LastUsed apiKey={key} />
                  </span>
                  <span className="sm:hidden">
                    <KeyStatus apiKey={key} />
                  </span>
                </div>
              </TableCell>
              <TableCell className={`${COLUMN.detail} font-mono text-[0.8125rem] whitespace-nowrap`}>
                {key.prefix}
                <span aria-label="(rest hidden)">…</span>
              </TableCell>
              <TableCell className={`${COLUMN.detail} whitespace-nowrap text-muted-foreground`}>
                <RelativeTime date={key.createdAt} />
              </TableCell>
              <TableCell className={`${COLUMN.detail} whitespace-nowrap text-muted-foreground first-letter:uppercase`}>
                <LastUsed apiKey={key} />
              </TableCell>
              <TableCell className={COLUMN.status}>
                <KeyStatus apiKey={key} />
              </TableCell>
              <TableCell className="text-right">
                {!key.revokedAt && canRevoke(key) ? (
                  <ConfirmButton
                    label="Revoke"
                    accessibleLabel={`Revoke key ${key.name}`}
                    question="Requests with this key will fail at once."
                    confirmLabel="Revoke key"
                    action={revokeKey}
                    input={{ id: key.id }}
                  />
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
