import type { Totals } from "@/lib/assistant-tests/summary";
import { Badge } from "@/components/ui/badge";

// A test run's totals as a bar (passed, failed, errored, cancelled, pending) and an attempt's or
// run's status as a badge; shared by the Tests tab, a run's page and the assistants list.

const SEGMENTS = [
  ["passed", "bg-success"],
  ["failed", "bg-destructive"],
  ["errored", "bg-amber-500"],
  ["cancelled", "bg-muted-foreground/40"],
] as const;

export function TotalsBar({ totals, label }: { totals: Totals; label: string }) {
  const done = totals.total - totals.pending;
  const text = `${done} of ${totals.total} attempts decided: ${totals.passed} passed, ${totals.failed} failed, ${totals.errored} errored${totals.cancelled ? `, ${totals.cancelled} cancelled` : ""}`;
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={totals.total} aria-valuenow={done} aria-valuetext={text} title={text} className="flex h-2 w-full min-w-24 overflow-hidden rounded-full bg-secondary">
      {SEGMENTS.map(([key, color]) => (totals[key] ? <span key={key} className={color} style={{ width: `${(totals[key] / Math.max(1, totals.total)) * 100}%` }} /> : null))}
    </div>
  );
}

const VARIANT: Record<string, "success" | "destructive" | "neutral" | "outline"> = { passed: "success", completed: "outline", failed: "destructive", errored: "destructive", cancelled: "neutral", queued: "neutral", running: "neutral", in_progress: "neutral", pending: "neutral" };
const LABEL: Record<string, string> = { in_progress: "running", errored: "error" };

export function StatusBadge({ status }: { status: string }) {
  return <Badge variant={VARIANT[status] ?? "neutral"}>{LABEL[status] ?? status}</Badge>;
}

export const percent = (rate: number | null) => (rate === null ? "–" : `${Math.round(rate * 1000) / 10}%`);
