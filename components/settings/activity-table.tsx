import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { AuditEvent } from "@/lib/generated/prisma/client";

// Settings → Activity: one row per recorded change, newest first.

const VERBS: Record<string, string> = {
  "assistant.created": "created assistant",
  "assistant.updated": "changed assistant",
  "assistant.deleted": "deleted assistant",
  "api_key.created": "created API key",
  "api_key.revoked": "revoked API key",
  "member.joined": "joined the workspace",
  "member.role_changed": "changed the role of",
  "member.removed": "removed",
  "invitation.created": "invited",
  "invitation.canceled": "canceled the invitation of",
  "workspace.created": "created workspace",
  "workspace.renamed": "renamed the workspace to",
  "provider.created": "added provider",
  "provider.updated": "changed provider",
  "provider.deleted": "deleted provider",
  "model_price.set": "set the price of",
  "model_price.deleted": "removed the price of",
  "file.created": "uploaded file",
  "file.deleted": "deleted file",
  "webhook_endpoint.created": "added webhook endpoint",
  "webhook_endpoint.updated": "changed webhook endpoint",
  "webhook_endpoint.deleted": "deleted webhook endpoint",
  "webhook_secret.rotated": "rotated the webhook signing secret",
};

/** Actions whose target is the actor themselves: the sentence needs no object. */
const SELF_ACTIONS = new Set(["member.joined", "webhook_secret.rotated"]);

const ACTOR_KIND: Record<string, string> = { user: "", api_key: "API key", admin_key: "Admin key", operator: "Operator" };

function detailText(event: AuditEvent): string | null {
  const details = (event.details ?? {}) as Record<string, unknown>;
  if (event.action === "member.role_changed") return `${String(details.from)} → ${String(details.to)}`;
  if (event.action === "member.joined" || event.action === "invitation.created" || event.action === "api_key.created") return String(details.role ?? "");
  if (event.action === "assistant.updated" && Array.isArray(details.fields)) return details.fields.join(", ");
  if (event.action === "provider.updated") {
    // Which fields changed and what happened to the key (never the key itself).
    const fields = Array.isArray(details.fields) ? details.fields.map((field) => String(field).replace("_", " ")) : [];
    return [...fields, details.key && details.key !== "kept" ? `key ${String(details.key)}` : null].filter(Boolean).join(", ") || null;
  }
  if (event.action.startsWith("webhook_endpoint.") && Array.isArray(details.events)) return details.events.join(", ");
  if (event.action === "model_price.set") return `${String(details.input_per_million)} in · ${String(details.output_per_million)} out per 1M tokens, ${String(details.currency)}`;
  if (event.action === "workspace.renamed") return `was “${String(details.from)}”`;
  return null;
}

/** Client addresses are shown to owners only: they are personal data of the other members. */
export function ActivityTable({ events, showAddresses }: { events: AuditEvent[]; showAddresses: boolean }) {
  if (events.length === 0) {
    return <p className="rounded-lg border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">Nothing has happened in this workspace yet.</p>;
  }
  return (
    <div className="rounded-lg border">
      <Table label="Activity">
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>What happened</TableHead>
            <TableHead className="hidden md:table-cell">Details</TableHead>
            <TableHead className="text-right">When</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {events.map((event) => {
            const detail = detailText(event);
            return (
              <TableRow key={event.id}>
                <TableCell>
                  <span className="font-medium">{event.actorLabel}</span>{" "}
                  {ACTOR_KIND[event.actorType] ? <Badge className="mr-1">{ACTOR_KIND[event.actorType]}</Badge> : null}
                  <span className="text-muted-foreground">{VERBS[event.action] ?? event.action}</span>{" "}
                  {SELF_ACTIONS.has(event.action) ? null : (
                    <>
                      <span className="font-medium">{event.targetLabel ?? event.targetId ?? ""}</span>
                      {event.targetId && event.targetLabel ? <span className="ml-1 font-mono text-xs text-muted-foreground">{event.targetId}</span> : null}
                    </>
                  )}
                  {detail ? <div className="mt-0.5 text-xs text-muted-foreground md:hidden">{detail}</div> : null}
                </TableCell>
                <TableCell className="hidden text-muted-foreground md:table-cell">{detail}</TableCell>
                <TableCell className="text-right whitespace-nowrap text-muted-foreground">
                  <RelativeTime date={event.createdAt} />
                  {showAddresses && event.ipAddress ? <div className="text-xs">{event.ipAddress}</div> : null}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
