import type { Cost } from "@/lib/pricing/cost";
import type { Run, RunStep } from "@/lib/generated/prisma/client";
import { maskTools } from "@/lib/assistants/secrets";
import type { AssistantTool } from "@/lib/assistants/tools";
import type { ResponseFormat } from "@/lib/assistants/schema";
import type { ToolChoice, TruncationStrategy } from "@/lib/runs/schema";
import { isActiveRun } from "@/lib/runs/statuses";
import { unixSeconds } from "@/lib/wire";
import { toRunTimings, type RunTimings } from "@/lib/runs/model-calls";

// DB rows → the API's run and run step objects (DESIGN.md rule 3), and the delta objects the
// stream sends between them. A run keeps its tools with their real plugin tokens (the engine needs
// them); every run object shows them masked exactly as the assistant object does, and every way a
// run leaves the server (responses, SSE events, the /events replay, console pages) goes through here.

export type RunStatus = "queued" | "in_progress" | "requires_action" | "cancelling" | "cancelled" | "failed" | "completed" | "incomplete" | "expired";

/** `cost` (an Atelier extension) only when the model has a price in the workspace (lib/pricing). */
export type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number; cost?: Cost };
export type RunToolCall = { id: string; type: "function"; function: { name: string; arguments: string } };
/** A call a person is asked to approve: what the model asked for, and which plugin operation or MCP tool it would call. */
export type ApprovalToolCall = RunToolCall & { server_tool: { type: "plugin"; plugin_id: string; operation: string; request: string } | { type: "mcp"; server_label: string; tool: string } };
/** OpenAI's `submit_tool_outputs`, or Atelier's extension `submit_tool_approvals` (issue 24). */
export type RequiredAction =
  | { type: "submit_tool_outputs"; submit_tool_outputs: { tool_calls: RunToolCall[] } }
  | { type: "submit_tool_approvals"; submit_tool_approvals: { tool_calls: ApprovalToolCall[] } };

/** The calls a run waits for, whichever the action. */
export const actionToolCalls = (action: RequiredAction | null): RunToolCall[] =>
  !action ? [] : action.type === "submit_tool_outputs" ? action.submit_tool_outputs.tool_calls : action.submit_tool_approvals.tool_calls;
export type LastError = { code: "server_error" | "rate_limit_exceeded" | "invalid_prompt"; message: string };

export type RunObject = {
  id: string;
  object: "thread.run";
  created_at: number;
  thread_id: string;
  assistant_id: string;
  status: RunStatus;
  required_action: RequiredAction | null;
  last_error: LastError | null;
  expires_at: number | null;
  started_at: number | null;
  cancelled_at: number | null;
  failed_at: number | null;
  completed_at: number | null;
  incomplete_details: { reason: "max_completion_tokens" | "max_prompt_tokens" } | null;
  model: string;
  instructions: string;
  tools: AssistantTool[];
  metadata: Record<string, string>;
  usage: Usage | null;
  temperature: number | null;
  top_p: number | null;
  max_prompt_tokens: number | null;
  max_completion_tokens: number | null;
  truncation_strategy: TruncationStrategy;
  tool_choice: ToolChoice;
  parallel_tool_calls: boolean;
  response_format: ResponseFormat;
  // Extensions.
  top_k: number | null;
  /** Model Studio: the cap on each model response of the run. */
  max_tokens: number | null;
  reasoning_effort: string | null;
  /** Project David style: where this run's run.action_required is delivered, when not the assistant's webhook_url. */
  webhook_url: string | null;
  /** Atelier: the assistant version the run ran with (lib/assistants/versions.ts). */
  assistant_version: number | null;
  /** Atelier: the run's start, end and model calls to the millisecond (lib/runs/model-calls.ts). */
  timings: RunTimings;
};

const seconds = (date: Date | null) => (date ? unixSeconds(date) : null);

