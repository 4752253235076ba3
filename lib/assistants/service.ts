import "server-only";
import { getDb } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { ID_PREFIXES, newId, timeFromId } from "@/lib/ids";
import type { ListQuery, Page } from "@/lib/pagination";
import { SELECT_ASSISTANT_BY_ID_SQL, selectAssistant, selectAssistantPage } from "@/lib/assistants/queries";
import { Prisma, type Assistant } from "@/lib/generated/prisma/client";
import type { AssistantCreateInput, AssistantUpdateInput } from "@/lib/assistants/schema";
import { hasMaskedToken, restoreMaskedTokens } from "@/lib/assistants/secrets";
import type { AssistantTool } from "@/lib/assistants/tools";
import { orphanMockMessage, orphanMockNames, pruneMockOutputs, type MockOutputs } from "@/lib/assistants/mock-outputs";
import { prepareToolResources } from "@/lib/assistants/tool-resources";
import { checkToolReferences } from "@/lib/assistants/tool-references";
import { API_NAMES, changedFields, snapshotOf, versionAuthor, type Snapshot } from "@/lib/assistants/versions-core";
import { recordAudit } from "@/lib/audit/service";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import { checkWebhookUrl } from "@/lib/webhooks/url";

// The only code that reads or writes assistants. Every call takes the caller and filters by its
// workspace, so an id from another workspace is simply not found; writes need an editor or owner
// and are recorded in the activity log in the same transaction, and each change that changes
// something is kept as the assistant's next version (assistant_versions, lib/assistants/versions.ts
// reads them), in that transaction too.

type Patch = AssistantUpdateInput;

/** Snake-case API fields → Prisma columns, for the fields present in the input. */
function toColumns(input: Patch) {
  const json = (value: unknown) => (value === null ? Prisma.DbNull : (value as Prisma.InputJsonValue));
  return {
    ...(input.model !== undefined && { model: input.model }),
    ...(input.name !== undefined && { name: input.name }),
    ...(input.description !== undefined && { description: input.description }),
    ...(input.instructions !== undefined && { instructions: input.instructions }),
    ...(input.tools !== undefined && { tools: input.tools as Prisma.InputJsonValue }),
    ...(input.tool_resources !== undefined && { toolResources: (input.tool_resources ?? {}) as Prisma.InputJsonValue }),
    ...(input.metadata !== undefined && { metadata: (input.metadata ?? {}) as Prisma.InputJsonValue }),
    ...(input.temperature !== undefined && { temperature: input.temperature }),
    ...(input.top_p !== undefined && { topP: input.top_p }),
    ...(input.top_k !== undefined && { topK: input.top_k }),
    ...(input.max_tokens !== undefined && { maxTokens: input.max_tokens }),
    ...(input.reasoning_effort !== undefined && { reasoningEffort: input.reasoning_effort }),
    ...(input.response_format !== undefined && { responseFormat: json(input.response_format) }),
    ...(input.user_id !== undefined && { userId: input.user_id }),
    ...(input.webhook_url !== undefined && { webhookUrl: input.webhook_url }),
    ...(input.mock_outputs !== undefined && { mockOutputs: (input.mock_outputs ?? {}) as Prisma.InputJsonValue }),
  };
}

/** Strings that cannot be one of our ids are not found without asking the database. */
function assertAssistantId(id: string): void {
  if (!timeFromId(id, ID_PREFIXES.assistant)) throw notFound("assistant", id);
}

/** A webhook_url must meet the outbound rules (https, not a private address) unless its host is allowed. */
export type ChangeOptions = { /** The note the version keeps (the editor asks for one). */ note?: string | null };

