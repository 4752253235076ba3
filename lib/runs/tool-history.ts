import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { getThread } from "@/lib/threads/service";
import { toRunStepObject, type RunStepObject } from "@/lib/runs/wire";

// The tool calls (with their outputs) of a page of a thread's runs, for the playground's history:
// one query for the runs of the messages on screen instead of a steps request per run.

export const MAX_RUNS_PER_READ = 100;

export async function toolCallStepsOf(caller: Caller, threadId: string, runIds: string[]): Promise<Record<string, RunStepObject[]>> {
  await getThread(caller, threadId);
  const rows = await getDb().runStep.findMany({
    where: { workspaceId: caller.workspaceId, threadId, runId: { in: runIds.slice(0, MAX_RUNS_PER_READ) }, type: "tool_calls" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const byRun: Record<string, RunStepObject[]> = {};
  for (const row of rows) (byRun[row.runId] ??= []).push(toRunStepObject(row));
  return byRun;
}