export function toRunObject(row: Run): RunObject {
  return {
    id: row.id,
    object: "thread.run",
    created_at: unixSeconds(row.createdAt),
    thread_id: row.threadId,
    assistant_id: row.assistantId,
    status: row.status as RunStatus,
    required_action: (row.requiredAction ?? null) as RequiredAction | null,
    last_error: (row.lastError ?? null) as LastError | null,
    // OpenAI: set while the run can still expire, null once it has ended (whatever the row kept).
    expires_at: isActiveRun(row.status as RunStatus) ? seconds(row.expiresAt) : null,
    started_at: seconds(row.startedAt),
    cancelled_at: seconds(row.cancelledAt),
    failed_at: seconds(row.failedAt),
    completed_at: seconds(row.completedAt),
    incomplete_details: (row.incompleteDetails ?? null) as RunObject["incomplete_details"],
    model: row.model,
    instructions: row.instructions,
    tools: maskTools(row.tools as AssistantTool[]),
    metadata: (row.metadata ?? {}) as Record<string, string>,
    usage: (row.usage ?? null) as Usage | null,
    temperature: row.temperature,
    top_p: row.topP,
    max_prompt_tokens: row.maxPromptTokens,
    max_completion_tokens: row.maxCompletionTokens,
    truncation_strategy: row.truncationStrategy as TruncationStrategy,
    tool_choice: row.toolChoice as ToolChoice,
    parallel_tool_calls: row.parallelToolCalls,
    response_format: row.responseFormat as ResponseFormat,
    top_k: row.topK,
    max_tokens: row.maxTokens,
    reasoning_effort: row.reasoningEffort,
    webhook_url: row.webhookUrl ?? null,
    assistant_version: row.assistantVersion ?? null,
    timings: toRunTimings(row),
  };
}

/** Where a call Atelier ran on the server stands (issue 24); `awaiting_approval` to `approved`/`denied` while the run waits for a person. */
export type ServerToolStatus = "in_progress" | "awaiting_approval" | "approved" | "denied" | "completed" | "failed";
/** The approval a person gave (or refused) a call before it ran. */
export type ServerToolApproval = { approved: boolean; reason: string | null };
/**
 * Atelier's extension on a function call it ran itself: which plugin operation or MCP tool it was
 * (what a resumed run calls, whatever the name), how it went and how long it took. Never a URL
 * with its query, a header or a secret.
 */
export type ServerToolCall = (
  | { type: "plugin"; plugin_id: string; operation: string; request: string; http_status?: number | null }
  | { type: "mcp"; server_label: string; tool: string }
) & { status: ServerToolStatus; duration_ms?: number; approval?: ServerToolApproval };
export type StepFunctionCall = { id: string; type: "function"; function: { name: string; arguments: string; output: string | null }; server_tool?: ServerToolCall };
export type FileSearchResult = { file_id: string; file_name: string; score: number; content?: { type: "text"; text: string }[] };
export type FileSearchRanking = { ranker: "auto" | "default_2024_08_21"; score_threshold: number };
/**
 * A file_search call as the step shows it. Stored with its results' content (shown only when asked
 * for with `include[]`) and `_model`: what the model sent and was given (its prompt when the run
 * goes on later), never shown.
 */
export type StepFileSearchCall = {
  id: string;
  type: "file_search";
  file_search: { ranking_options: FileSearchRanking; results: FileSearchResult[] };
  _model?: { index: number; arguments: string; output: string };
};
/** What a code interpreter call printed, and the images it showed (issue 23). */
export type CodeInterpreterOutput = { type: "logs"; logs: string } | { type: "image"; image: { file_id: string } };
/** A code interpreter call as the step shows it: the code, its outputs; `_model` as for file_search. */
export type CodeProducedFile = { file_id: string; filename: string; path: string; bytes: number };
export type StepCodeInterpreterCall = {
  id: string;
  type: "code_interpreter";
  code_interpreter: {
    input: string;
    outputs: CodeInterpreterOutput[];
    /** Atelier's extensions: the sandbox the code ran in, for how long, and the files it wrote to /mnt/data (stored as Files). */
    sandbox?: "pyodide" | "bwrap";
    duration_ms?: number;
    files?: CodeProducedFile[];
  };
  _model?: { index: number; arguments: string; output: string };
};
export type StepToolCall = StepFunctionCall | StepFileSearchCall | StepCodeInterpreterCall;
export type StepDetails =
  | { type: "message_creation"; message_creation: { message_id: string } }
  | { type: "tool_calls"; tool_calls: StepToolCall[] };

export type RunStepObject = {
  id: string;
  object: "thread.run.step";
  created_at: number;
  assistant_id: string;
  thread_id: string;
  run_id: string;
  type: "message_creation" | "tool_calls";
  status: "in_progress" | "cancelled" | "failed" | "completed" | "expired";
  step_details: StepDetails;
  last_error: { code: "server_error" | "rate_limit_exceeded"; message: string } | null;
  expired_at: number | null;
  cancelled_at: number | null;
  failed_at: number | null;
  completed_at: number | null;
  metadata: Record<string, string>;
  usage: Usage | null;
};

