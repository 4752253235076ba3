"use client";

import type { MockOutputs } from "@/lib/assistants/mock-outputs";
import type { AssistantTool } from "@/lib/assistants/tools";
import { awaitedAction } from "@/lib/playground/live-run-view";
import type { OutputDraft } from "@/lib/playground/tool-outputs";
import { RunOutcome } from "@/components/playground/run-outcome";
import { ToolCalls } from "@/components/playground/tool-calls";
import type { usePlaygroundChat } from "@/components/playground/use-playground-chat";

// A run's rows of a chat, as the playground and each compare column show them: its tool call
// cards (answered or approved here, while the run waits) and the line saying how it ended, with Retry,
// Regenerate, Cancel and Reconnect.

type Chat = ReturnType<typeof usePlaygroundChat>;

type Props = {
  kind: "tools" | "outcome";
  runId: string;
  chat: Chat;
  /** The assistant's tools and mocks, for a run the page has not read (its own are used when it has). */
  tools: AssistantTool[];
  mockOutputs: MockOutputs;
  canEdit: boolean;
  drafts: Readonly<Record<string, OutputDraft>>;
  onDraftChange: (callId: string, draft: OutputDraft) => void;
  /** The run request body for a retry or a regenerate. */
  body: () => Record<string, unknown>;
  /** What a retry, a regenerate or a cancel could not do (null: done). */
  onError: (error: string | null) => void;
  onInspect: (runId: string) => void;
};

export function RunItems({ kind, runId, chat, tools, mockOutputs, canEdit, drafts, onDraftChange, body, onError, onInspect }: Props) {
  if (kind === "tools") {
    const run = chat.liveRunFor(runId);
    return (
      <div className="py-2">
        <ToolCalls
          calls={chat.callsOf(runId)}
          tools={run?.tools ?? tools}
          mockOutputs={mockOutputs}
          status={chat.toolStatus(runId)}
          expiresAt={run?.expires_at ?? null}
          onSubmit={canEdit ? (outputs) => chat.submitToolOutputs(runId, outputs) : undefined}
          waitsFor={awaitedAction(run)}
          onApprove={canEdit ? (approvals) => chat.submitToolApprovals(runId, approvals) : undefined}
          drafts={drafts}
          onDraftChange={onDraftChange}
          locked={chat.connection.state !== "idle"}
        />
      </div>
    );
  }
  return (
    <div className="py-2">
      <RunOutcome
        run={chat.liveRun}
        streamError={chat.streamError}
        connection={chat.connection}
        busy={chat.busy}
        canEdit={canEdit}
        onRetry={() => void chat.rerun(chat.liveRun?.status === "failed" ? chat.liveRun.id : null, body()).then(onError)}
        onRegenerate={() => void chat.rerun(runId, body()).then(onError)}
        onCancel={() => chat.stop().then(onError)}
        onReconnect={chat.reconnect}
        onInspect={() => onInspect(runId)}
      />
    </div>
  );
}