export async function createAssistant(caller: Caller, input: AssistantCreateInput, opts: ChangeOptions = {}): Promise<Assistant> {
  requireWrite(caller);
  checkWebhookUrl(input.webhook_url);
  // Nothing is stored yet, so a masked token can only be a mistake: refused.
  if (input.tools) restoreMaskedTokens(input.tools, []);
  await checkToolReferences(caller.workspaceId, input.tools);
  // Unknown or foreign ids are refused before anything is written; inline vector stores are made now.
  if (input.tool_resources) input = { ...input, tool_resources: await prepareToolResources(caller, input.tool_resources) };
  // The id carries its creation time; created_at must be that same instant (lib/pagination.ts).
  const createdAt = new Date();
  const id = newId(ID_PREFIXES.assistant, createdAt);
  return getDb().$transaction(async (tx) => {
    const row = await tx.assistant.create({ data: { ...toColumns(input), model: input.model, id, createdAt, workspaceId: caller.workspaceId } });
    await tx.assistantVersion.create({ data: versionData(caller, row, opts.note) });
    await recordAudit(caller, auditTarget({ id, name: input.name ?? null }, "assistant.created"), tx);
    return row;
  });
}

/** Version `row.version` of the assistant, as `row` is now. */
function versionData(caller: Caller, row: Assistant, note: string | null | undefined) {
  return {
    assistantId: row.id,
    version: row.version,
    workspaceId: row.workspaceId,
    snapshot: snapshotOf(row) as unknown as Prisma.InputJsonValue,
    note: note || null,
    createdAt: row.updatedAt,
    ...versionAuthor(caller),
  };
}

export async function getAssistant(caller: Caller, id: string): Promise<Assistant> {
  assertAssistantId(id);
  const row = await selectAssistant(caller.workspaceId, id);
  if (!row) throw notFound("assistant", id);
  return row;
}

/**
 * `ifVersion`: the version the writer read (the editor sends it); a newer stored version is a
 * `conflict` (409, `version_conflict`) and nothing is written, so no edit is lost silently. The row
 * is read locked (`FOR UPDATE`) in the transaction that writes it: concurrent changes take turns,
 * each gets the next version number, and masked plugin tokens are restored from what is replaced.
 * A patch that changes nothing writes nothing and makes no version.
 */
export async function updateAssistant(caller: Caller, id: string, patch: Patch, opts: ChangeOptions & { ifVersion?: number } = {}): Promise<Assistant> {
  requireWrite(caller);
  assertAssistantId(id);
  checkWebhookUrl(patch.webhook_url);
  if (patch.tool_resources) patch = { ...patch, tool_resources: await prepareToolResources(caller, patch.tool_resources) };
  const { row, changed } = await getDb().$transaction(async (tx) => {
    const [stored] = await tx.$queryRawUnsafe<Assistant[]>(`${SELECT_ASSISTANT_BY_ID_SQL} FOR UPDATE`, id, caller.workspaceId);
    if (!stored) throw notFound("assistant", id);
    if (opts.ifVersion !== undefined && stored.version !== opts.ifVersion) throw versionConflict(id, stored.version);
    if (patch.tools?.some(hasMaskedToken)) patch = { ...patch, tools: restoreMaskedTokens(patch.tools!, stored.tools as AssistantTool[]) };
    // Plugins named by type must be registered (a tool the assistant already had passes as it was).
    if (patch.tools) await checkToolReferences(caller.workspaceId, patch.tools, { known: stored.tools as unknown[], db: tx });
    const columns = toColumns(patch);
    const next: Snapshot = { ...snapshotOf(stored), ...plain(columns) };
    const mocks = reconcileMockOutputs(next, patch);
    if (mocks) next.mockOutputs = mocks as Prisma.JsonValue;
    const changed = changedFields(snapshotOf(stored), next);
    if (changed.length === 0) return { row: stored, changed: false };
    const row = await tx.assistant.update({
      where: { id },
      data: { ...columns, ...(mocks && { mockOutputs: mocks as Prisma.InputJsonValue }), version: stored.version + 1 },
    });
    await tx.assistantVersion.create({ data: versionData(caller, row, opts.note) });
    await recordAudit(caller, { ...auditTarget(row, "assistant.updated"), details: { fields: changed.map((field) => API_NAMES[field]), version: row.version } }, tx);
    return { row, changed: true };
  });
  // A new version: its tests, when the assistant runs them on every save (imported when needed:
  // the tests' services use this one).
  if (changed) await (await import("@/lib/assistant-tests/on-save")).runTestsOnSave(caller, id, row.version);
  return row;
}

