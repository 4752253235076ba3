import { describe, expect, it } from "vitest";
import type { Run } from "@/lib/generated/prisma/client";
import { endSegment, publish } from "@/lib/runs/events";
import { attachResponse } from "@/lib/runs/stream";

// Which source GET …/runs/{id}/events reads from. The bus is not started here (in-process, as on the
// embedded database), so a run executing elsewhere finds nobody at once and ends with the run read
// again. e2e/api/runs-instances.test.ts covers the remote paths on two real instances.

function runRow(id: string, status: string): Run {
  const at = new Date("2026-12-01T00:00:00Z");
  return {
    id, workspaceId: "ws_1", threadId: "thread_1", assistantId: "asst_1", status, requiredAction: null, lastError: null,
    expiresAt: null, startedAt: at, cancelledAt: null, failedAt: null, completedAt: null, incompleteDetails: null,
    model: "scripted-1", instructions: "", tools: [], metadata: {}, usage: null, temperature: null, topP: null, topK: null,
    maxPromptTokens: null, maxCompletionTokens: null, maxTokens: null, truncationStrategy: { type: "auto", last_messages: null },
    toolChoice: "auto", parallelToolCalls: true, responseFormat: "auto", reasoningEffort: null, modelCalls: null, webhookUrl: null, assistantVersion: null, createdAt: at,
  };
}

async function names(response: Response): Promise<string[]> {
  return [...(await response.text()).matchAll(/^event: (.*)$/gm)].map((match) => match[1]!);
}

const runId = () => `run_stream_${Math.random().toString(36).slice(2)}`;
const noReload = () => Promise.reject(new Error("not expected to read the run again"));

describe("attachResponse", () => {
  it("follows the open segment held here", async () => {
    const id = runId();
    publish(id, "thread.run.in_progress", {});
    const response = attachResponse(runRow(id, "in_progress"), noReload);
    publish(id, "thread.message.delta", {});
    endSegment(id);
    expect(await names(response)).toEqual(["thread.run.in_progress", "thread.message.delta", "done"]);
  });

  it("asks the other instances for an executing run not held here, then reads it again when none answers", async () => {
    const id = runId();
    const reloaded: string[] = [];
    const reload = async (runId: string) => {
      reloaded.push(runId);
      return runRow(runId, "cancelling");
    };
    const response = attachResponse(runRow(id, "queued"), reload);
    expect(await names(response)).toEqual(["thread.run.cancelling", "done"]);
    expect(reloaded).toEqual([id]);
  });

  it("does not replay an ended segment here when the run has gone on elsewhere", async () => {
    const id = runId();
    publish(id, "thread.run.requires_action", {});
    endSegment(id); // outputs were then submitted to another instance, which runs the run now
    const response = attachResponse(runRow(id, "in_progress"), async () => runRow(id, "completed"));
    expect(await names(response)).toEqual(["thread.run.completed", "done"]);
  });

  it("replays the ended segment here when it is the run's last (a reload right after the end)", async () => {
    const id = runId();
    publish(id, "thread.run.in_progress", {});
    publish(id, "thread.message.delta", {});
    publish(id, "thread.run.completed", {});
    endSegment(id);
    expect(await names(attachResponse(runRow(id, "completed"), noReload))).toEqual(["thread.run.in_progress", "thread.message.delta", "thread.run.completed", "done"]);
  });

  it("answers with the run's state when what is held here is not its last segment", async () => {
    const id = runId();
    publish(id, "thread.run.requires_action", {});
    endSegment(id); // the run went on and ended on another instance
    expect(await names(attachResponse(runRow(id, "completed"), noReload))).toEqual(["thread.run.completed", "done"]);
  });

  it("answers with the run's state when nothing is held here", async () => {
    expect(await names(attachResponse(runRow(runId(), "expired"), noReload))).toEqual(["thread.run.expired", "done"]);
  });
});
