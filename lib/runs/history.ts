import "server-only";
import { getDb } from "@/lib/db";
import type { Run } from "@/lib/generated/prisma/client";
import type { MessageContentPart } from "@/lib/messages/schema";
import type { RunTurn } from "@/lib/runs/prompt";
import type { StepDetails } from "@/lib/runs/wire";

// The rows a run's prompt is built from (lib/runs/prompt.ts decides what is sent).

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
