import "server-only";
import { embedMany, generateText } from "ai";
import type { Caller } from "@/lib/auth/caller";
import type { ResponseFormat } from "@/lib/assistants/schema";
import { getEnv } from "@/lib/env";
import { createMessage, listMessages } from "@/lib/messages/service";
import { messageText, toMessageObject } from "@/lib/messages/wire";
import { embeddingModel, languageModel, resolveModel } from "@/lib/providers/registry";
import { cancelRun, createRun, getRun, listSteps } from "@/lib/runs/service";
import { submitToolApprovals, submitToolOutputs } from "@/lib/runs/submit";
import { runCreateSchema } from "@/lib/runs/schema";
import { modelCallsOf } from "@/lib/runs/model-calls";
import { actionToolCalls, type RequiredAction, type StepDetails, type Usage } from "@/lib/runs/wire";
import { createThread } from "@/lib/threads/service";
import { THREAD_TITLE_KEY } from "@/lib/threads/summary-schema";
import { deterministicDeps } from "@/lib/assistant-tests/check-deps";
import { evaluateAssertion, type ToolCallRecord, type TurnSubject } from "@/lib/assistant-tests/evaluate";
import type { AttemptIO, RunState } from "@/lib/assistant-tests/attempt";
import type { JudgeIO } from "@/lib/assistant-tests/judged";
import { parseOrThrow } from "@/lib/validation";

// The attempt's world, over the same services the API uses (issue 22): each attempt is a real
// thread in the assistant's playground, its turns real runs through the run engine (wherever it
// executes them), read back as the API would. The judge and the embedder go through the provider
// registry with the AI SDK, as runs and ingestion do.

const POLL_MS = 150;
const JUDGE_TIMEOUT_MS = 120_000;
const ACTIVE = new Set(["queued", "in_progress", "cancelling"]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Who a test run acts as: its own label in the activity log, an editor's rights in its workspace. */
export function testRunCaller(workspaceId: string, testRunId: string): Caller {
  return { kind: "operator", workspaceId, role: "editor", userId: null, keyId: null, label: `test run ${testRunId}`, ip: null };
}

export function judgeIO(workspaceId: string, judgeModel: string | null): JudgeIO {
  return {
    judgeModel: judgeModel ?? getEnv().ATELIER_JUDGE_MODEL ?? null,
    embeddingModel: getEnv().ATELIER_EMBEDDING_MODEL ?? null,
    judge: async (model, messages) => {
      const { text } = await generateText({ model: languageModel(await resolveModel(workspaceId, model)), messages, temperature: 0, maxRetries: 1, abortSignal: AbortSignal.timeout(JUDGE_TIMEOUT_MS) });
      return text;
    },
    embed: async (model, texts) => {
      const { embeddings } = await embedMany({ model: embeddingModel(await resolveModel(workspaceId, model)), values: texts, maxRetries: 1, abortSignal: AbortSignal.timeout(getEnv().ATELIER_EMBEDDING_TIMEOUT_SECONDS * 1000) });
      return embeddings;
    },
  };
}

function toolCallsOf(details: StepDetails): ToolCallRecord[] {
  if (details.type !== "tool_calls") return [];
  return details.tool_calls.map((call) =>
    call.type === "function" ? { type: "function", name: call.function.name, arguments: call.function.arguments } : { type: call.type, name: call.type, arguments: JSON.stringify(call) },
  );
}

export type AttemptContext = {
  caller: Caller;
  assistantId: string;
  title: string;
  judge: JudgeIO;
  /** The test run was cancelled, or this worker must stop. */
  cancelled: () => boolean;
  /** The runs' metadata: which test run and test made them. */
  metadata: Record<string, string>;
};

export function attemptIO(context: AttemptContext): AttemptIO {
  const { caller } = context;
  // The judge of last resort: the model the attempt's runs use.
  let runModel: string | null = null;
  const state = (run: { id: string; status: string; lastError: unknown; requiredAction: unknown }): RunState => ({
    id: run.id,
    status: run.status,
    lastError: (run.lastError as { message?: string } | null)?.message ?? null,
    calls: actionToolCalls(run.requiredAction as RequiredAction | null).map((call) => ({ id: call.id, name: call.function.name })),
  });
  return {
    cancelled: context.cancelled,
    createThread: async () => (await createThread(caller, { metadata: { [THREAD_TITLE_KEY]: context.title } }, context.assistantId)).id,
    postMessage: async (threadId, turn) => {
      await createMessage(caller, threadId, { role: "user", content: turn.content, attachments: turn.attachments ?? null, metadata: null });
    },
    startRun: async (threadId, body) => {
      // Parsed as the API parses a run request: an override the run cannot take errors the attempt plainly.
      const input = parseOrThrow(runCreateSchema, { ...body, metadata: context.metadata });
      return (await createRun(caller, threadId, input)).run.id;
    },
    waitRun: async (threadId, runId) => {
      let cancelAsked = false;
      for (;;) {
        const run = await getRun(caller, threadId, runId);
        runModel ??= run.model;
        // A test runs unattended: calls of plugin and MCP tools that ask for approval are approved
        // (the test is about what the assistant does with them), and the run goes on.
        const action = run.requiredAction as RequiredAction | null;
        if (run.status === "requires_action" && action?.type === "submit_tool_approvals" && !context.cancelled()) {
          const approvals = action.submit_tool_approvals.tool_calls.map((call) => ({ tool_call_id: call.id, approve: true }));
          // Raced by a cancel or expiry, the next read says; failed otherwise, the next try waits its turn.
          const submitted = await submitToolApprovals(caller, threadId, runId, { approvals, stream: false }).then(() => true, () => false);
          if (!submitted) await sleep(POLL_MS);
          continue;
        }
        if (!ACTIVE.has(run.status)) return state(run);
        if (context.cancelled() && !cancelAsked) {
          cancelAsked = true;
          await cancelRun(caller, threadId, runId).catch(() => {});
        }
        await sleep(POLL_MS);
      }
    },
    submitOutputs: async (threadId, runId, outputs) => {
      await submitToolOutputs(caller, threadId, runId, { tool_outputs: outputs, stream: false });
    },
    cancelRun: async (threadId, runId) => {
      await cancelRun(caller, threadId, runId);
    },
    readTurn: async (threadId, runId): Promise<TurnSubject> => {
      const run = await getRun(caller, threadId, runId);
      const messages = await listMessages(caller, threadId, { run_id: runId, limit: 100, order: "asc" });
      const steps = await listSteps(caller, threadId, runId, { limit: 100, order: "asc" });
      const calls = modelCallsOf(run);
      const firstToken = calls.find((call) => call.first_token_at !== null)?.first_token_at ?? null;
      const ended = run.completedAt ?? run.failedAt ?? run.cancelledAt;
      return {
        text: messages.data.filter((message) => message.role === "assistant").map((message) => messageText(toMessageObject(message))).join("\n\n"),
        toolCalls: steps.data.flatMap((step) => toolCallsOf(step.stepDetails as StepDetails)),
        usage: (run.usage ?? null) as Usage | null,
        firstTokenMs: firstToken === null ? null : firstToken - run.createdAt.getTime(),
        totalMs: ended ? ended.getTime() - run.createdAt.getTime() : null,
        responseFormat: (run.responseFormat ?? null) as ResponseFormat | null,
      };
    },
    evaluate: (spec, subject) => evaluateAssertion(spec, subject, { ...deterministicDeps, ...context.judge, judgeModel: context.judge.judgeModel ?? runModel }),
  };
}
