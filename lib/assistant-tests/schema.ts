import { z } from "@/lib/zod";
import { assistantFields } from "@/lib/assistants/schema";
import { mockOutputsSchema } from "@/lib/assistants/mock-outputs";
import { attachmentsSchema } from "@/lib/messages/attachments-schema";
import { toolChoiceSchema } from "@/lib/runs/tool-choice";
import { storable } from "@/lib/storable-json";
import { assertionSchema } from "@/lib/assistant-tests/assertion-types";

// An assistant's test case (issue 22): its user turns (each with its files and run overrides, and
// the assertions on that turn's reply), the mock outputs that answer its function calls (the
// assistant's saved mocks when absent) and the assertions on the last turn. One schema for the
// API, the console's editor and import. Client-safe.

export const TEST_LIMITS = { turns: 20, assertions: 50, tags: 20, name: 256 } as const;

const tag = z.string().trim().min(1, "must not be empty").max(64, "at most 64 characters");

/** What one turn's run may set differently from the variant under test. */
export const turnOverridesSchema = z.strictObject({
  model: assistantFields.model.optional(),
  instructions: assistantFields.instructions.optional(),
  additional_instructions: z.string().max(256_000).optional(),
  temperature: assistantFields.temperature.optional(),
  top_p: assistantFields.top_p.optional(),
  response_format: assistantFields.response_format.optional(),
  tool_choice: toolChoiceSchema.optional(),
});

export const testTurnSchema = z.strictObject({
  role: z.literal("user", { message: "test turns are the user's: 'user'" }).default("user"),
  content: z.string().min(1, "must not be empty").max(32_768, "at most 32768 characters"),
  attachments: attachmentsSchema,
  overrides: turnOverridesSchema.optional(),
  assertions: z.array(assertionSchema).max(TEST_LIMITS.assertions, `at most ${TEST_LIMITS.assertions} assertions`).optional(),
});

const testFields = {
  name: z.string().trim().min(1, "must not be empty").max(TEST_LIMITS.name, `at most ${TEST_LIMITS.name} characters`),
  tags: z.array(tag).max(TEST_LIMITS.tags, `at most ${TEST_LIMITS.tags} tags`),
  turns: z.array(testTurnSchema).min(1, "a test has at least one turn").max(TEST_LIMITS.turns, `at most ${TEST_LIMITS.turns} turns`),
  /** null: the assistant's saved mock outputs answer the function calls. */
  mock_outputs: mockOutputsSchema.nullable(),
  assertions: z.array(assertionSchema).max(TEST_LIMITS.assertions, `at most ${TEST_LIMITS.assertions} assertions`),
};

const body = (message: string) => ({ message });

export const testCreateSchema = storable(
  z.strictObject(
    { ...testFields, tags: testFields.tags.default([]), mock_outputs: testFields.mock_outputs.optional().default(null), assertions: testFields.assertions.default([]) },
    body("the request body must be a JSON object with 'name' and 'turns'"),
  ),
);
export type TestCreateInput = z.output<typeof testCreateSchema>;

export const testUpdateSchema = storable(
  z.strictObject(
    { name: testFields.name.optional(), tags: testFields.tags.optional(), turns: testFields.turns.optional(), mock_outputs: testFields.mock_outputs.optional(), assertions: testFields.assertions.optional() },
    body("the request body must be a JSON object"),
  ),
);
export type TestUpdateInput = z.output<typeof testUpdateSchema>;

