import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { ID_PREFIXES, newId } from "@/lib/ids";
import { keysetSql, toPage, type ListQuery, type Page } from "@/lib/pagination";
import { Prisma, type AuditEvent } from "@/lib/generated/prisma/client";

// The activity log: who created, changed or deleted what, in which workspace. Services write an
// event in the same transaction as the change it describes (`$transaction([change, recordAudit(…)])`),
// so the log never claims a change that was rolled back, nor misses one that was made.

export type AuditInput = {
  /** `<target>.<verb>`, e.g. assistant.created, member.role_changed, api_key.revoked */
  action: string;
  targetType: string;
  targetId?: string | null;
  targetLabel?: string | null;
  details?: Record<string, unknown>;
};

type Db = Pick<ReturnType<typeof getDb>, "auditEvent">;

/**
 * A pending insert (a PrismaPromise): pass it to `$transaction([change, recordAudit(…)])`, or give
 * it the interactive transaction's client as `db`.
 */
export function recordAudit(caller: Caller, event: AuditInput, db: Db = getDb(), workspaceId = caller.workspaceId) {
  return db.auditEvent.create({
    data: {
      id: newId(ID_PREFIXES.auditEvent),
      workspaceId,
      actorType: caller.kind,
      actorId: caller.userId ?? caller.keyId,
      actorLabel: caller.label,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId ?? null,
      targetLabel: event.targetLabel ?? null,
      details: (event.details as Prisma.InputJsonValue | undefined) ?? undefined,
      ipAddress: caller.ip,
    },
    select: { id: true },
  });
}

/** Newest first by default; keyset pages like the API's lists. */
export async function listAuditEvents(caller: Caller, query: ListQuery): Promise<Page<AuditEvent>> {
  const { clause, params, reversed } = keysetSql(query, ID_PREFIXES.auditEvent, 2);
  const rows = await getDb().$queryRawUnsafe<AuditEvent[]>(
    `SELECT id, workspace_id AS "workspaceId", actor_type AS "actorType", actor_id AS "actorId", actor_label AS "actorLabel",
       action, target_type AS "targetType", target_id AS "targetId", target_label AS "targetLabel", details,
       ip_address AS "ipAddress", created_at AS "createdAt"
     FROM audit_events WHERE workspace_id = $1 ${clause}`,
    caller.workspaceId,
    ...params,
  );
  return toPage(rows, query.limit, reversed);
}
