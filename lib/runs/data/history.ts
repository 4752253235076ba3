import "server-only";
import { getDb } from "@/lib/db";
import type { Run } from "@/lib/generated/prisma/client";
import type { MessageContentPart } from "@/lib/messages/schema";
import type { RunTurn } from "@/lib/runs/prompt";
import { toRunStepObject, type RunStepObject, type StepDetails, type StepFileSearchCall } from "@/lib/runs/wire";
import type { ResponseFormat } from "@/lib/assistants/schema";

// The rows a run's prompt is built from (lib/runs/prompt.ts decides what is sent), and what the
// playground's history shows of a thread's past runs.

// Far more than any context window holds; truncation then picks what fits.
export const MAX_HISTORY = 5_000;

/** What this run has done so far: its messages' text and its answered tool calls, in order. */
export async function loadTurns(run: Run): Promise<RunTurn[]> {
  const steps = await getDb().runStep.findMany({ where: { runId: run.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const messageIds = steps.flatMap((step) => {
    const details = step.stepDetails as StepDetails;
    return details.type === "message_creation" ? [details.message_creation.message_id] : [];
  });
  const messages = new Map((await getDb().message.findMany({ where: { id: { in: messageIds } }, select: { id: true, content: true } })).map((row) => [row.id, row.content as MessageContentPart[]]));
  return steps.flatMap((step): RunTurn[] => {
    const details = step.stepDetails as StepDetails;
    if (details.type === "message_creation") {
      const text = (messages.get(details.message_creation.message_id) ?? []).flatMap((part) => (part.type === "text" ? [part.text.value] : [])).join("");
      return [{ type: "text", text }];
    }
    return step.status === "completed" ? [{ type: "tool_calls", calls: details.tool_calls }] : [];
  });
}

export type RunHistory = { toolCalls: Record<string, RunStepObject[]>; responseFormats: Record<string, ResponseFormat> };

// What the playground's history needs of a page of a thread's runs, read once for the runs of the
// messages on screen instead of a request per run: their tool calls (with outputs), and the
// response format each was asked for (its replies are checked against that, not today's draft).

export const MAX_RUNS_PER_READ = 100;

/** The thread was found in `workspaceId` by the caller. */
export async function runHistoryOf(workspaceId: string, threadId: string, runIds: string[]): Promise<RunHistory> {
  const ids = runIds.slice(0, MAX_RUNS_PER_READ);
  const [steps, runs] = await Promise.all([
    getDb().runStep.findMany({ where: { workspaceId: workspaceId, threadId, runId: { in: ids }, type: "tool_calls" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    getDb().run.findMany({ where: { workspaceId: workspaceId, threadId, id: { in: ids } }, select: { id: true, responseFormat: true } }),
  ]);
  const toolCalls: Record<string, RunStepObject[]> = {};
  for (const row of steps) (toolCalls[row.runId] ??= []).push(toRunStepObject(row));
  const responseFormats: Record<string, ResponseFormat> = {};
  for (const run of runs) {
    const format = run.responseFormat as ResponseFormat | null;
    // Only formats that ask for JSON matter to the chat; "auto" and text are the common case.
    if (format && format !== "auto" && format.type !== "text") responseFormats[run.id] = format;
  }
  return { toolCalls, responseFormats };
}

/** The file_search calls a run made, as its steps keep them: results with their text, and what the model sent. */
export async function fileSearchCallsOf(workspaceId: string, runId: string): Promise<StepFileSearchCall[]> {
  const steps = await getDb().runStep.findMany({ where: { workspaceId, runId, type: "tool_calls" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { stepDetails: true } });
  return steps.flatMap((step) => {
    const details = step.stepDetails as StepDetails;
    return details.type === "tool_calls" ? details.tool_calls.filter((call): call is StepFileSearchCall => call.type === "file_search") : [];
  });
}
