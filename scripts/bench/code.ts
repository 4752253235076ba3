// `npm run bench:code`: the code interpreter's sandbox (issue 23), per sandbox: a session's cold
// start (the interpreter loaded, to its first result), a warm call (`x + 1`, p50 and p95 over
// BENCH_CALLS), and BENCH_SESSIONS sessions alive at once: each one's resident memory. Targets on
// the issue: warm call ≤ 50 ms, cold start ≤ 3 s, ≤ 150 MB per live pyodide session. A script that
// prints numbers (and says which targets were missed), not a test.
import { readFileSync } from "node:fs";
import { PyodideSession } from "@/lib/code/pyodide-sandbox";

const CALLS = Number(process.env.BENCH_CALLS ?? 200);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 20);
const LIMITS = { timeoutMs: 60_000, memoryBytes: 1024 * 1024 * 1024, outputChars: 100_000 };

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const rssMb = (pid: number | null) => {
  if (pid === null) return NaN;
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : NaN;
};

async function main(): Promise<void> {
  const session = new PyodideSession(LIMITS);
  const coldStart = performance.now();
  await session.run("x = 41");
  const cold = performance.now() - coldStart;
  const warm: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    const result = await session.run("print(x + 1)");
    if (result.logs !== "42\n") throw new Error(`unexpected output ${JSON.stringify(result)}`);
    warm.push(performance.now() - started);
  }
  session.close();

  const sessions = Array.from({ length: SESSIONS }, () => new PyodideSession(LIMITS));
  const started = performance.now();
  await Promise.all(sessions.map((item, index) => item.run(`data = list(range(10000))\nprint(${index})`)));
  const allUp = performance.now() - started;
  const memory = sessions.map((item) => rssMb(item.pid));
  for (const item of sessions) item.close();

  const p50 = percentile(warm, 50);
  const p95 = percentile(warm, 95);
  const maxMb = Math.max(...memory);
  console.log("sandbox   cold start   warm call p50   warm call p95   sessions   all started   RSS per session (mean / max)");
  console.log(
    `pyodide   ${(cold / 1000).toFixed(2)} s       ${p50.toFixed(1)} ms          ${p95.toFixed(1)} ms          ${SESSIONS}         ${(allUp / 1000).toFixed(1)} s        ${(memory.reduce((a, b) => a + b, 0) / memory.length).toFixed(0)} / ${maxMb.toFixed(0)} MB`,
  );
  const missed = [cold > 3000 && `cold start ${(cold / 1000).toFixed(2)} s > 3 s`, p50 > 50 && `warm call ${p50.toFixed(1)} ms > 50 ms`, maxMb > 150 && `session memory ${maxMb.toFixed(0)} MB > 150 MB`].filter(Boolean);
  console.log(missed.length ? `targets missed: ${missed.join("; ")}` : "all targets met");
}

main().catch((error: Error) => {
  console.error(error.stack);
  process.exit(1);
});
