// bench:runs' figures judged against issue 18's targets, printed as one table with PASS/FAIL (also
// bench:files', whose table has rows without a target: measured, not judged).
import type { StreamTiming } from "./sse-client";

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const ttfts = (timings: StreamTiming[]) => timings.map((timing) => timing.ttft);

/** Tokens per second from the first token to the last (the stream's own rate, not its start-up). */
export const rate = (timing: StreamTiming) => ((timing.tokens - 1) / (timing.lastAt - timing.firstAt)) * 1000;

/** A row of the table; without `target` it is only reported. `digits` fixes the decimals shown. */
export type Check = { what: string; value: number; unit: string; target?: number; atMost?: boolean; digits?: number; context?: string };

export const TARGETS = {
  addedTtftP50Ms: 15,
  addedTtftP99Ms: 60,
  cpuRatio: 2,
  writesPer1000Tokens: 15,
  loadTtftP99Ms: 1000,
  loadMinTokensPerSec: 45,
};

const judged = (check: Check): check is Check & { target: number } => check.target !== undefined;
const passes = (check: Check & { target: number }) => (check.atMost ? check.value <= check.target : check.value >= check.target);

const fmt = (value: number, unit: string, digits?: number) =>
  `${value.toFixed(digits ?? (unit === "×" || value < 10 ? 2 : 1))}${unit === "×" ? "×" : unit ? ` ${unit}` : ""}`;

export function formatChecks(checks: Check[]): { text: string; failed: number } {
  const rows = checks.map((check) => [
    check.what,
    fmt(check.value, check.unit, check.digits),
    judged(check) ? `${check.atMost ? "≤" : "≥"} ${fmt(check.target, check.unit, check.digits)}` : "",
    judged(check) ? (passes(check) ? "PASS" : "FAIL") : "",
    check.context ?? "",
  ]);
  const header = ["measure", "value", "target", "", "context"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const render = (cells: string[]) => cells.map((cell, column) => (column === 1 || column === 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join("  ").trimEnd();
  return {
    text: [render(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(render)].join("\n"),
    failed: checks.filter((check) => judged(check) && !passes(check)).length,
  };
}
