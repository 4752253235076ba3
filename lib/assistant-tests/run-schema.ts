import { z } from "@/lib/zod";
import { assistantFields } from "@/lib/assistants/schema";
import { assistantVersionRefSchema } from "@/lib/assistants/versions-schema";
import { storable } from "@/lib/storable-json";
import { turnOverridesSchema } from "@/lib/assistant-tests/schema";

// A test run's request (issue 22): which variant (a version number or label, or the assistant as
// it is, with overrides), which tests (all of them when none are named; or those with a tag), how
// many times each, how many at once, and the judge of rubric assertions. Client-safe: the console's
// Run dialog parses with it too.

import { TEST_RUN_LIMITS } from "@/lib/assistant-tests/run-status";

export { TEST_RUN_LIMITS, TEST_RUN_STATUSES, isTestRunOver, type TestRunStatus } from "@/lib/assistant-tests/run-status";

/** What the variant under test may set differently from the assistant or version: a turn's overrides, plus its tools. */
export const runOverridesSchema = turnOverridesSchema.extend({ tools: assistantFields.tools.optional() });
export type RunOverrides = z.output<typeof runOverridesSchema>;

export const testRunCreateSchema = storable(
  z.strictObject(
    {
      version: assistantVersionRefSchema.nullable().optional(),
      tests: z
        .array(z.string().min(1).max(64))
        .min(1, "name at least one test, or leave 'tests' out to run them all")
        .max(TEST_RUN_LIMITS.tests, `at most ${TEST_RUN_LIMITS.tests} tests`)
        .optional(),
      tag: z.string().trim().min(1).max(64).optional(),
      repeat: z.number().int().min(1, "must be at least 1").max(TEST_RUN_LIMITS.repeat, `at most ${TEST_RUN_LIMITS.repeat}`).default(1),
      concurrency: z.number().int().min(1, "must be at least 1").max(TEST_RUN_LIMITS.concurrency, `at most ${TEST_RUN_LIMITS.concurrency}`).optional(),
      overrides: runOverridesSchema.optional(),
      judge_model: z.string().trim().min(1).max(256).optional(),
    },
    { message: "the request body must be a JSON object" },
  ),
);
export type TestRunCreateInput = z.output<typeof testRunCreateSchema>;
