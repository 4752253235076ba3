import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { getThread } from "@/lib/threads/service";
import type { ResponseFormat } from "@/lib/assistants/schema";
import { toRunStepObject, type RunStepObject } from "@/lib/runs/wire";

export type RunHistory = { toolCalls: Record<string, RunStepObject[]>; responseFormats: Record<string, ResponseFormat> };

// What the playground's history needs of a page of a thread's runs, read once for the runs of the
// messages on screen instead of a request per run: their tool calls (with outputs), and the
// response format each was asked for (its replies are checked against that, not today's draft).

export const MAX_RUNS_PER_READ = 100;

export async function runHistoryOf(caller: Caller, threadId: string, runIds: string[]): Promise<RunHistory> {
  await getThread(caller, threadId);
  const ids = runIds.slice(0, MAX_RUNS_PER_READ);
  const [steps, runs] = await Promise.all([
    getDb().runStep.findMany({ where: { workspaceId: caller.workspaceId, threadId, runId: { in: ids }, type: "tool_calls" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    getDb().run.findMany({ where: { workspaceId: caller.workspaceId, threadId, id: { in: ids } }, select: { id: true, responseFormat: true } }),
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
