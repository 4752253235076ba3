import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Assistant, AssistantVersion } from "@/lib/generated/prisma/client";
import type { Page } from "@/lib/pagination";
import type { AssistantSettings } from "@/lib/runs/settings";
import { settingsOf } from "@/lib/runs/data/runs";
import { getAssistant, updateAssistant } from "@/lib/assistants/service";
import type { AssistantUpdateInput } from "@/lib/assistants/schema";
import type { AssistantVersionRef } from "@/lib/assistants/versions-schema";
import { fromStored, type Snapshot } from "@/lib/assistants/versions-core";

// An assistant's versions (written by lib/assistants/service.ts with each change) and labels: read,
// restored (a new version equal to an old one, through the one write path), and pinned by runs.

export type VersionWithLabels = AssistantVersion & { labels: string[] };
export type VersionQuery = { limit: number; order: "asc" | "desc"; after?: number; before?: number };

const noVersion = (assistantId: string, ref: AssistantVersionRef, param?: string) =>
  typeof ref === "number"
    ? new AppError("not_found", `Assistant '${assistantId}' has no version ${ref}.`, { param })
    : new AppError("not_found", `Assistant '${assistantId}' has no label '${ref}'.`, { param });

async function labelsByVersion(assistantId: string): Promise<Map<number, string[]>> {
  const labels = await getDb().assistantLabel.findMany({ where: { assistantId }, orderBy: { label: "asc" } });
  const map = new Map<number, string[]>();
  for (const { version, label } of labels) map.set(version, [...(map.get(version) ?? []), label]);
  return map;
}

/**
 * The version a number or a label names, of an assistant in the caller's workspace (404 for the
 * assistant first, then for the version, naming `param`): one read for each.
 */
async function findVersion(caller: Caller, assistantId: string, ref: AssistantVersionRef, param?: string): Promise<AssistantVersion & { assistant: Assistant }> {
  const assistant = await getAssistant(caller, assistantId);
  const version = typeof ref === "number" ? ref : (await getDb().assistantLabel.findUnique({ where: { assistantId_label: { assistantId, label: ref } } }))?.version;
  const row = version === undefined ? null : await getDb().assistantVersion.findUnique({ where: { assistantId_version: { assistantId, version } } });
  if (!row) throw noVersion(assistantId, ref, param);
  return { ...row, assistant };
}

/** A version number from a number or a label (404 naming `param` when there is no such version). */
export const resolveVersion = async (caller: Caller, assistantId: string, ref: AssistantVersionRef, param?: string): Promise<number> =>
  (await findVersion(caller, assistantId, ref, param)).version;

export async function listVersions(caller: Caller, assistantId: string, query: VersionQuery): Promise<Page<VersionWithLabels>> {
  await getAssistant(caller, assistantId);
  // `before` walks back towards the start of the list: read in the opposite order, then flip.
  const reversed = query.before !== undefined && query.after === undefined;
  const desc = (query.order === "desc") !== reversed;
  const cursor = reversed ? query.before : query.after;
  const rows = await getDb().assistantVersion.findMany({
    where: { assistantId, ...(cursor !== undefined && { version: desc ? { lt: cursor } : { gt: cursor } }) },
    orderBy: { version: desc ? "desc" : "asc" },
    take: query.limit + 1,
  });
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  const labels = await labelsByVersion(assistantId);
  const data = (reversed ? page.reverse() : page).map((row) => ({ ...row, labels: labels.get(row.version) ?? [] }));
  return { data, hasMore };
}

/** The assistant's labels and the versions they point at (the compare view offers them all). */
export async function listLabels(caller: Caller, assistantId: string): Promise<Record<string, number>> {
  await getAssistant(caller, assistantId);
  const rows = await getDb().assistantLabel.findMany({ where: { assistantId }, orderBy: { label: "asc" } });
  return Object.fromEntries(rows.map((row) => [row.label, row.version]));
}

export async function getVersion(caller: Caller, assistantId: string, version: number): Promise<VersionWithLabels> {
  const { assistant: _assistant, ...row } = await findVersion(caller, assistantId, version);
  return { ...row, labels: (await labelsByVersion(assistantId)).get(version) ?? [] };
}

/** Everything a version holds, as an update: restoring is a change like any other. */
function patchOf(snapshot: Snapshot): AssistantUpdateInput {
  return {
    name: snapshot.name,
    description: snapshot.description,
    model: snapshot.model,
    instructions: snapshot.instructions,
    temperature: snapshot.temperature,
    top_p: snapshot.topP,
    top_k: snapshot.topK,
    max_tokens: snapshot.maxTokens,
    reasoning_effort: snapshot.reasoningEffort,
    tools: snapshot.tools,
    tool_resources: snapshot.toolResources,
    metadata: snapshot.metadata,
    response_format: snapshot.responseFormat,
    user_id: snapshot.userId,
    webhook_url: snapshot.webhookUrl,
    mock_outputs: snapshot.mockOutputs,
  } as AssistantUpdateInput;
}

/**
 * A new version equal to `version` (none if the assistant is that already). Its vector stores and
 * files are checked again: one deleted since is a 400, and nothing is written.
 */
export async function restoreVersion(caller: Caller, assistantId: string, version: number, note?: string | null): Promise<Assistant> {
  requireWrite(caller);
  const old = await findVersion(caller, assistantId, version);
  return updateAssistant(caller, assistantId, patchOf(fromStored(old.snapshot)), { note: note || `Restored version ${version}` });
}

/** Points `label` at `version`: made, or moved from wherever it pointed. */
export async function setLabel(caller: Caller, assistantId: string, label: string, version: number): Promise<VersionWithLabels> {
  requireWrite(caller);
  const { assistant, ...row } = await findVersion(caller, assistantId, version);
  const previous = await getDb().assistantLabel.findUnique({ where: { assistantId_label: { assistantId, label } } });
  await getDb().$transaction([
    getDb().assistantLabel.upsert({ where: { assistantId_label: { assistantId, label } }, create: { assistantId, label, version }, update: { version } }),
    recordAudit(caller, { action: "assistant.label_set", targetType: "assistant", targetId: assistantId, targetLabel: assistant.name, details: { label, version, from: previous?.version ?? null } }),
  ]);
  return { ...row, labels: (await labelsByVersion(assistantId)).get(version) ?? [] };
}

export async function removeLabel(caller: Caller, assistantId: string, label: string): Promise<void> {
  requireWrite(caller);
  const assistant = await getAssistant(caller, assistantId);
  const existing = await getDb().assistantLabel.findUnique({ where: { assistantId_label: { assistantId, label } } });
  if (!existing) throw noVersion(assistantId, label);
  await getDb().$transaction([
    getDb().assistantLabel.deleteMany({ where: { assistantId, label } }),
    recordAudit(caller, { action: "assistant.label_removed", targetType: "assistant", targetId: assistantId, targetLabel: assistant.name, details: { label, version: existing.version } }),
  ]);
}

/** The settings a run uses: the current version's, or the pinned one's (`assistant_version`). */
export async function assistantSettingsAt(caller: Caller, assistantId: string, ref: AssistantVersionRef | null | undefined): Promise<AssistantSettings> {
  if (ref === null || ref === undefined) return getAssistant(caller, assistantId);
  const row = await findVersion(caller, assistantId, ref, "assistant_version");
  return settingsOf({ id: assistantId, version: row.version, snapshot: fromStored(row.snapshot) as unknown as Omit<AssistantSettings, "id" | "version"> });
}
