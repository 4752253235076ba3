"use client";

import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import { stopTestRun } from "@/app/(console)/assistants/[assistant_id]/tests/actions";
import { AttemptDetails } from "@/components/assistant-tests/attempt-details";
import { percent, StatusBadge, TotalsBar } from "@/components/assistant-tests/progress";
import { RegressionText, variantLabel } from "@/components/assistant-tests/test-runs-table";
import { useTestRun } from "@/components/assistant-tests/use-test-runs";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { fromUnixSeconds, RelativeTime } from "@/components/ui/relative-time";
import { isTestRunOver } from "@/lib/assistant-tests/run-status";
import { InlineError } from "@/components/ui/inline-error";

// One test run (issue 22): its progress while it runs (polled every second), the totals, what
// changed since the previous run, and each test's attempts with their assertions, replies and
// threads. Running, it can be cancelled.

export function TestRunView({ assistantId, id, canEdit }: { assistantId: string; id: string; canEdit: boolean }) {
  const query = useTestRun(assistantId, id);
  const queryClient = useQueryClient();
  if (query.error) return <InlineError>{query.error.message}</InlineError>;
  if (!query.data) return <p className="text-sm text-muted-foreground">Loading…</p>;
  const { run, results } = query.data;
  const names = new Map(run.tests.map((test) => [test.test_id, test.test_name]));
  const named = (ids: string[]) => ids.map((testId) => names.get(testId) ?? testId).join(", ");
  return (
    <div className="flex flex-col gap-6">
      <section aria-label="Summary" className="flex flex-col gap-3 rounded-lg border p-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex flex-wrap items-center gap-3">
            <StatusBadge status={run.status} />
            <span className="font-medium">{variantLabel(run)}</span>
            <span className="text-sm text-muted-foreground">
              {run.tests.length} tests × {run.repeat} · started <RelativeTime date={fromUnixSeconds(run.created_at)} /> by {run.created_by}
            </span>
          </div>
          {canEdit && !isTestRunOver(run.status) ? (
            <ConfirmButton
              label="Cancel run"
              accessibleLabel="Cancel this test run"
              question="Stop this test run? Attempts not started are cancelled."
              confirmLabel="Cancel test run"
              action={stopTestRun}
              input={{ assistantId, id }}
              onSuccess={() => queryClient.invalidateQueries({ queryKey: ["test-run", assistantId, id] })}
            />
          ) : null}
        </div>
        <TotalsBar totals={run.totals} label="Test run progress" />
        <p className="text-sm" aria-live="polite">
          {run.totals.total - run.totals.pending} of {run.totals.total} attempts decided · {run.totals.passed} passed · {run.totals.failed} failed · {run.totals.errored} errored
          {run.totals.cancelled ? ` · ${run.totals.cancelled} cancelled` : ""} · pass rate {percent(run.pass_rate)}
        </p>
        {run.last_error ? <InlineError>{run.last_error.message}</InlineError> : null}
        {run.regressions && run.previous_test_run_id ? (
          <p className="text-sm">
            Since{" "}
            <Link href={`/assistants/${assistantId}/tests/runs/${run.previous_test_run_id}`} className="underline underline-offset-2">
              the previous run
            </Link>
            : <RegressionText run={run} />
            {run.regressions.broke.length ? <span className="block text-destructive">Broke: {named(run.regressions.broke)}</span> : null}
            {run.regressions.fixed.length ? <span className="block text-success">Fixed: {named(run.regressions.fixed)}</span> : null}
          </p>
        ) : null}
      </section>
      {run.tests.map((test) => (
        <section key={test.test_id} aria-label={`Test ${test.test_name}`} className="flex flex-col gap-2">
          <h2 className="flex flex-wrap items-center gap-2 text-base font-semibold">
            {test.test_name}
            <StatusBadge status={test.status} />
            {run.repeat > 1 ? <span className="text-sm font-normal text-muted-foreground">{test.passed}/{test.attempts} passed{test.flaky ? " · flaky" : ""}</span> : null}
          </h2>
          {results
            .filter((result) => result.test_id === test.test_id)
            .map((result) => (
              <AttemptDetails key={result.id} assistantId={assistantId} result={result} showAttempt={run.repeat > 1} />
            ))}
        </section>
      ))}
    </div>
  );
}
