import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { requireRole, type Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma, type Provider } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, newId, timeFromId } from "@/lib/ids";
import { fetchModelList, type ListedModel } from "@/lib/providers/http";
import { apiKeyHint, type ProviderInput, type ProviderKind } from "@/lib/providers/schema";
import { openSecret, sealSecret, SecretBoxError } from "@/lib/security/secret-box";

// The only code that reads or writes the providers a workspace configures (Settings → Providers).
// Owners add, change, delete and test them; every member may list them. API keys are sealed with
// lib/security/secret-box (bound to the row's id) and opened only to call the provider: what leaves
// this module for a page or an action is the hint (`…3f9a`), never the key.

/** A provider as the console shows it. */
export type ProviderView = {
  id: string;
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  /** `…3f9a` when a key is stored, else null. */
  keyHint: string | null;
  models: string[];
  /** When the model list was last fetched (the last successful connection test). */
  modelsFetchedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export type ConnectionTest = { ok: boolean; status: number | null; latencyMs: number; models: string[]; error?: string };

/** What the engine needs to call a workspace's provider: the key, opened. Server-side only. */
export type ProviderConnection = { name: string; baseURL: string; apiKey: string | undefined };

const keyContext = (id: string) => `provider:${id}`;

const cachedModels = (row: Pick<Provider, "models">): ListedModel[] => (Array.isArray(row.models) ? (row.models as ListedModel[]) : []);

function toView(row: Omit<Provider, "apiKeyCiphertext">): ProviderView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ProviderKind,
    baseUrl: row.baseUrl,
    keyHint: row.apiKeyHint,
    models: cachedModels(row).map((model) => model.id),
    modelsFetchedAt: row.modelsFetchedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const requireOwner = (caller: Caller) => requireRole(caller, "owner");

/** Strings that cannot be a provider id are not found without asking the database. */
function assertProviderId(id: string): void {
  if (!timeFromId(id, ID_PREFIXES.provider)) throw notFound("provider", id);
}

function nameTaken(name: string): AppError {
  const message = `This workspace already has a provider named ${name}.`;
  return new AppError("conflict", message, { param: "name", fieldErrors: { name: [message] } });
}

async function writeOrExplain<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw nameTaken(name);
    throw error;
  }
}

async function findRow(caller: Caller, id: string): Promise<Provider> {
  assertProviderId(id);
  const row = await getDb().provider.findFirst({ where: { id, workspaceId: caller.workspaceId } });
  if (!row) throw notFound("provider", id);
  return row;
}

export async function listProviders(caller: Caller): Promise<ProviderView[]> {
  const rows = await getDb().provider.findMany({ where: { workspaceId: caller.workspaceId }, orderBy: { name: "asc" }, omit: { apiKeyCiphertext: true } });
  return rows.map(toView);
}

export async function createProvider(caller: Caller, input: ProviderInput): Promise<ProviderView> {
  requireOwner(caller);
  const id = newId(ID_PREFIXES.provider);
  const key = input.apiKey || null;
  const data = {
    id,
    workspaceId: caller.workspaceId,
    name: input.name,
    kind: input.kind,
    baseUrl: input.baseUrl,
    apiKeyCiphertext: key ? sealSecret(key, keyContext(id)) : null,
    apiKeyHint: key ? apiKeyHint(key) : null,
  };
  const [row] = await writeOrExplain(input.name, () =>
    getDb().$transaction([
      getDb().provider.create({ data, omit: { apiKeyCiphertext: true } }),
      recordAudit(caller, { action: "provider.created", targetType: "provider", targetId: id, targetLabel: input.name, details: { kind: input.kind, base_url: input.baseUrl, key: key ? "set" : "none" } }),
    ]),
  );
  return toView(row);
}

