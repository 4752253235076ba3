import "server-only";
import { requireWrite, type Caller } from "@/lib/auth/caller";
import { getAssistant } from "@/lib/assistants/service";
import { getVersion, resolveVersion } from "@/lib/assistants/versions";
import { fromStored } from "@/lib/assistants/versions-core";
import type { MockOutputs } from "@/lib/assistants/mock-outputs";
import { getDb, getPool } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { Prisma, type AssistantTest, type AssistantTestResult, type AssistantTestRun } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, newId, timeFromId } from "@/lib/ids";
import { keysetSql, toPage, type ListQuery, type Page } from "@/lib/pagination";
import { enqueueTestRun } from "@/lib/assistant-tests/queue";
import type { TestRunCreateInput } from "@/lib/assistant-tests/run-schema";
import { totalsOf, type AttemptRow } from "@/lib/assistant-tests/summary";
import type { AttemptSpec } from "@/lib/assistant-tests/run-wire";

// The only code that writes test runs and their results (issue 22), besides the worker's own
// statements (lib/assistant-tests/worker.ts). A test run is made whole in one transaction: the
// variant resolved to a version number, and one `queued` result per test and attempt holding the
// test as it is now (so editing a test later does not change what a past run checked). Then it is
// queued for the background worker; a test run the queue missed is found by its sweep.

export type TestRunTrigger = "api" | "console" | "on_save";
export type TestRunWithRows = AssistantTestRun & { rows: AttemptRow[]; previous: { id: string; rows: AttemptRow[] } | null };

const byId = (id: string) => timeFromId(id, ID_PREFIXES.testRun) !== null;

