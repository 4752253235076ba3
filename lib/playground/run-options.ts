import type { AssistantObject } from "@/lib/assistants/wire";
import type { ResponseFormat } from "@/lib/assistants/schema";
import type { ToolChoice } from "@/lib/runs/schema";

// What one send from the playground asks of the run: the per-send options bar (overrides for this
// run only) on top of the Assistant tab's unsaved changes (which apply to every next run until they
// are saved or discarded). Both become the fields of POST /threads/{id}/runs, so the run the
// inspector shows is exactly what was asked; fields left empty come from the assistant.

export type RunOptions = {
  model: string;
  temperature: string;
  /** "auto" | "none" | "required" | "function:NAME" */
  toolChoice: string;
  parallelToolCalls: boolean;
  /** "assistant" (the assistant's own) | "text" | "json_object" */
  responseFormat: "assistant" | "text" | "json_object";
  truncation: "auto" | "last_messages";
  lastMessages: string;
  maxCompletionTokens: string;
  additionalInstructions: string;
};

export const DEFAULT_RUN_OPTIONS: RunOptions = {
  model: "",
  temperature: "",
  toolChoice: "auto",
  parallelToolCalls: true,
  responseFormat: "assistant",
  truncation: "auto",
  lastMessages: "10",
  maxCompletionTokens: "",
  additionalInstructions: "",
};

/** The Assistant tab's draft: the assistant's fields a person tries out before saving them. */
export type AssistantDraft = Pick<AssistantObject, "model" | "instructions" | "temperature" | "top_p" | "response_format">;

export const draftOf = (assistant: AssistantObject): AssistantDraft => ({
  model: assistant.model,
  instructions: assistant.instructions,
  temperature: assistant.temperature,
  top_p: assistant.top_p,
  response_format: assistant.response_format,
});

/** The draft's fields that differ from the saved assistant (what the next run overrides). */
export function draftChanges(assistant: AssistantObject, draft: AssistantDraft): Partial<AssistantDraft> {
  const saved = draftOf(assistant);
  const changes: Partial<AssistantDraft> = {};
  for (const key of Object.keys(saved) as (keyof AssistantDraft)[]) {
    if (JSON.stringify(saved[key]) !== JSON.stringify(draft[key])) Object.assign(changes, { [key]: draft[key] });
  }
  return changes;
}

export type OptionProblems = Partial<Record<keyof RunOptions, string>>;

const number = (text: string) => (text.trim() === "" ? null : Number(text));

/** Problems a person can fix before sending; the API checks the rest and its errors are shown too. */
export function runOptionProblems(options: RunOptions): OptionProblems {
  const problems: OptionProblems = {};
  const temperature = number(options.temperature);
  if (temperature !== null && !(temperature >= 0 && temperature <= 2)) problems.temperature = "Temperature must be a number from 0 to 2.";
  const last = number(options.lastMessages);
  if (options.truncation === "last_messages" && !(last !== null && Number.isInteger(last) && last >= 1)) problems.lastMessages = "Keep at least 1 message.";
  const max = number(options.maxCompletionTokens);
  if (max !== null && !(Number.isInteger(max) && max >= 256)) problems.maxCompletionTokens = "Max completion tokens must be a whole number of at least 256.";
  return problems;
}

function toolChoiceOf(value: string): ToolChoice {
  if (value.startsWith("function:")) return { type: "function", function: { name: value.slice("function:".length) } };
  return value as "auto" | "none" | "required";
}

function responseFormatOf(options: RunOptions, draft: Partial<AssistantDraft>): ResponseFormat | undefined {
  if (options.responseFormat === "text") return { type: "text" };
  if (options.responseFormat === "json_object") return { type: "json_object" };
  return draft.response_format;
}

/** The body of POST /threads/{id}/runs (without `stream`): only what differs from the assistant. */
export function runRequestBody(assistant: AssistantObject, draft: AssistantDraft, options: RunOptions): Record<string, unknown> {
  const changes = draftChanges(assistant, draft);
  const body: Record<string, unknown> = { assistant_id: assistant.id };
  const model = options.model.trim() || changes.model;
  if (model) body.model = model;
  if (changes.instructions !== undefined) body.instructions = changes.instructions;
  const temperature = number(options.temperature) ?? changes.temperature;
  if (temperature !== undefined) body.temperature = temperature;
  if (changes.top_p !== undefined) body.top_p = changes.top_p;
  const responseFormat = responseFormatOf(options, changes);
  if (responseFormat !== undefined) body.response_format = responseFormat;
  if (options.toolChoice !== "auto") body.tool_choice = toolChoiceOf(options.toolChoice);
  if (!options.parallelToolCalls) body.parallel_tool_calls = false;
  if (options.truncation === "last_messages") body.truncation_strategy = { type: "last_messages", last_messages: Number(options.lastMessages) };
  const max = number(options.maxCompletionTokens);
  if (max !== null) body.max_completion_tokens = max;
  if (options.additionalInstructions.trim()) body.additional_instructions = options.additionalInstructions;
  return body;
}

/** How many options differ from the defaults: the collapsed bar says so. */
export const changedOptionCount = (options: RunOptions) =>
  (Object.keys(DEFAULT_RUN_OPTIONS) as (keyof RunOptions)[]).filter((key) => options[key] !== DEFAULT_RUN_OPTIONS[key] && !(key === "lastMessages" && options.truncation !== "last_messages")).length;
