// `npm run bench:code`: the code interpreter's sandboxes (issue 23), each the same way: a session's
// cold start (the interpreter started, to its first result), a warm call (`x + 1`, p50 and p95 over
// BENCH_CALLS), and BENCH_SESSIONS sessions alive at once: each one's resident memory (for bwrap,
// bwrap's processes and everything under them added up). For bwrap also the first call that
// imports numpy and pandas (what a lazy start costs later). Targets on the issue: cold start ≤ 3 s;
// warm call ≤ 50 ms (pyodide) and ≤ 100 ms (bwrap); ≤ 150 MB per live pyodide session.
// BENCH_SANDBOXES=pyodide,bwrap picks them. A script that prints numbers (and says which targets
// were missed), not a test.
import { readFileSync } from "node:fs";
import { bwrapAvailable, BwrapSession, sandboxResidentBytes } from "@/lib/code/bwrap-sandbox";
import { PyodideSession } from "@/lib/code/pyodide-sandbox";
import type { CodeLimits, CodeSession, SandboxKind } from "@/lib/code/sandbox";

const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 20);
const SANDBOXES = (process.env.BENCH_SANDBOXES ?? "pyodide,bwrap").split(",").map((item) => item.trim()) as SandboxKind[];
const LIMITS = { timeoutMs: 60_000, memoryBytes: 1024 * 1024 * 1024, outputChars: 100_000 };

type Sandbox = { make: (limits: CodeLimits) => CodeSession & { pid: number | null }; rssMb: (pid: number | null) => number; warmTargetMs: number; memoryTargetMb: number | null };

const processRssMb = (pid: number | null) => {
  if (pid === null) return NaN;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
};

const SANDBOX: Record<SandboxKind, Sandbox> = {
  pyodide: { make: (limits) => new PyodideSession(limits), rssMb: processRssMb, warmTargetMs: 50, memoryTargetMb: 150 },
  bwrap: { make: (limits) => new BwrapSession(limits), rssMb: (pid) => (pid === null ? NaN : sandboxResidentBytes(pid) / 1024 / 1024), warmTargetMs: 100, memoryTargetMb: null },
};

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

async function timed(session: CodeSession, code: string, expected?: string): Promise<number> {
  const started = performance.now();
  const result = await session.run(code);
  if (result.status !== "ok" || (expected !== undefined && result.logs !== expected)) throw new Error(`unexpected result ${JSON.stringify(result)}`);
  return performance.now() - started;
}

async function measure(kind: SandboxKind): Promise<string[]> {
  const sandbox = SANDBOX[kind];
  const session = sandbox.make(LIMITS);
  const cold = await timed(session, "x = 41");
  const warm: number[] = [];
  for (let i = 0; i < CALLS; i++) warm.push(await timed(session, "print(x + 1)", "42\n"));
  const extra = kind === "bwrap" ? `   first numpy + pandas import ${(await timed(session, "import numpy, pandas")).toFixed(0)} ms` : "";
  session.close();

  const sessions = Array.from({ length: SESSIONS }, () => sandbox.make(LIMITS));
  const started = performance.now();
  await Promise.all(sessions.map((item, index) => timed(item, `data = list(range(10000))\nprint(${index})`, `${index}\n`)));
  const allUp = performance.now() - started;
  const memory = sessions.map((item) => sandbox.rssMb(item.pid));
  for (const item of sessions) item.close();

  const p50 = percentile(warm, 50);
  const p95 = percentile(warm, 95);
  const maxMb = Math.max(...memory);
  console.log(
    `${kind.padEnd(9)} ${`${(cold / 1000).toFixed(2)} s`.padEnd(12)} ${`${p50.toFixed(1)} ms`.padEnd(15)} ${`${p95.toFixed(1)} ms`.padEnd(15)} ${String(SESSIONS).padEnd(10)} ${`${(allUp / 1000).toFixed(1)} s`.padEnd(13)} ${(memory.reduce((a, b) => a + b, 0) / memory.length).toFixed(0)} / ${maxMb.toFixed(0)} MB${extra}`,
  );
  return [
    cold > 3000 && `${kind} cold start ${(cold / 1000).toFixed(2)} s > 3 s`,
    p50 > sandbox.warmTargetMs && `${kind} warm call ${p50.toFixed(1)} ms > ${sandbox.warmTargetMs} ms`,
    sandbox.memoryTargetMb !== null && maxMb > sandbox.memoryTargetMb && `${kind} session memory ${maxMb.toFixed(0)} MB > ${sandbox.memoryTargetMb} MB`,
  ].filter((item): item is string => Boolean(item));
}

async function main(): Promise<void> {
  console.log("sandbox   cold start   warm call p50   warm call p95   sessions   all started   RSS per session (mean / max)");
  const missed: string[] = [];
  for (const kind of SANDBOXES) {
    if (!(kind in SANDBOX)) throw new Error(`unknown sandbox ${kind} (pyodide, bwrap)`);
    const available = kind === "bwrap" ? bwrapAvailable() : { ok: true as const };
    if (!available.ok) {
      console.log(`${kind.padEnd(9)} skipped: ${available.reason}`);
      missed.push(`${kind} not measured`);
      continue;
    }
    missed.push(...(await measure(kind)));
  }
  console.log(missed.length ? `targets missed: ${missed.join("; ")}` : "all targets met");
}

main().catch((error: Error) => {
  console.error(error.stack);
  process.exit(1);
});
