// bench:runs' figures judged against issue 18's targets, printed as one table with PASS/FAIL.
import type { StreamTiming } from "./sse-client";

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const ttfts = (timings: StreamTiming[]) => timings.map((timing) => timing.ttft);

/** Tokens per second from the first token to the last (the stream's own rate, not its start-up). */
export const rate = (timing: StreamTiming) => ((timing.tokens - 1) / (timing.lastAt - timing.firstAt)) * 1000;

export type Check = { what: string; value: number; unit: string; target: number; atMost: boolean; context?: string };

export const TARGETS = {
  addedTtftP50Ms: 15,
  addedTtftP99Ms: 60,
  cpuRatio: 2,
  writesPer1000Tokens: 15,
  loadTtftP99Ms: 1000,
  loadMinTokensPerSec: 45,
};

const passes = (check: Check) => (check.atMost ? check.value <= check.target : check.value >= check.target);

const fmt = (value: number, unit: string) => `${value.toFixed(unit === "×" || value < 10 ? 2 : 1)}${unit === "×" ? "×" : ` ${unit}`}`;

export function formatChecks(checks: Check[]): { text: string; failed: number } {
  const rows = checks.map((check) => [
    check.what,
    fmt(check.value, check.unit),
    `${check.atMost ? "≤" : "≥"} ${fmt(check.target, check.unit)}`,
    passes(check) ? "PASS" : "FAIL",
    check.context ?? "",
  ]);
  const header = ["measure", "value", "target", "", "context"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const render = (cells: string[]) => cells.map((cell, column) => (column === 1 || column === 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join("  ").trimEnd();
  return {
    text: [render(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(render)].join("\n"),
    failed: checks.filter((check) => !passes(check)).length,
  };
}