async function testsFor(assistantId: string, workspaceId: string, input: TestRunCreateInput): Promise<AssistantTest[]> {
  if (!input.tests) {
    const rows = await getDb().assistantTest.findMany({ where: { assistantId, workspaceId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    const tagged = input.tag === undefined ? rows : rows.filter((row) => (row.tags as string[]).includes(input.tag!));
    if (!tagged.length) throw new AppError("invalid_request", input.tag === undefined ? "This assistant has no tests to run: add one first." : `No test of this assistant has the tag '${input.tag}'.`, { param: input.tag === undefined ? "tests" : "tag" });
    return tagged;
  }
  const ids = [...new Set(input.tests)];
  const rows = await getDb().assistantTest.findMany({ where: { id: { in: ids }, assistantId, workspaceId } });
  const found = new Map(rows.map((row) => [row.id, row]));
  const missing = input.tests.findIndex((id) => !found.has(id));
  if (missing >= 0) throw new AppError("invalid_request", `No test with id '${input.tests[missing]}' belongs to this assistant.`, { param: `tests[${missing}]` });
  const tagged = ids.map((id) => found.get(id)!).filter((row) => input.tag === undefined || (row.tags as string[]).includes(input.tag));
  if (!tagged.length) throw new AppError("invalid_request", `None of the tests named has the tag '${input.tag}'.`, { param: "tag" });
  return tagged;
}

export async function createTestRun(caller: Caller, assistantId: string, input: TestRunCreateInput, trigger: TestRunTrigger): Promise<TestRunWithRows> {
  requireWrite(caller);
  const assistant = await getAssistant(caller, assistantId);
  const version = input.version == null ? assistant.version : await resolveVersion(caller, assistantId, input.version, "version");
  const tests = await testsFor(assistantId, caller.workspaceId, input);
  // Function calls are answered with the test's mocks, else those of the version under test.
  const versionMocks = (version === assistant.version ? assistant.mockOutputs : fromStored((await getVersion(caller, assistantId, version)).snapshot).mockOutputs) as MockOutputs | null;
  const createdAt = new Date();
  const id = newId(ID_PREFIXES.testRun, createdAt);
  const results = tests.flatMap((test, index) =>
    Array.from({ length: input.repeat }, (_, attempt) => {
      const spec: AttemptSpec = { turns: test.turns as AttemptSpec["turns"], assertions: test.assertions as AttemptSpec["assertions"], mock_outputs: (test.mockOutputs ?? versionMocks ?? {}) as MockOutputs };
      // Ids in the order the results are listed: by test, then attempt.
      const at = new Date(createdAt.getTime() + index * input.repeat + attempt);
      return { id: newId(ID_PREFIXES.testResult, at), testRunId: id, testId: test.id, testName: test.name, attempt: attempt + 1, status: "queued", spec: spec as unknown as Prisma.InputJsonValue, createdAt: at };
    }),
  );
  await getDb().$transaction([
    getDb().assistantTestRun.create({
      data: {
        id,
        workspaceId: caller.workspaceId,
        assistantId,
        status: "queued",
        versionRequested: input.version == null ? null : String(input.version),
        assistantVersion: version,
        overrides: input.overrides ? (input.overrides as Prisma.InputJsonValue) : Prisma.JsonNull,
        repeat: input.repeat,
        concurrency: input.concurrency ?? 0,
        judgeModel: input.judge_model ?? null,
        trigger,
        createdBy: caller.label,
        createdAt,
      },
    }),
    getDb().assistantTestResult.createMany({ data: results }),
  ]);
  await enqueueTestRun(id);
  return getTestRun(caller, assistantId, id);
}

async function findRun(caller: Caller, assistantId: string, testRunId: string): Promise<AssistantTestRun> {
  await getAssistant(caller, assistantId);
  const row = byId(testRunId) ? await getDb().assistantTestRun.findFirst({ where: { id: testRunId, assistantId, workspaceId: caller.workspaceId } }) : null;
  if (!row) throw notFound("test run", testRunId);
  return row;
}

/** Each run's attempts (test, attempt, status) and its previous completed run's, in two queries. */
async function withRows(runs: AssistantTestRun[]): Promise<TestRunWithRows[]> {
  if (!runs.length) return [];
  const { rows: previous } = await getPool().query<{ run_id: string; previous_id: string }>(
    `SELECT r.id AS run_id, p.id AS previous_id FROM assistant_test_runs r
       CROSS JOIN LATERAL (SELECT id FROM assistant_test_runs p WHERE p.assistant_id = r.assistant_id AND p.status = 'completed'
                             AND (p.created_at, p.id) < (r.created_at, r.id) ORDER BY p.created_at DESC, p.id DESC LIMIT 1) p
      WHERE r.id = ANY($1::text[])`,
    [runs.map((run) => run.id)],
  );
  const previousOf = new Map(previous.map((row) => [row.run_id, row.previous_id]));
  const ids = [...new Set([...runs.map((run) => run.id), ...previousOf.values()])];
  const { rows } = await getPool().query<AttemptRow & { test_run_id: string }>(
    `SELECT test_run_id, test_id, test_name, attempt, status FROM assistant_test_results WHERE test_run_id = ANY($1::text[]) ORDER BY created_at, id`,
    [ids],
  );
  const grouped = new Map<string, AttemptRow[]>();
  for (const { test_run_id, ...row } of rows) grouped.set(test_run_id, [...(grouped.get(test_run_id) ?? []), row]);
  return runs.map((run) => {
    const previousId = previousOf.get(run.id);
    return { ...run, rows: grouped.get(run.id) ?? [], previous: previousId ? { id: previousId, rows: grouped.get(previousId) ?? [] } : null };
  });
}

export async function getTestRun(caller: Caller, assistantId: string, testRunId: string): Promise<TestRunWithRows> {
  return (await withRows([await findRun(caller, assistantId, testRunId)]))[0]!;
}

export async function listTestRuns(caller: Caller, assistantId: string, query: ListQuery): Promise<Page<TestRunWithRows>> {
  await getAssistant(caller, assistantId);
  const { clause, params, reversed } = keysetSql(query, ID_PREFIXES.testRun, 3);
  const rows = await getDb().$queryRawUnsafe<AssistantTestRun[]>(
    `SELECT id, workspace_id AS "workspaceId", assistant_id AS "assistantId", status, version_requested AS "versionRequested", assistant_version AS "assistantVersion",
            overrides, repeat, concurrency, judge_model AS "judgeModel", trigger, created_by AS "createdBy", last_error AS "lastError", resumes,
            created_at AS "createdAt", started_at AS "startedAt", ended_at AS "endedAt"
       FROM assistant_test_runs WHERE assistant_id = $1 AND workspace_id = $2 ${clause}`,
    assistantId,
    caller.workspaceId,
    ...params,
  );
  const page = toPage(rows, query.limit, reversed);
  return { ...page, data: await withRows(page.data) };
}

export async function listTestResults(caller: Caller, assistantId: string, testRunId: string, query: ListQuery & { status?: string }): Promise<Page<AssistantTestResult>> {
  await findRun(caller, assistantId, testRunId);
  const values: unknown[] = [testRunId];
  const status = query.status === undefined ? "" : `AND status = $${values.push(query.status)}`;
  const { clause, params, reversed } = keysetSql(query, ID_PREFIXES.testResult, values.length + 1);
  const rows = await getDb().$queryRawUnsafe<AssistantTestResult[]>(
    `SELECT id, test_run_id AS "testRunId", test_id AS "testId", test_name AS "testName", attempt, status, spec, thread_id AS "threadId", turns, outcomes, usage,
            latency_ms AS "latencyMs", error, created_at AS "createdAt", started_at AS "startedAt", ended_at AS "endedAt"
       FROM assistant_test_results WHERE test_run_id = $1 ${status} ${clause}`,
    ...values,
    ...params,
  );
  return toPage(rows, query.limit, reversed);
}

/**
 * Cancels a test run that is not over: at once in the database (attempts not started are
 * cancelled with it); the worker sees it within a second and cancels the attempts under way.
 */
export async function cancelTestRun(caller: Caller, assistantId: string, testRunId: string): Promise<TestRunWithRows> {
  requireWrite(caller);
  const run = await findRun(caller, assistantId, testRunId);
  const cancelled = await getDb().$transaction(async (tx) => {
    const changed = await tx.assistantTestRun.updateMany({ where: { id: run.id, status: { in: ["queued", "in_progress"] } }, data: { status: "cancelled", endedAt: new Date() } });
    if (changed.count) await tx.assistantTestResult.updateMany({ where: { testRunId: run.id, status: "queued" }, data: { status: "cancelled", error: "The test run was cancelled.", endedAt: new Date() } });
    return changed.count > 0;
  });
  if (!cancelled) {
    const now = await findRun(caller, assistantId, testRunId);
    throw new AppError("invalid_request", `Cannot cancel a test run whose status is '${now.status}'.`, { param: null });
  }
  return getTestRun(caller, assistantId, testRunId);
}

/** The newest test run of each of these assistants (the assistants list's and History's badges). */
export async function latestTestRuns(caller: Caller, assistantIds: string[]): Promise<Map<string, TestRunWithRows>> {
  if (!assistantIds.length) return new Map();
  const { rows } = await getPool().query<{ id: string }>(
    `SELECT DISTINCT ON (assistant_id) id FROM assistant_test_runs WHERE workspace_id = $1 AND assistant_id = ANY($2::text[]) ORDER BY assistant_id, created_at DESC, id DESC`,
    [caller.workspaceId, assistantIds],
  );
  const runs = await getDb().assistantTestRun.findMany({ where: { id: { in: rows.map((row) => row.id) } } });
  return new Map((await withRows(runs)).map((run) => [run.assistantId, run]));
}

/** Each version's newest completed test run (History's results, the pass-rate chart), newest version first. */
export async function latestRunPerVersion(caller: Caller, assistantId: string, limit = 50): Promise<TestRunWithRows[]> {
  await getAssistant(caller, assistantId);
  const { rows } = await getPool().query<{ id: string }>(
    `SELECT id FROM (SELECT DISTINCT ON (assistant_version) id, assistant_version FROM assistant_test_runs
       WHERE assistant_id = $1 AND workspace_id = $2 AND status = 'completed' ORDER BY assistant_version DESC, created_at DESC, id DESC) latest
      ORDER BY assistant_version DESC LIMIT $3`,
    [assistantId, caller.workspaceId, limit],
  );
  const runs = await getDb().assistantTestRun.findMany({ where: { id: { in: rows.map((row) => row.id) } }, orderBy: { assistantVersion: "desc" } });
  return withRows(runs);
}

/** A test run as the badges show it (History, the assistants list). */
export function resultSummary(run: TestRunWithRows): { assistantId: string; testRunId: string; passed: number; decided: number; status: string } {
  const totals = totalsOf(run.rows);
  return { assistantId: run.assistantId, testRunId: run.id, passed: totals.passed, decided: totals.passed + totals.failed + totals.errored, status: run.status };
}
