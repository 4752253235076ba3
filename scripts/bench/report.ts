// Formats the benchmark's results as a plain-text table and judges them against the targets.
import type { Figures, Scenario } from "./load";

export const TARGETS = {
  /** Atelier's throughput as a share of the bare server's, for retrieve and list. */
  minRatio: 0.4,
  /** Atelier's p99 latency for retrieve and list, in ms. */
  maxP99Ms: 50,
  scenarios: ["retrieve", "list"] as readonly Scenario["name"][],
};

export type Row = { scenario: Scenario["name"]; atelier: Figures; bare: Figures };

export type Verdict = { met: boolean; text: string };

export function verdict(row: Row): Verdict {
  const ratio = row.atelier.reqPerSec / row.bare.reqPerSec;
  const ratioOk = ratio >= TARGETS.minRatio;
  const p99Ok = row.atelier.p99 <= TARGETS.maxP99Ms;
  const parts = [`ratio ${ratioOk ? "ok" : "MISSED"}`, `p99 ${p99Ok ? "ok" : "MISSED"}`];
  if (!TARGETS.scenarios.includes(row.scenario)) {
    // Writes have no target: Postgres' commit (fsync) is the bulk of their cost for both servers.
    return { met: true, text: `no target (p99 ≤ ${TARGETS.maxP99Ms} ms: ${p99Ok ? "yes" : "no"})` };
  }
  return { met: ratioOk && p99Ok, text: ratioOk && p99Ok ? "met" : parts.join(", ") };
}

const num = (value: number, digits = 0) => value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function formatTable(rows: Row[]): string {
  const header = ["scenario", "Atelier req/s", "p50 ms", "p99 ms", "bare req/s", "p50 ms", "p99 ms", "ratio", "targets"];
  const lines = rows.map((row) => [
    row.scenario,
    num(row.atelier.reqPerSec),
    num(row.atelier.p50, 1),
    num(row.atelier.p99, 1),
    num(row.bare.reqPerSec),
    num(row.bare.p50, 1),
    num(row.bare.p99, 1),
    `${num((100 * row.atelier.reqPerSec) / row.bare.reqPerSec)}%`,
    verdict(row).text,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 || column === cells.length - 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join(" | ");
  return [render(header), widths.map((width) => "-".repeat(width)).join("-|-"), ...lines.map(render)].join("\n");
}

/**
 * Server CPU per request: steadier than req/s when other work shares the cores, and the ratio says
 * how much work the framework adds per request whatever the machine is doing.
 */
export function formatCpu(rows: Row[]): string | null {
  if (rows.some((row) => row.atelier.cpuMsPerReq === null || row.bare.cpuMsPerReq === null)) return null;
  const lines = rows.map((row) => {
    const atelier = row.atelier.cpuMsPerReq!;
    const bare = row.bare.cpuMsPerReq!;
    return `  ${row.scenario.padEnd(8)}  Atelier ${num(atelier, 2).padStart(5)} ms  bare ${num(bare, 2).padStart(5)} ms  (×${num(atelier / bare, 1)})`;
  });
  return ["server-process CPU per request (excludes Postgres and the load generator):", ...lines].join("\n");
}

/** Why a run cannot be trusted: any failed request, on either server, in warm-up or measurement. */
export function invalidity(rows: Row[]): string[] {
  const problems: string[] = [];
  for (const row of rows) {
    for (const [server, figures] of [["Atelier", row.atelier], ["bare", row.bare]] as const) {
      if (figures.non2xx || figures.errors || figures.timeouts) {
        problems.push(
          `${row.scenario} on ${server}: ${figures.non2xx} non-2xx, ${figures.errors} errors, ${figures.timeouts} timeouts (status codes: ${figures.statuses || "none"})`,
        );
      }
    }
  }
  return problems;
}
