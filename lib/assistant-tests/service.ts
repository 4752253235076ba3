import "server-only";
import { recordAudit } from "@/lib/audit/service";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import { getAssistant } from "@/lib/assistants/service";
import { getDb } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma, type AssistantTest } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, newId, timeFromId } from "@/lib/ids";
import { keysetSql, toPage, type Page } from "@/lib/pagination";
import type { TestListQuery } from "@/lib/assistant-tests/list-query";
import { testCreateSchema, type TestCreateInput, type TestUpdateInput } from "@/lib/assistant-tests/schema";
import { parseOrThrow } from "@/lib/validation";
import { testFromThread, type ThreadCall } from "@/lib/assistant-tests/from-thread";
import { listMessages } from "@/lib/messages/service";
import { messageText, toMessageObject } from "@/lib/messages/wire";
import { listSteps } from "@/lib/runs/service";
import type { StepDetails } from "@/lib/runs/wire";

// The only code that reads or writes an assistant's test cases. Tests belong to an assistant of
// the caller's workspace (404 for another's), go with it, and are written whole by the schema's
// rules (lib/assistant-tests/schema.ts); editors and owners write, viewers read.

const SELECT = `id, workspace_id AS "workspaceId", assistant_id AS "assistantId", name, tags, turns, mock_outputs AS "mockOutputs", assertions, created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function findTest(caller: Caller, assistantId: string, testId: string): Promise<AssistantTest> {
  await getAssistant(caller, assistantId);
  const row = timeFromId(testId, ID_PREFIXES.assistantTest) ? await getDb().assistantTest.findFirst({ where: { id: testId, assistantId, workspaceId: caller.workspaceId } }) : null;
  if (!row) throw notFound("test", testId);
  return row;
}

export async function listTests(caller: Caller, assistantId: string, query: TestListQuery): Promise<Page<AssistantTest>> {
  await getAssistant(caller, assistantId);
  const values: unknown[] = [assistantId, caller.workspaceId];
  // Tags are a JSON array of strings: `tags::jsonb ? tag` is "has this tag".
  const tag = query.tag === undefined ? "" : `AND tags::jsonb ? $${values.push(query.tag)}`;
  const { clause, params, reversed } = keysetSql(query, ID_PREFIXES.assistantTest, values.length + 1);
  const rows = await getDb().$queryRawUnsafe<AssistantTest[]>(`SELECT ${SELECT} FROM assistant_tests WHERE assistant_id = $1 AND workspace_id = $2 ${tag} ${clause}`, ...values, ...params);
  return toPage(rows, query.limit, reversed);
}

const jsonOrNull = (value: unknown) => (value === null ? Prisma.JsonNull : (value as Prisma.InputJsonValue));

export async function createTest(caller: Caller, assistantId: string, input: TestCreateInput): Promise<AssistantTest> {
  requireWrite(caller);
  const assistant = await getAssistant(caller, assistantId);
  const id = newId(ID_PREFIXES.assistantTest);
  const [row] = await getDb().$transaction([
    getDb().assistantTest.create({
      data: {
        id,
        workspaceId: caller.workspaceId,
        assistantId,
        name: input.name,
        tags: input.tags,
        turns: input.turns as Prisma.InputJsonValue,
        mockOutputs: jsonOrNull(input.mock_outputs),
        assertions: input.assertions as Prisma.InputJsonValue,
        createdAt: timeFromId(id, ID_PREFIXES.assistantTest)!,
      },
    }),
    recordAudit(caller, { action: "assistant_test.created", targetType: "assistant_test", targetId: id, targetLabel: input.name, details: { assistant_id: assistantId, assistant: assistant.name } }),
  ]);
  return row;
}

/** Several tests at once (the console's import): all are written, or none. */
export async function createTests(caller: Caller, assistantId: string, inputs: TestCreateInput[]): Promise<AssistantTest[]> {
  requireWrite(caller);
  const assistant = await getAssistant(caller, assistantId);
  const start = Date.now();
  const rows = inputs.map((input, index) => {
    const createdAt = new Date(start + index);
    return { id: newId(ID_PREFIXES.assistantTest, createdAt), workspaceId: caller.workspaceId, assistantId, name: input.name, tags: input.tags, turns: input.turns as Prisma.InputJsonValue, mockOutputs: jsonOrNull(input.mock_outputs), assertions: input.assertions as Prisma.InputJsonValue, createdAt };
  });
  await getDb().$transaction([
    getDb().assistantTest.createMany({ data: rows }),
    recordAudit(caller, { action: "assistant_test.imported", targetType: "assistant", targetId: assistantId, targetLabel: assistant.name, details: { tests: rows.length } }),
  ]);
  return getDb().assistantTest.findMany({ where: { id: { in: rows.map((row) => row.id) } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export async function updateTest(caller: Caller, assistantId: string, testId: string, input: TestUpdateInput): Promise<AssistantTest> {
  requireWrite(caller);
  await findTest(caller, assistantId, testId);
  const data: Prisma.AssistantTestUpdateInput = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.tags !== undefined && { tags: input.tags }),
    ...(input.turns !== undefined && { turns: input.turns as Prisma.InputJsonValue }),
    ...(input.mock_outputs !== undefined && { mockOutputs: jsonOrNull(input.mock_outputs) }),
    ...(input.assertions !== undefined && { assertions: input.assertions as Prisma.InputJsonValue }),
  };
  try {
    const [row] = await getDb().$transaction([
      getDb().assistantTest.update({ where: { id: testId, workspaceId: caller.workspaceId }, data }),
      recordAudit(caller, { action: "assistant_test.updated", targetType: "assistant_test", targetId: testId, targetLabel: input.name ?? testId, details: { fields: Object.keys(input) } }),
    ]);
    return row;
  } catch (error) {
    // Deleted by someone else in between.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw notFound("test", testId);
    throw error;
  }
}

export async function deleteTest(caller: Caller, assistantId: string, testId: string): Promise<void> {
  requireWrite(caller);
  const test = await findTest(caller, assistantId, testId);
  try {
    await getDb().$transaction([
      getDb().assistantTest.delete({ where: { id: testId, workspaceId: caller.workspaceId } }),
      recordAudit(caller, { action: "assistant_test.deleted", targetType: "assistant_test", targetId: testId, targetLabel: test.name }),
    ]);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") throw notFound("test", testId);
    throw error;
  }
}

/** "Save as test": the thread's user turns, its function outputs as mocks, suggested assertions (lib/assistant-tests/from-thread.ts). */
export async function createTestFromThread(caller: Caller, assistantId: string, threadId: string): Promise<AssistantTest> {
  requireWrite(caller);
  await getAssistant(caller, assistantId);
  const messages = (await listMessages(caller, threadId, { limit: 100, order: "asc" })).data.map(toMessageObject);
  const runIds = [...new Set(messages.flatMap((message) => (message.role === "assistant" && message.run_id ? [message.run_id] : [])))];
  const calls: ThreadCall[] = [];
  for (const runId of runIds) {
    const steps = await listSteps(caller, threadId, runId, { limit: 100, order: "asc" });
    for (const step of steps.data) {
      const details = step.stepDetails as StepDetails;
      if (details.type !== "tool_calls") continue;
      for (const call of details.tool_calls) if (call.type === "function") calls.push({ runId, name: call.function.name, output: call.function.output });
    }
  }
  const input = testFromThread(
    messages.map((message) => ({ role: message.role, text: messageText(message), runId: message.run_id, attachments: message.attachments })),
    calls,
  );
  if (!input.turns.length) throw new AppError("invalid_request", "This thread has no user messages to make a test of.", { param: "thread_id" });
  // Held to the same rules as a test written by hand (a long message, an odd mock, are refused plainly).
  return createTest(caller, assistantId, parseOrThrow(testCreateSchema, input));
}
