// `npm run bench:code`: the code interpreter's sandboxes (issue 23), each the same way: a session's
// cold start (the interpreter started, to its first result), a warm call (`x + 1`, p50 and p95 over
// BENCH_CALLS), and BENCH_SESSIONS sessions alive at once: each one's resident memory (for bwrap,
// bwrap's processes and everything under them added up). For bwrap also the first call that
// imports numpy and pandas (what a lazy start costs later). Targets on the issue: cold start ≤ 3 s;
// warm call ≤ 50 ms (pyodide) and ≤ 100 ms (bwrap); ≤ 150 MB per live pyodide session.
// A pyodide session starts from a memory snapshot the app makes once: the first session's start
// (snapshot made) is shown apart from a cold start after it. Memory is shown as resident size and
// as PSS (pages shared between sessions, such as Node's or Python's code, counted once).
// BENCH_SANDBOXES=pyodide,bwrap picks them. A script that prints numbers (and says which targets
// were missed), not a test.
import { readFileSync } from "node:fs";
import { bwrapAvailable, BwrapSession, sandboxResidentBytes } from "@/lib/code/bwrap-sandbox";
import { sandboxProportionalBytes } from "@/lib/code/bwrap-system";
import { PyodideSession } from "@/lib/code/pyodide-sandbox";
import type { CodeLimits, CodeSession, SandboxKind } from "@/lib/code/sandbox";

const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 20);
const SANDBOXES = (process.env.BENCH_SANDBOXES ?? "pyodide,bwrap").split(",").map((item) => item.trim()) as SandboxKind[];
const LIMITS = { timeoutMs: 60_000, memoryBytes: 1024 * 1024 * 1024, outputChars: 100_000 };

type Sandbox = { make: (limits: CodeLimits) => CodeSession & { pid: number | null }; rssMb: (pid: number | null) => number; pssMb: (pid: number | null) => number; warmTargetMs: number; memoryTargetMb: number | null };

const processRssMb = (pid: number | null) => {
  if (pid === null) return NaN;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
};

const processPssMb = (pid: number | null) => {
  if (pid === null) return NaN;
  const match = /Pss:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
};

const SANDBOX: Record<SandboxKind, Sandbox> = {
  pyodide: { make: (limits) => new PyodideSession(limits), rssMb: processRssMb, pssMb: processPssMb, warmTargetMs: 50, memoryTargetMb: 150 },
  bwrap: {
    make: (limits) => new BwrapSession(limits),
    rssMb: (pid) => (pid === null ? NaN : sandboxResidentBytes(pid) / 1024 / 1024),
    pssMb: (pid) => (pid === null ? NaN : sandboxProportionalBytes(pid) / 1024 / 1024),
    warmTargetMs: 100,
    memoryTargetMb: null,
  },
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
  const first = sandbox.make(LIMITS);
  const firstStart = await timed(first, "x = 41");
  first.close();
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
  const shared = sessions.map((item) => sandbox.pssMb(item.pid));
  for (const item of sessions) item.close();

  const p50 = percentile(warm, 50);
  const p95 = percentile(warm, 95);
  const maxMb = Math.max(...memory);
  const mean = (values: number[]) => (values.reduce((a, b) => a + b, 0) / values.length).toFixed(0);
  console.log(
    `${kind.padEnd(9)} ${`${(firstStart / 1000).toFixed(2)} s`.padEnd(13)} ${`${(cold / 1000).toFixed(2)} s`.padEnd(12)} ${`${p50.toFixed(1)} ms`.padEnd(15)} ${`${p95.toFixed(1)} ms`.padEnd(15)} ${String(SESSIONS).padEnd(10)} ${`${(allUp / 1000).toFixed(1)} s`.padEnd(13)} ${`${mean(memory)} / ${maxMb.toFixed(0)} MB`.padEnd(18)} ${mean(shared)} / ${Math.max(...shared).toFixed(0)} MB${extra}`,
  );
  return [
    cold > 3000 && `${kind} cold start ${(cold / 1000).toFixed(2)} s > 3 s`,
    p50 > sandbox.warmTargetMs && `${kind} warm call ${p50.toFixed(1)} ms > ${sandbox.warmTargetMs} ms`,
    sandbox.memoryTargetMb !== null && maxMb > sandbox.memoryTargetMb && `${kind} session memory ${maxMb.toFixed(0)} MB resident > ${sandbox.memoryTargetMb} MB (PSS ${Math.max(...shared).toFixed(0)} MB)`,
  ].filter((item): item is string => Boolean(item));
}

async function main(): Promise<void> {
  console.log("sandbox   first start   cold start   warm call p50   warm call p95   sessions   all started   RSS (mean / max)   PSS (mean / max)");
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