/** The one `include[]` value there is: file_search results with their text. */
export const FILE_SEARCH_CONTENT = "step_details.tool_calls[*].file_search.results[*].content";
export type StepIncludes = { fileSearchContent?: boolean };

/** A tool call as the API shows it: internal fields dropped, result content only when included. */
export function shownToolCall<T extends Partial<StepToolCall>>(call: T, include: StepIncludes = {}): T {
  if (call.type === "code_interpreter") {
    const { _model, ...shown } = call as Partial<StepCodeInterpreterCall>;
    void _model;
    return shown as T;
  }
  if (call.type !== "file_search") return call;
  const { _model, ...shown } = call as Partial<StepFileSearchCall>;
  void _model;
  if (!shown.file_search || include.fileSearchContent) return shown as T;
  return { ...shown, file_search: { ...shown.file_search, results: shown.file_search.results?.map(({ content, ...result }) => (void content, result)) } } as T;
}

function shownDetails(details: StepDetails, include: StepIncludes): StepDetails {
  if (details.type !== "tool_calls") return details;
  return { type: "tool_calls", tool_calls: details.tool_calls.map((call) => shownToolCall(call, include)) };
}

export function toRunStepObject(row: RunStep, include: StepIncludes = {}): RunStepObject {
  return {
    id: row.id,
    object: "thread.run.step",
    created_at: unixSeconds(row.createdAt),
    assistant_id: row.assistantId,
    thread_id: row.threadId,
    run_id: row.runId,
    type: row.type as RunStepObject["type"],
    status: row.status as RunStepObject["status"],
    step_details: shownDetails(row.stepDetails as StepDetails, include),
    last_error: (row.lastError ?? null) as RunStepObject["last_error"],
    expired_at: seconds(row.expiredAt),
    cancelled_at: seconds(row.cancelledAt),
    failed_at: seconds(row.failedAt),
    completed_at: seconds(row.completedAt),
    metadata: (row.metadata ?? {}) as Record<string, string>,
    usage: (row.usage ?? null) as Usage | null,
  };
}

export const messageDelta = (messageId: string, text: string, annotations: unknown[] = []) => ({
  id: messageId,
  object: "thread.message.delta" as const,
  delta: { content: [{ index: 0, type: "text" as const, text: { value: text, annotations } }] },
});

/** A message's citations, streamed once its text is whole: each annotation with its place in the list, as deltas of arrays need. */
export const annotationsDelta = (messageId: string, annotations: readonly object[]) => ({
  id: messageId,
  object: "thread.message.delta" as const,
  delta: { content: [{ index: 0, type: "text" as const, text: { annotations: annotations.map((annotation, index) => ({ index, ...annotation })) } }] },
});

/** The charts under a message (after its text, part 0), streamed once the text is whole. */
export const imagesDelta = (messageId: string, fileIds: readonly string[]) => ({
  id: messageId,
  object: "thread.message.delta" as const,
  delta: { content: fileIds.map((file_id, index) => ({ index: index + 1, type: "image_file" as const, image_file: { file_id, detail: "auto" as const } })) },
});

type CallDelta = { index: number } & (
  | (Partial<StepFunctionCall> & { type: "function" })
  | (Partial<StepFileSearchCall> & { type: "file_search" })
  | (Partial<StepCodeInterpreterCall> & { type: "code_interpreter" })
);

/** A call in a delta: arrays within it (a code call's outputs) carry each item's index, as deltas of arrays do. */
function deltaCall(call: CallDelta): CallDelta {
  const shown = shownToolCall(call);
  if (shown.type !== "code_interpreter" || !shown.code_interpreter?.outputs) return shown;
  return { ...shown, code_interpreter: { ...shown.code_interpreter, outputs: shown.code_interpreter.outputs.map((output, index) => ({ index, ...output })) } };
}

/** Streamed like the step objects: a file_search call's results without their content. */
export const toolCallsDelta = (stepId: string, calls: CallDelta[]) => ({
  id: stepId,
  object: "thread.run.step.delta" as const,
  delta: { step_details: { type: "tool_calls" as const, tool_calls: calls.map(deltaCall) } },
});
