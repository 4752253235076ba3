import type { Assistant } from "@/lib/generated/prisma/client";
import { restoreMaskedTokens } from "@/lib/assistants/secrets";
import type { AssistantTool } from "@/lib/assistants/tools";
import { AppError } from "@/lib/errors";
import type { RunCreateInput, ThreadAndRunInput } from "@/lib/runs/schema";

// The settings a run is made with: the request's where given, else the assistant's. Stored on the
// run, so the run shows what it ran with even after the assistant changes.

type RunRequest = Omit<RunCreateInput, "additional_messages"> | ThreadAndRunInput;

/** The assistant's fields a run takes its settings from. */
export type AssistantSettings = Pick<Assistant, "id" | "version" | "model" | "instructions" | "tools" | "temperature" | "topP" | "topK" | "maxTokens" | "reasoningEffort" | "responseFormat">;

/**
 * Throws (400, nothing written: every caller computes this before its first write) when a `tools`
 * override carries a masked plugin token that matches none of the assistant's.
 */
export function effectiveSettings(assistant: AssistantSettings, input: RunRequest) {
  // An override may carry masks: a client that read the run or the assistant sent its tools back.
  // They stand for the assistant's stored tokens, matched as an assistant update matches them, so
  // the run stores (and the engine gets) the real token, never "****1234".
  const tools = input.tools ? restoreMaskedTokens(input.tools as AssistantTool[], assistant.tools as AssistantTool[]) : (assistant.tools as AssistantTool[]);
  const instructions = [input.instructions !== undefined ? input.instructions : assistant.instructions, "additional_instructions" in input ? input.additional_instructions : null]
    .filter((part): part is string => typeof part === "string" && part !== "")
    .join("\n\n");
  const toolChoice = input.tool_choice ?? "auto";
  if (typeof toolChoice === "object" && toolChoice.type === "function") {
    const names = tools.flatMap((tool) => (tool.type === "function" ? [(tool as { function: { name: string } }).function.name] : []));
    if (!names.includes(toolChoice.function.name)) {
      throw new AppError("invalid_request", `Invalid 'tool_choice': the run has no function named '${toolChoice.function.name}'.`, { param: "tool_choice.function.name" });
    }
  }
  return {
    model: input.model ?? assistant.model,
    instructions,
    tools,
    temperature: input.temperature !== undefined ? input.temperature : assistant.temperature,
    topP: input.top_p !== undefined ? input.top_p : assistant.topP,
    topK: input.top_k !== undefined ? input.top_k : assistant.topK,
    reasoningEffort: input.reasoning_effort !== undefined ? input.reasoning_effort : assistant.reasoningEffort,
    maxCompletionTokens: input.max_completion_tokens ?? null,
    maxPromptTokens: input.max_prompt_tokens ?? null,
    maxTokens: input.max_tokens !== undefined ? input.max_tokens : assistant.maxTokens,
    truncationStrategy: input.truncation_strategy ?? { type: "auto" as const, last_messages: null },
    toolChoice,
    parallelToolCalls: input.parallel_tool_calls ?? true,
    responseFormat: input.response_format ?? assistant.responseFormat ?? "auto",
    metadata: input.metadata ?? {},
    webhookUrl: input.webhook_url ?? null,
    // The version these settings are (the pinned one, or the current one when the run was made).
    assistantVersion: assistant.version,
  };
}
