import { z } from "@/lib/zod";
import { assistantFields, metadataSchema, webhookUrlSchema } from "@/lib/assistants/schema";
import { assistantVersionRefSchema } from "@/lib/assistants/versions-schema";
import { messageFieldsSchema } from "@/lib/messages/schema";
import { listQuerySchema } from "@/lib/pagination";
import { storable } from "@/lib/storable-json";
import { threadFields } from "@/lib/threads/schema";
import { FILE_SEARCH_CONTENT, type StepIncludes } from "@/lib/runs/wire";
import { toolChoiceSchema, type ToolChoice } from "@/lib/runs/tool-choice";

// What a valid run request is: create a run, create a thread and run it, submit tool outputs,
// modify. Settings left out come from the assistant; the run stores the effective ones.

export const truncationStrategySchema = z
  .strictObject({
    type: z.enum(["auto", "last_messages"], { message: "must be 'auto' or 'last_messages'" }),
    last_messages: z.number().int().min(1, "must be at least 1").nullable().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.type === "last_messages" && value.last_messages == null) {
      ctx.addIssue({ code: "custom", path: ["last_messages"], message: "is required when type is 'last_messages'" });
    }
  });
export type TruncationStrategy = z.output<typeof truncationStrategySchema>;

export { toolChoiceSchema, type ToolChoice };

// The contract's minimum: a smaller budget cannot hold a useful prompt or answer.
const tokenBudget = z.number().int().min(256, "must be at least 256").max(2 ** 31 - 1).nullable().optional();

const runFields = {
  assistant_id: z.string().min(1).max(64),
  model: assistantFields.model.nullable().optional(),
  instructions: assistantFields.instructions.optional(),
  additional_instructions: z.string().max(256_000).nullable().optional(),
  additional_messages: z.array(messageFieldsSchema).max(100, "at most 100 messages").nullable().optional(),
  tools: assistantFields.tools.nullable().optional(),
  metadata: metadataSchema.nullable().optional(),
  temperature: assistantFields.temperature.optional(),
  top_p: assistantFields.top_p.optional(),
  // Model Studio extension.
  top_k: assistantFields.top_k.optional(),
  // Model Studio extension: a cap on each model response (the assistant's unless given here).
  max_tokens: assistantFields.max_tokens.optional(),
  reasoning_effort: assistantFields.reasoning_effort.optional(),
  stream: z.boolean().nullable().optional(),
  max_prompt_tokens: tokenBudget,
  max_completion_tokens: tokenBudget,
  truncation_strategy: truncationStrategySchema.nullable().optional(),
  tool_choice: toolChoiceSchema.nullable().optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: assistantFields.response_format.optional(),
  // Extension: run this version of the assistant (its number, or a label pointing at one) instead of the current one.
  assistant_version: assistantVersionRefSchema.nullable().optional(),
  // Extension: this run's run.action_required goes here instead of the assistant's webhook_url.
  webhook_url: webhookUrlSchema.nullable().optional(),
};

/** POST /threads/{thread_id}/runs. */
export const runCreateSchema = storable(z.strictObject(runFields, { message: "the request body must be a JSON object" }));
export type RunCreateInput = z.output<typeof runCreateSchema>;

/** POST /threads/runs: a run's fields (no additional_*: the thread is new) plus the thread to create. */
const { additional_messages: _messages, additional_instructions: _extra, ...threadRunFields } = runFields;
export const threadAndRunSchema = storable(
  z.strictObject(
    {
      ...threadRunFields,
      thread: z.strictObject(threadFields, { message: "must be an object" }).optional(),
      tool_resources: threadFields.tool_resources,
    },
    { message: "the request body must be a JSON object" },
  ),
);
export type ThreadAndRunInput = z.output<typeof threadAndRunSchema>;

export const MAX_TOOL_OUTPUT_CHARS = 512_000;

export const submitToolOutputsSchema = storable(
  z.strictObject(
    {
      tool_outputs: z
        .array(
          z.strictObject({
            tool_call_id: z.string().min(1, "must not be empty").max(64),
            output: z.string().max(MAX_TOOL_OUTPUT_CHARS, `at most ${MAX_TOOL_OUTPUT_CHARS} characters`).default(""),
          }),
        )
        .min(1, "must have at least one output"),
      stream: z.boolean().nullable().optional(),
    },
    { message: "the request body must be a JSON object" },
  ),
);
export type SubmitToolOutputsInput = z.output<typeof submitToolOutputsSchema>;

/** Atelier's extension (issue 24): a decision for each plugin or MCP call the run waits to have approved. */
export const submitToolApprovalsSchema = storable(
  z.strictObject(
    {
      approvals: z
        .array(
          z.strictObject({
            tool_call_id: z.string().min(1, "must not be empty").max(64),
            approve: z.boolean({ message: "must be true (run the call) or false (deny it)" }),
            // What the model reads when a call is denied, e.g. why.
            reason: z.string().max(2000, "at most 2000 characters").nullable().optional(),
          }),
        )
        .min(1, "must have at least one decision"),
      stream: z.boolean().nullable().optional(),
    },
    { message: "the request body must be a JSON object" },
  ),
);
export type SubmitToolApprovalsInput = z.output<typeof submitToolApprovalsSchema>;

export const runUpdateSchema = storable(z.strictObject({ metadata: metadataSchema.nullable().optional() }, { message: "the request body must be a JSON object" }));

export const runListQuerySchema = listQuerySchema;
// `include[]`: the one value there is shows file_search results' text (lib/runs/wire.ts).
const includeField = { "include[]": z.enum([FILE_SEARCH_CONTENT], { message: `must be '${FILE_SEARCH_CONTENT}'` }).optional() };
export const stepListQuerySchema = listQuerySchema.extend(includeField);
export const stepIncludeQuerySchema = z.strictObject(includeField);
export const stepIncludes = (query: { "include[]"?: string }): StepIncludes => ({ fileSearchContent: query["include[]"] === FILE_SEARCH_CONTENT });
