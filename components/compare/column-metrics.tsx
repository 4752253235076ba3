import { formatCount, formatDuration, formatRate } from "@/lib/playground/inspector";
import type { ColumnMetrics } from "@/lib/playground/compare";
import { formatCost } from "@/lib/pricing/format";

// A compare column's latest run in one line: time to first token, total time, tokens in and out,
// tokens/s and cost (when the model has a price). The same numbers as the run inspector's.

const DASH = "–";

export function ColumnMetricsView({ metrics }: { metrics: ColumnMetrics | null }) {
  const rows: [string, string][] = [
    ["First token", metrics?.timeToFirstTokenMs != null ? formatDuration(metrics.timeToFirstTokenMs) : DASH],
    ["Total", metrics?.totalMs != null ? formatDuration(metrics.totalMs) : DASH],
    ["Tokens in", metrics?.promptTokens != null ? formatCount(metrics.promptTokens) : DASH],
    ["Tokens out", metrics?.completionTokens != null ? formatCount(metrics.completionTokens) : DASH],
    ["Tokens/s", metrics?.tokensPerSecond != null ? formatRate(metrics.tokensPerSecond) : DASH],
    ["Cost", metrics?.cost ? formatCost(metrics.cost) : metrics?.completionTokens != null ? "no price" : DASH],
  ];
  return (
    <dl aria-label="Latest run" className="grid grid-cols-3 gap-x-2 gap-y-0.5 text-[0.6875rem] tabular-nums">
      {rows.map(([label, value]) => (
        <div key={label} className="flex min-w-0 justify-between gap-1">
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="truncate font-medium">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
