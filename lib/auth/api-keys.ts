import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { recordAudit } from "@/lib/audit/service";
import type { Caller } from "@/lib/auth/caller";
import { requireRole } from "@/lib/auth/caller";
import { hasRole, isRole, lowerRole, type Role } from "@/lib/auth/roles";
import { getDb, getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { ID_PREFIXES, newId, randomBase62 } from "@/lib/ids";
import { log } from "@/lib/log";
import { DEFAULT_WORKSPACE_ID } from "@/lib/workspaces/service";
import type { ApiKey } from "@/lib/generated/prisma/client";

// API keys for automation. Only a sha256 of each key is stored: keys are 40 random base62
// characters (~238 bits), so a slow password hash would add latency to every request and no safety.
// A key belongs to one workspace and carries a role: at most its creator's when created, and capped
// by the creator's current membership on every request.

const KEY_PREFIX = "sk-atl-";
const LAST_USED_RESOLUTION_MS = 60_000;

export const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

export type ApiKeyInfo = Pick<ApiKey, "id" | "name" | "prefix" | "role" | "createdAt" | "lastUsedAt" | "revokedAt" | "workspaceId" | "createdById"> & {
  createdBy: { name: string; email: string } | null;
};

/**
 * A new key in the caller's workspace. Members may create keys up to their own role (a viewer's key
 * only reads); the operator (`npm run apikey`) creates owner keys with no member behind them.
 */
export async function createApiKey(caller: Caller, input: { name: string; role?: Role }): Promise<{ key: string; info: ApiKeyInfo }> {
  const role = input.role ?? caller.role;
  if (caller.kind === "api_key" || caller.kind === "admin_key") {
    throw new AppError("forbidden", "API keys cannot create API keys; create them in Settings → API keys.");
  }
  if (!hasRole(caller.role, role)) {
    throw new AppError("forbidden", `Your role (${caller.role}) cannot create a key with role '${role}'.`, {
      param: "role",
      fieldErrors: { role: [`At most '${caller.role}', your own role.`] },
    });
  }
  const key = `${KEY_PREFIX}${randomBase62(40)}`;
  const id = newId(ID_PREFIXES.apiKey);
  const data = {
    id,
    workspaceId: caller.workspaceId,
    name: input.name,
    role,
    createdById: caller.userId,
    keyHash: hashKey(key),
    prefix: key.slice(0, KEY_PREFIX.length + 4),
  };
  const [row] = await getDb().$transaction([
    getDb().apiKey.create({ data, omit: { keyHash: true }, include: { createdBy: { select: { name: true, email: true } } } }),
    recordAudit(caller, { action: "api_key.created", targetType: "api_key", targetId: id, targetLabel: input.name, details: { role } }),
  ]);
  return { key, info: row };
}

export async function listApiKeys(caller: Caller): Promise<ApiKeyInfo[]> {
  return getDb().apiKey.findMany({
    where: { workspaceId: caller.workspaceId },
    orderBy: { createdAt: "desc" },
    omit: { keyHash: true },
    include: { createdBy: { select: { name: true, email: true } } },
  });
}

/** Owners revoke any key of the workspace; everyone else only the keys they created. */
export async function revokeApiKey(caller: Caller, id: string): Promise<ApiKeyInfo> {
  const existing = await getDb().apiKey.findFirst({ where: { id, workspaceId: caller.workspaceId }, select: { name: true, createdById: true, revokedAt: true } });
  if (!existing) throw notFound("API key", id);
  if (existing.createdById !== caller.userId || caller.userId === null) requireRole(caller, "owner");
  if (existing.revokedAt) throw new AppError("conflict", "This key is already revoked.");
  const [row] = await getDb().$transaction([
    getDb().apiKey.update({
      where: { id },
      data: { revokedAt: new Date() },
      omit: { keyHash: true },
      include: { createdBy: { select: { name: true, email: true } } },
    }),
    recordAudit(caller, { action: "api_key.revoked", targetType: "api_key", targetId: id, targetLabel: existing.name }),
  ]);
  return row;
}

let adminKeyHash: Buffer | null | undefined;

/** Compares hashes in constant time; the admin key's hash is computed once per process. */
function isAdminKeyHash(hash: string): boolean {
  if (adminKeyHash === undefined) {
    const admin = getEnv().ATELIER_ADMIN_KEY;
    adminKeyHash = admin ? Buffer.from(hashKey(admin), "hex") : null;
  }
  return adminKeyHash !== null && timingSafeEqual(Buffer.from(hash, "hex"), adminKeyHash);
}

export type KeyOwner = { workspaceId: string; keyId: string | null; role: Role; name: string };

type KeyRow = {
  id: string;
  workspaceId: string;
  name: string;
  role: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdById: string | null;
  creatorRole: string | null;
};
/** Exported so the benchmark's bare server sends the very same statement (scripts/bench/). */
export const API_KEY_LOOKUP_SQL = `SELECT k.id, k.workspace_id AS "workspaceId", k.name, k.role, k.revoked_at AS "revokedAt",
  k.last_used_at AS "lastUsedAt", k.created_by_id AS "createdById", m.role AS "creatorRole"
  FROM api_keys k LEFT JOIN members m ON m.workspace_id = k.workspace_id AND m.user_id = k.created_by_id
  WHERE k.key_hash = $1`;

/** The workspace and role a key acts with, or null for an unknown, revoked or orphaned key. */
export async function resolveApiKey(key: string): Promise<KeyOwner | null> {
  const hash = hashKey(key);
  if (isAdminKeyHash(hash)) return { workspaceId: DEFAULT_WORKSPACE_ID, keyId: null, role: "owner", name: "Admin key" };
  // Plain SQL on the shared pool: this runs before every API request (see lib/assistants/queries.ts).
  const { rows } = await getPool().query<KeyRow>({ name: "api_key_by_hash", text: API_KEY_LOOKUP_SQL, values: [hash] });
  const row = rows[0];
  if (!row || row.revokedAt || !isRole(row.role)) return null;
  let role: Role = row.role;
  if (row.createdById) {
    // Its creator left the workspace: the key goes with them.
    if (!isRole(row.creatorRole)) return null;
    role = lowerRole(role, row.creatorRole);
  }
  const now = Date.now();
  // Coarse last-used time: one write a minute per key, off the request's critical path.
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    getDb()
      .apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } })
      .catch((error: unknown) => log.warn("could not record API key use", { keyId: row.id, error }));
  }
  return { workspaceId: row.workspaceId, keyId: row.id, role, name: row.name };
}

/** Shows a key the way OpenAI does in its 401 message: enough to recognise, not to use. */
export function redactKey(key: string): string {
  // Show at most a third of the key, so a short (wrong) key is never echoed whole.
  if (key.length < 24) return "****";
  return `${key.slice(0, 7)}****${key.slice(-4)}`;
}