/** Column values as plain JSON (Prisma's DbNull marker → null), to compare with what is stored. */
const plain = (columns: ReturnType<typeof toColumns>): Partial<Snapshot> =>
  Object.fromEntries(Object.entries(columns).map(([key, value]) => [key, value === Prisma.DbNull ? null : value])) as Partial<Snapshot>;

/**
 * Mock outputs follow the functions they belong to: mocks sent alone must name stored functions
 * (throwing here rolls the update back), and tools sent alone drop the mocks of removed functions.
 * Returns the mocks to store when they differ from the row's, else null.
 */
function reconcileMockOutputs(row: Pick<Assistant, "tools" | "mockOutputs">, patch: Patch): MockOutputs | null {
  const tools = row.tools as AssistantTool[];
  const mocks = (row.mockOutputs ?? {}) as MockOutputs;
  if (patch.mock_outputs && patch.tools === undefined) {
    const [orphan] = orphanMockNames(mocks, tools);
    if (orphan !== undefined) {
      const param = `mock_outputs.${orphan}`;
      throw new AppError("invalid_request", `Invalid '${param}': ${orphanMockMessage(orphan)}`, { param, fieldErrors: { [param]: [orphanMockMessage(orphan)] } });
    }
    return null;
  }
  if (patch.tools === undefined || patch.mock_outputs !== undefined) return null;
  const pruned = pruneMockOutputs(mocks, tools);
  return Object.keys(pruned).length === Object.keys(mocks).length ? null : pruned;
}

function versionConflict(id: string, storedVersion: number): AppError {
  return new AppError("conflict", `Assistant '${id}' was changed by someone else since you opened it (now version ${storedVersion}).`, {
    apiCode: "version_conflict",
  });
}

/** A copy in the same workspace, named "<name> (copy)"; plugin tokens are copied too (the stored ones). */
export async function duplicateAssistant(caller: Caller, id: string): Promise<Assistant> {
  requireWrite(caller);
  const source = await getAssistant(caller, id);
  const name = `${source.name ?? source.model} (copy)`.slice(0, 256);
  const createdAt = new Date();
  const copyId = newId(ID_PREFIXES.assistant, createdAt);
  const { id: _id, workspaceId: _workspace, createdAt: _created, updatedAt: _updated, version: _version, ...fields } = source;
  return getDb().$transaction(async (tx) => {
    const row = await tx.assistant.create({
      data: {
        ...fields,
        tools: fields.tools as Prisma.InputJsonValue,
        toolResources: fields.toolResources as Prisma.InputJsonValue,
        metadata: fields.metadata as Prisma.InputJsonValue,
        mockOutputs: fields.mockOutputs as Prisma.InputJsonValue,
        responseFormat: fields.responseFormat === null ? Prisma.DbNull : (fields.responseFormat as Prisma.InputJsonValue),
        name,
        id: copyId,
        createdAt,
        workspaceId: caller.workspaceId,
      },
    });
    await tx.assistantVersion.create({ data: versionData(caller, row, `Copy of ${id} at version ${source.version}`) });
    await recordAudit(caller, { ...auditTarget({ id: copyId, name }, "assistant.created"), details: { duplicateOf: id } }, tx);
    return row;
  });
}

export async function deleteAssistant(caller: Caller, id: string): Promise<void> {
  requireWrite(caller);
  assertAssistantId(id);
  await getDb().$transaction(async (tx) => {
    const row = await tx.assistant.findFirst({ where: { id, workspaceId: caller.workspaceId }, select: { id: true, name: true } });
    if (!row) throw notFound("assistant", id);
    await tx.assistant.delete({ where: { id } });
    await recordAudit(caller, auditTarget(row, "assistant.deleted"), tx);
  });
}

export async function listAssistants(caller: Caller, query: ListQuery): Promise<Page<Assistant>> {
  return selectAssistantPage(caller.workspaceId, query);
}

export async function countAssistants(caller: Caller): Promise<number> {
  return getDb().assistant.count({ where: { workspaceId: caller.workspaceId } });
}

function auditTarget(row: { id: string; name: string | null }, action: string) {
  return { action, targetType: "assistant", targetId: row.id, targetLabel: row.name };
}
