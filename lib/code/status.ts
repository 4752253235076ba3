import "server-only";
import { getEnv } from "@/lib/env";
import { bwrapAvailable } from "@/lib/code/bwrap-sandbox";
import type { SandboxKind } from "@/lib/code/sandbox";

// What the console says about the code interpreter (issue 23): which sandbox this instance runs,
// its limits, what code can import there, and, when the sandbox cannot start here, why.

export type CodeSandboxStatus = {
  kind: SandboxKind;
  timeoutSeconds: number;
  memoryMb: number;
  maxSessions: number;
  /** False when this machine cannot start the sandbox (bwrap or Python missing). */
  available: boolean;
  reason: string | null;
  /** In words: what the sandbox's Python can import. */
  imports: string;
  /** In words: what the sandbox keeps the code from. */
  isolation: string;
};

const DESCRIPTIONS: Record<SandboxKind, { imports: string; isolation: string }> = {
  pyodide: {
    imports: "Python's standard library only (Pyodide from npm ships no numpy, pandas or matplotlib), so no charts.",
    isolation: "CPython compiled to WebAssembly in a Node process of its own under Node's permission model: no network, no host files, no processes, an empty environment.",
  },
  bwrap: {
    imports: "The system's Python 3 with whatever Debian packages are installed (numpy, pandas and matplotlib when python3-numpy, python3-pandas and python3-matplotlib are): charts become images in the reply.",
    isolation: "The system's Python under bubblewrap: no network namespace, a read-only system, a private /tmp, only /mnt/data writable, and limits on memory, processes, file size and output.",
  },
};

export function codeSandboxStatus(): CodeSandboxStatus {
  const env = getEnv();
  const kind = env.ATELIER_CODE_SANDBOX;
  const check = kind === "bwrap" ? bwrapAvailable() : ({ ok: true } as const);
  return {
    kind,
    timeoutSeconds: env.ATELIER_CODE_TIMEOUT_SECONDS,
    memoryMb: env.ATELIER_CODE_MEMORY_MB,
    maxSessions: env.ATELIER_CODE_MAX_SESSIONS,
    available: check.ok,
    reason: check.ok ? null : check.reason,
    ...DESCRIPTIONS[kind],
  };
}
