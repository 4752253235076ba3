import { z } from "@/lib/zod";
import { metadataSchema, toolResourcesSchema } from "@/lib/assistants/schema";
import { messageFieldsSchema } from "@/lib/messages/schema";
import { storable } from "@/lib/storable-json";

// What a valid thread is: POST /threads (with its first messages), POST /threads/{id}, and the
// `thread` of POST /threads/runs.

export const MAX_INITIAL_MESSAGES = 100;

export const threadFields = {
  messages: z.array(messageFieldsSchema).max(MAX_INITIAL_MESSAGES, `at most ${MAX_INITIAL_MESSAGES} messages`).optional(),
  tool_resources: toolResourcesSchema.nullable().optional(),
  metadata: metadataSchema.nullable().optional(),
};

export const threadCreateSchema = storable(z.strictObject(threadFields, { message: "the request body must be a JSON object" }));
export type ThreadCreateInput = z.output<typeof threadCreateSchema>;

export const threadUpdateSchema = storable(
  z.strictObject({ tool_resources: threadFields.tool_resources, metadata: threadFields.metadata }, { message: "the request body must be a JSON object" }),
);
export type ThreadUpdateInput = z.output<typeof threadUpdateSchema>;
