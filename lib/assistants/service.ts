import "server-only";
import { getDb } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { ID_PREFIXES, newId, timeFromId } from "@/lib/ids";
import type { ListQuery, Page } from "@/lib/pagination";
import { selectAssistant, selectAssistantPage } from "@/lib/assistants/queries";
import { Prisma, type Assistant } from "@/lib/generated/prisma/client";
import type { AssistantCreateInput, AssistantUpdateInput } from "@/lib/assistants/schema";
import { hasMaskedToken, restoreMaskedTokens } from "@/lib/assistants/secrets";
import type { AssistantTool } from "@/lib/assistants/tools";

// The only code that reads or writes assistants. Every call takes the caller's workspace and
// filters by it, so an id from another workspace is simply not found.

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
  };
}

/** Strings that cannot be one of our ids are not found without asking the database. */
function assertAssistantId(id: string): void {
  if (!timeFromId(id, ID_PREFIXES.assistant)) throw notFound("assistant", id);
}

export async function createAssistant(workspaceId: string, input: AssistantCreateInput): Promise<Assistant> {
  // Nothing is stored yet, so a masked token can only be a mistake: refused.
  if (input.tools) restoreMaskedTokens(input.tools, []);
  // The id carries its creation time; created_at must be that same instant (lib/pagination.ts).
  const createdAt = new Date();
  return getDb().assistant.create({
    data: { ...toColumns(input), model: input.model, id: newId(ID_PREFIXES.assistant, createdAt), createdAt, workspaceId },
  });
}

export async function getAssistant(workspaceId: string, id: string): Promise<Assistant> {
  assertAssistantId(id);
  const row = await selectAssistant(workspaceId, id);
  if (!row) throw notFound("assistant", id);
  return row;
}

export async function updateAssistant(workspaceId: string, id: string, patch: Patch): Promise<Assistant> {
  assertAssistantId(id);
  // Masked plugin tokens are resolved against the stored row, so the write must land on that same
  // version: otherwise a token rotated meanwhile by someone else would be put back.
  let expectedVersion: number | undefined;
  if (patch.tools?.some(hasMaskedToken)) {
    const stored = await getAssistant(workspaceId, id);
    patch = { ...patch, tools: restoreMaskedTokens(patch.tools!, stored.tools as AssistantTool[]) };
    expectedVersion = stored.version;
  }
  try {
    return await getDb().assistant.update({
      where: { id, workspaceId, ...(expectedVersion !== undefined && { version: expectedVersion }) },
      data: { ...toColumns(patch), version: { increment: 1 } },
    });
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2025") throw error;
    if (expectedVersion !== undefined) {
      throw new AppError("conflict", `Assistant '${id}' changed while this update was being applied; read it again and retry.`, {
        apiCode: "concurrent_modification",
      });
    }
    throw notFound("assistant", id);
  }
}

export async function deleteAssistant(workspaceId: string, id: string): Promise<void> {
  assertAssistantId(id);
  const { count } = await getDb().assistant.deleteMany({ where: { id, workspaceId } });
  if (count === 0) throw notFound("assistant", id);
}

export async function listAssistants(workspaceId: string, query: ListQuery): Promise<Page<Assistant>> {
  return selectAssistantPage(workspaceId, query);
}

export async function countAssistants(workspaceId: string): Promise<number> {
  return getDb().assistant.count({ where: { workspaceId } });
}
