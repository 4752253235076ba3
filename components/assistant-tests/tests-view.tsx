"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { removeTest, startTestRun } from "@/app/(console)/assistants/[assistant_id]/tests/actions";
import { ImportExport } from "@/components/assistant-tests/import-export";
import { PassRateChart } from "@/components/assistant-tests/pass-rate-chart";
import { percent, StatusBadge } from "@/components/assistant-tests/progress";
import { RunControls, type VersionChoice } from "@/components/assistant-tests/run-controls";
import { RunOnSave } from "@/components/assistant-tests/run-on-save";
import { TestRunsTable } from "@/components/assistant-tests/test-runs-table";
import { useTestRuns } from "@/components/assistant-tests/use-test-runs";
import { callAction } from "@/components/forms/call-action";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { TestSummary } from "@/lib/assistant-tests/summary";
import type { AssistantTestObject } from "@/lib/assistant-tests/wire";
import { InlineError } from "@/components/ui/inline-error";

// The assistant's Tests tab (issue 22): its tests with each one's latest result, run controls
// (all, or one test), import and export, the newest test runs with their progress (polled while
// one runs), and the pass rate of each version.

type Props = { assistantId: string; currentVersion: number; tests: AssistantTestObject[]; versions: VersionChoice[]; canEdit: boolean; runOnSave: boolean };

function RunOne({ assistantId, test }: { assistantId: string; test: AssistantTestObject }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = () =>
    startTransition(async () => {
      const result = await callAction(() => startTestRun({ assistantId, request: { tests: [test.id], repeat: 1 } }));
      if (!result.ok) return setError(result.message);
      router.push(`/assistants/${assistantId}/tests/runs/${result.data.id}`);
    });
  return (
    <>
      <Button variant="outline" size="sm" onClick={run} disabled={pending} aria-label={`Run test ${test.name}`}>
        {pending ? "Starting…" : "Run"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-destructive">
          {error}
        </span>
      ) : null}
    </>
  );
}

export function TestsView({ assistantId, currentVersion, tests, versions, canEdit, runOnSave }: Props) {
  const runs = useTestRuns(assistantId);
  // Each test's result in the newest run that ran it.
  const latest = new Map<string, TestSummary>();
  for (const run of runs.data?.runs ?? []) for (const summary of run.tests) if (!latest.has(summary.test_id)) latest.set(summary.test_id, summary);

  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="tests-heading" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div className="flex flex-col gap-1">
            <h2 id="tests-heading" className="text-lg font-semibold">
              Tests <span className="text-sm font-normal text-muted-foreground">{tests.length}</span>
            </h2>
            <p className="text-sm text-muted-foreground">Each test is a conversation with assertions on the replies; function calls are answered with mock outputs, so tests run unattended.</p>
          </div>
          <div className="flex flex-wrap items-start gap-2">
            <ImportExport assistantId={assistantId} tests={tests} canEdit={canEdit} />
            {canEdit ? (
              <Link href={`/assistants/${assistantId}/tests/new`} className={buttonClasses({ size: "sm" })}>
                New test
              </Link>
            ) : null}
          </div>
        </div>
        {canEdit && tests.length ? (
          <div className="flex flex-wrap items-end justify-between gap-4">
            <RunControls assistantId={assistantId} currentVersion={currentVersion} versions={versions} disabled={false} />
            <RunOnSave assistantId={assistantId} initial={runOnSave} canEdit={canEdit} />
          </div>
        ) : null}
        {tests.length === 0 ? (
          <EmptyState
            title="No tests yet"
            description="Write one here, import a file, or open a conversation in the playground and choose Save as test: its messages become the turns and its tool outputs the mocks."
          />
        ) : (
          <Table label="Tests">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead className="max-sm:hidden">Turns</TableHead>
                <TableHead className="max-sm:hidden">Assertions</TableHead>
                <TableHead>Last result</TableHead>
                <TableHead className="text-right">Actions</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {tests.map((test) => {
                const result = latest.get(test.id);
                const assertions = test.assertions.length + test.turns.reduce((sum, turn) => sum + (turn.assertions?.length ?? 0), 0);
                return (
                  <TableRow key={test.id}>
                    <TableCell>
                      <Link href={`/assistants/${assistantId}/tests/${test.id}`} className="font-medium underline-offset-2 hover:underline">
                        {test.name}
                      </Link>
                      {test.tags.length ? (
                        <span className="mt-1 flex flex-wrap gap-1">
                          {test.tags.map((tag) => (
                            <Badge key={tag} variant="outline">
                              {tag}
                            </Badge>
                          ))}
                        </span>
                      ) : null}
                    </TableCell>
                    <TableCell className="tabular-nums max-sm:hidden">{test.turns.length}</TableCell>
                    <TableCell className="tabular-nums max-sm:hidden">{assertions}</TableCell>
                    <TableCell>
                      {result ? (
                        <span className="flex items-center gap-2">
                          <StatusBadge status={result.status} />
                          {result.attempts > 1 ? <span className="text-xs text-muted-foreground">{percent(result.pass_rate)}{result.flaky ? " · flaky" : ""}</span> : null}
                        </span>
                      ) : (
                        <span className="text-sm text-muted-foreground">not run</span>
                      )}
                    </TableCell>
                    <TableCell>
                      <div className="flex flex-wrap items-center justify-end gap-2">
                        {canEdit ? <RunOne assistantId={assistantId} test={test} /> : null}
                        {canEdit ? (
                          <ConfirmButton label="Delete" accessibleLabel={`Delete test ${test.name}`} question="Delete this test? Past results keep it." confirmLabel="Delete test" action={removeTest} input={{ assistantId, id: test.id }} />
                        ) : null}
                      </div>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="runs-heading" className="flex flex-col gap-3">
        <h2 id="runs-heading" className="text-lg font-semibold">
          Test runs
        </h2>
        {runs.error ? (
          <InlineError>
            {runs.error.message}
          </InlineError>
        ) : runs.data?.runs.length ? (
          <TestRunsTable assistantId={assistantId} runs={runs.data.runs} />
        ) : (
          <p className="text-sm text-muted-foreground">{runs.isPending ? "Loading…" : "No test runs yet."}</p>
        )}
      </section>

      <section aria-labelledby="chart-heading" className="flex flex-col gap-3">
        <h2 id="chart-heading" className="text-lg font-semibold">
          Pass rate by version
        </h2>
        <PassRateChart runs={runs.data?.perVersion ?? []} />
      </section>
    </div>
  );
}
