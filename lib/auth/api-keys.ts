import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { getDb, getPool } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { ID_PREFIXES, newId, randomBase62 } from "@/lib/ids";
import { log } from "@/lib/log";
import { DEFAULT_WORKSPACE_ID } from "@/lib/workspaces/service";
import type { ApiKey } from "@/lib/generated/prisma/client";

// API keys for automation. Only a sha256 of each key is stored: keys are 40 random base62
// characters (~238 bits), so a slow password hash would add latency to every request and no safety.

const KEY_PREFIX = "sk-atl-";
const LAST_USED_RESOLUTION_MS = 60_000;

export const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

export type ApiKeyInfo = Pick<ApiKey, "id" | "name" | "prefix" | "createdAt" | "lastUsedAt" | "revokedAt" | "workspaceId">;

export async function createApiKey(workspaceId: string, name: string): Promise<{ key: string; info: ApiKeyInfo }> {
  const key = `${KEY_PREFIX}${randomBase62(40)}`;
  const row = await getDb().apiKey.create({
    data: { id: newId(ID_PREFIXES.apiKey), workspaceId, name, keyHash: hashKey(key), prefix: key.slice(0, KEY_PREFIX.length + 4) },
  });
  const { keyHash: _hash, ...info } = row;
  return { key, info };
}

export async function listApiKeys(workspaceId: string): Promise<ApiKeyInfo[]> {
  return getDb().apiKey.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    omit: { keyHash: true },
  });
}

export async function revokeApiKey(workspaceId: string, id: string): Promise<boolean> {
  const { count } = await getDb().apiKey.updateMany({ where: { id, workspaceId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count > 0;
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

export type KeyOwner = { workspaceId: string; keyId: string | null };

type KeyRow = { id: string; workspaceId: string; revokedAt: Date | null; lastUsedAt: Date | null };
/** Exported so the benchmark's bare server sends the very same statement (scripts/bench/). */
export const API_KEY_LOOKUP_SQL = `SELECT id, workspace_id AS "workspaceId", revoked_at AS "revokedAt",
  last_used_at AS "lastUsedAt" FROM api_keys WHERE key_hash = $1`;

/** The workspace a key belongs to, or null for an unknown or revoked key. */
export async function resolveApiKey(key: string): Promise<KeyOwner | null> {
  const hash = hashKey(key);
  if (isAdminKeyHash(hash)) return { workspaceId: DEFAULT_WORKSPACE_ID, keyId: null };
  // Plain SQL on the shared pool: this runs before every API request (see lib/assistants/queries.ts).
  const { rows } = await getPool().query<KeyRow>({ name: "api_key_by_hash", text: API_KEY_LOOKUP_SQL, values: [hash] });
  const row = rows[0];
  if (!row || row.revokedAt) return null;
  const now = Date.now();
  // Coarse last-used time: one write a minute per key, off the request's critical path.
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    getDb()
      .apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } })
      .catch((error: unknown) => log.warn("could not record API key use", { keyId: row.id, error }));
  }
  return { workspaceId: row.workspaceId, keyId: row.id };
}

/** Shows a key the way OpenAI does in its 401 message: enough to recognise, not to use. */
export function redactKey(key: string): string {
  // Show at most a third of the key, so a short (wrong) key is never echoed whole.
  if (key.length < 24) return "****";
  return `${key.slice(0, 7)}****${key.slice(-4)}`;
}
