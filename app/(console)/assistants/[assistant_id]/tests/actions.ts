"use server";

import { workspaceAction } from "@/lib/auth/action";
import { testResultListQuerySchema } from "@/lib/assistant-tests/list-query";
import { testRunCreateSchema } from "@/lib/assistant-tests/run-schema";
import { cancelTestRun, createTestRun, getTestRun, latestRunPerVersion, listTestResults, listTestRuns } from "@/lib/assistant-tests/runs";
import { toTestResultObject, toTestRunObject } from "@/lib/assistant-tests/run-wire";
import { testCreateSchema } from "@/lib/assistant-tests/schema";
import { createTest, createTestFromThread, createTests, deleteTest, updateTest } from "@/lib/assistant-tests/service";
import { toTestObject } from "@/lib/assistant-tests/wire";
import { setRunOnSave } from "@/lib/assistant-tests/on-save";
import { AppError } from "@/lib/errors";
import { z } from "@/lib/zod";

// The Tests tab: tests written, imported and deleted, test runs started, followed and cancelled,
// and "Save as test" from the playground. The same services as the API's /tests and /test_runs.

const assistantId = z.string().min(1).max(64);

export const saveTest = workspaceAction({ role: "editor", schema: z.object({ assistantId, id: z.string().min(1).max(64).optional(), test: testCreateSchema }) }, async ({ input, caller }) => {
  const row = input.id ? await updateTest(caller, input.assistantId, input.id, input.test) : await createTest(caller, input.assistantId, input.test);
  return toTestObject(row);
});

export const removeTest = workspaceAction({ role: "editor", schema: z.object({ assistantId, id: z.string().min(1).max(64) }) }, async ({ input, caller }) => {
  await deleteTest(caller, input.assistantId, input.id);
  return { id: input.id };
});

/** Import: every test is checked first (errors name `tests.<i>.<field>`); then all are written, or none. */
export const importTests = workspaceAction({ role: "editor", schema: z.object({ assistantId, tests: z.array(testCreateSchema).min(1, "the file has no tests").max(200, "at most 200 tests at once") }) }, async ({ input, caller }) => {
  const rows = await createTests(caller, input.assistantId, input.tests);
  return { count: rows.length };
});

export const saveThreadAsTest = workspaceAction({ role: "editor", schema: z.object({ assistantId, threadId: z.string().min(1).max(64) }) }, async ({ input, caller }) => {
  const row = await createTestFromThread(caller, input.assistantId, input.threadId);
  return { id: row.id };
});

export const startTestRun = workspaceAction({ role: "editor", schema: z.object({ assistantId, request: testRunCreateSchema }) }, async ({ input, caller }) =>
  toTestRunObject(await createTestRun(caller, input.assistantId, input.request, "console")),
);

export const stopTestRun = workspaceAction({ role: "editor", schema: z.object({ assistantId, id: z.string().min(1).max(64) }) }, async ({ input, caller }) =>
  toTestRunObject(await cancelTestRun(caller, input.assistantId, input.id)),
);

/** The Tests tab's live data: the newest test runs, and each version's latest result for the chart. */
export const loadTestRuns = workspaceAction({ role: "viewer", schema: z.object({ assistantId }) }, async ({ input, caller }) => {
  const [runs, perVersion] = await Promise.all([listTestRuns(caller, input.assistantId, { limit: 20, order: "desc" }), latestRunPerVersion(caller, input.assistantId, 30)]);
  return { runs: runs.data.map(toTestRunObject), perVersion: perVersion.map(toTestRunObject) };
});

/** One test run with its attempts (up to 500: 20 repeats of 25 tests). */
export const loadTestRun = workspaceAction({ role: "viewer", schema: z.object({ assistantId, id: z.string().min(1).max(64) }) }, async ({ input, caller }) => {
  const run = toTestRunObject(await getTestRun(caller, input.assistantId, input.id));
  const results = [];
  for (let after: string | undefined; ; ) {
    const page = await listTestResults(caller, input.assistantId, input.id, testResultListQuerySchema.parse({ limit: "100", after }));
    results.push(...page.data.map(toTestResultObject));
    if (!page.hasMore || results.length >= 500) break;
    after = page.data.at(-1)?.id;
    if (!after) throw new AppError("internal", "A page of results ended without an id.");
  }
  return { run, results };
});

/** "Run tests on every save": each change that makes a new version starts a test run of all the tests. */
export const setTestsOnSave = workspaceAction({ role: "editor", schema: z.object({ assistantId, enabled: z.boolean() }) }, async ({ input, caller }) => setRunOnSave(caller, input.assistantId, input.enabled));
