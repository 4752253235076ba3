import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { bwrapAvailable, BwrapSession, sandboxResidentBytes } from "@/lib/code/bwrap-sandbox";
import { PyodideSession } from "@/lib/code/pyodide-sandbox";
import type { CodeLimits, CodeSession } from "@/lib/code/sandbox";

// Twenty sessions at once on each sandbox (issue 23: "20 concurrent sessions stay within the memory
// bound"): every one answers, each stays under the per-session limit while it works, and the one
// that allocates past the limit is stopped for memory without touching the other nineteen.

const MB = 1024 * 1024;
const SESSIONS = 20;
const LIMIT_MB = 320;
const LIMITS: CodeLimits = { timeoutMs: 60_000, memoryBytes: LIMIT_MB * MB, outputChars: 10_000 };

type Live = CodeSession & { pid: number | null };
const residentOf: Record<"pyodide" | "bwrap", (pid: number) => number> = {
  pyodide: (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024,
  bwrap: sandboxResidentBytes,
};

let open: Live[] = [];
afterEach(() => {
  for (const session of open) session.close();
  open = [];
});

const sandboxes = [
  ["pyodide", () => new PyodideSession(LIMITS), true],
  ["bwrap", () => new BwrapSession(LIMITS), bwrapAvailable().ok || !!process.env.CI],
] as const;

describe.each(sandboxes)("%s: twenty sessions at once", (kind, make, runs) => {
  it.runIf(runs)("all answer within the bound, and the one that goes past it alone is stopped", async () => {
    open = Array.from({ length: SESSIONS }, () => make());
    // Each holds some data of its own (about 40 MB of Python objects) and says which session it is.
    const results = await Promise.all(open.map((session, index) => session.run(`data = [str(i) * 4 for i in range(400_000)]\nprint(${index}, len(data))`)));
    expect(results.map((result) => result.logs)).toEqual(open.map((_, index) => `${index} 400000\n`));
    const resident = open.map((session) => residentOf[kind](session.pid!));
    expect(Math.max(...resident) / MB).toBeLessThan(LIMIT_MB);

    // One goes past the limit (pages written, so they are resident); the others go on as they were.
    const [greedy, ...rest] = open;
    const over = await greedy!.run("blob = b'x' * (600 * 1024 * 1024)\nprint(len(blob))");
    expect(over.status === "memory" || (over.status === "error" && /MemoryError/.test(over.error ?? ""))).toBe(true);
    const after = await Promise.all(rest.map((session) => session.run("print(len(data))")));
    expect(after.every((result) => result.status === "ok" && result.logs === "400000\n")).toBe(true);
  }, 180_000);
});
