import Link from "next/link";
import type { TestRunObject } from "@/lib/assistant-tests/run-wire";
import { percent, StatusBadge, TotalsBar } from "@/components/assistant-tests/progress";
import { fromUnixSeconds, RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

// An assistant's newest test runs: status and progress, the variant, the pass rate and what
// changed since the run before (tests that broke or were fixed).

export function variantLabel(run: Pick<TestRunObject, "version" | "assistant_version" | "overrides">): string {
  const base = typeof run.version === "string" ? `${run.version} (v${run.assistant_version})` : `v${run.assistant_version}`;
  return run.overrides && Object.keys(run.overrides).length ? `${base} + overrides` : base;
}

export function RegressionText({ run }: { run: TestRunObject }) {
  if (!run.regressions) return <span className="text-muted-foreground">first run</span>;
  const { broke, fixed, pass_rate_change: change } = run.regressions;
  const parts = [broke.length ? `${broke.length} broke` : null, fixed.length ? `${fixed.length} fixed` : null].filter(Boolean);
  return (
    <span className={broke.length ? "text-destructive" : undefined}>
      {parts.length ? parts.join(", ") : "no change"}
      {change !== null && change !== 0 ? ` (${change > 0 ? "+" : ""}${Math.round(change * 1000) / 10} pts)` : ""}
    </span>
  );
}

export function TestRunsTable({ assistantId, runs }: { assistantId: string; runs: TestRunObject[] }) {
  return (
    <Table label="Test runs">
      <TableHeader>
        <TableRow>
          <TableHead>Run</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="w-40">Progress</TableHead>
          <TableHead>Pass rate</TableHead>
          <TableHead className="max-sm:hidden">Since the previous run</TableHead>
          <TableHead className="max-md:hidden">Started</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {runs.map((run) => (
          <TableRow key={run.id}>
            <TableCell>
              <Link href={`/assistants/${assistantId}/tests/runs/${run.id}`} className="font-medium underline-offset-2 hover:underline">
                {variantLabel(run)}
              </Link>
              <span className="block text-xs text-muted-foreground">
                {run.tests.length} tests × {run.repeat}
                {run.trigger === "on_save" ? " · on save" : ""}
              </span>
            </TableCell>
            <TableCell>
              <StatusBadge status={run.status} />
            </TableCell>
            <TableCell>
              <TotalsBar totals={run.totals} label={`Progress of the run of ${variantLabel(run)}`} />
            </TableCell>
            <TableCell className="tabular-nums">{percent(run.pass_rate)}</TableCell>
            <TableCell className="max-sm:hidden">
              <RegressionText run={run} />
            </TableCell>
            <TableCell className="max-md:hidden">
              <RelativeTime date={fromUnixSeconds(run.created_at)} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