/** An empty apiKey keeps the stored key; removeKey clears it. A new base URL drops the cached model list. */
export async function updateProvider(caller: Caller, id: string, input: ProviderInput): Promise<ProviderView> {
  requireOwner(caller);
  const stored = await findRow(caller, id);
  const key = input.apiKey ? "replaced" : input.removeKey && stored.apiKeyCiphertext ? "removed" : "kept";
  const movedTo = input.baseUrl !== stored.baseUrl;
  const data: Prisma.ProviderUpdateInput = {
    name: input.name,
    kind: input.kind,
    baseUrl: input.baseUrl,
    ...(key === "replaced" && { apiKeyCiphertext: sealSecret(input.apiKey, keyContext(id)), apiKeyHint: apiKeyHint(input.apiKey) }),
    ...(key === "removed" && { apiKeyCiphertext: null, apiKeyHint: null }),
    // Models listed by the old address would be offered for the new one.
    ...(movedTo && { models: [], modelsFetchedAt: null }),
  };
  const fields = (["name", "kind", "baseUrl"] as const).filter((field) => input[field] !== stored[field]).map((field) => (field === "baseUrl" ? "base_url" : field));
  const [row] = await writeOrExplain(input.name, () =>
    getDb().$transaction([
      getDb().provider.update({ where: { id, workspaceId: caller.workspaceId }, data, omit: { apiKeyCiphertext: true } }),
      recordAudit(caller, { action: "provider.updated", targetType: "provider", targetId: id, targetLabel: input.name, details: { fields, key } }),
    ]),
  );
  return toView(row);
}

export async function deleteProvider(caller: Caller, id: string): Promise<void> {
  requireOwner(caller);
  const stored = await findRow(caller, id);
  try {
    await getDb().$transaction([
      getDb().provider.delete({ where: { id, workspaceId: caller.workspaceId } }),
      recordAudit(caller, { action: "provider.deleted", targetType: "provider", targetId: id, targetLabel: stored.name }),
    ]);
  } catch (error) {
    // Deleted by someone else in between.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw notFound("provider", id);
    throw error;
  }
}

function openKey(row: Pick<Provider, "id" | "name" | "apiKeyCiphertext">): string | undefined {
  if (!row.apiKeyCiphertext) return undefined;
  try {
    return openSecret(row.apiKeyCiphertext, keyContext(row.id));
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    throw new AppError("internal", `The stored API key of provider ${row.name} cannot be decrypted (was ATELIER_SECRET changed?). Enter the key again in Settings → Providers.`, { cause: error });
  }
}

/**
 * GET {baseUrl}/models with the provider's key (5 s), by an owner. A successful answer's model
 * list is cached on the row: GET /api/v1/models lists it as `name/model`.
 */
export async function testConnection(caller: Caller, id: string): Promise<ConnectionTest> {
  requireOwner(caller);
  const row = await findRow(caller, id);
  let apiKey: string | undefined;
  try {
    apiKey = openKey(row);
  } catch (error) {
    return { ok: false, status: null, latencyMs: 0, models: [], error: (error as Error).message };
  }
  const result = await fetchModelList(row.baseUrl, apiKey ?? null);
  if (!result.ok) return { ok: false, status: result.status, latencyMs: result.latencyMs, models: [], error: result.error };
  // updateMany: a provider deleted meanwhile is no error, its test result is simply not kept.
  await getDb().provider.updateMany({
    where: { id, workspaceId: caller.workspaceId, baseUrl: row.baseUrl },
    data: { models: result.models as Prisma.InputJsonValue, modelsFetchedAt: new Date() },
  });
  return { ok: true, status: result.status, latencyMs: result.latencyMs, models: result.models.map((model) => model.id) };
}

// The two reads below serve the run engine and GET /models, which act for a workspace already
// authorised (the run's, the API caller's): they take its id rather than a caller.

/** The workspace's provider called `name`, with its key opened; null when there is none. */
export async function providerConnection(workspaceId: string, name: string): Promise<ProviderConnection | null> {
  const row = await getDb().provider.findUnique({ where: { workspaceId_name: { workspaceId, name } } });
  if (!row) return null;
  return { name: row.name, baseURL: row.baseUrl, apiKey: openKey(row) };
}

/** Every provider's cached model list, for GET /models (no key is opened, nothing is fetched). */
export async function cachedProviderModels(workspaceId: string): Promise<{ name: string; models: ListedModel[]; fetchedAt: Date | null }[]> {
  const rows = await getDb().provider.findMany({ where: { workspaceId }, orderBy: { name: "asc" }, select: { name: true, models: true, modelsFetchedAt: true } });
  return rows.map((row) => ({ name: row.name, models: cachedModels(row), fetchedAt: row.modelsFetchedAt }));
}
