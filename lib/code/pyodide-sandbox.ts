import "server-only";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";
import type { CodeLimits, CodeResult, CodeSession } from "@/lib/code/sandbox";

// The `pyodide` sandbox (issue 23): each session is a Node process running lib/code/pyodide-host.mjs
// under the permission model (read: the pyodide package and the host file; no writes, processes,
// workers or addons; no code from strings), with an empty environment. Time is enforced from here
// (the process is killed at the limit: Python blocks its own thread), memory by reading the
// process's resident size every 200 ms, output inside the host (Python is interrupted at the
// limit). A killed session starts again, empty, at its next call.

const HOST = path.join(process.cwd(), "lib/code/pyodide-host.mjs");
const MEMORY_POLL_MS = 200;
const START_TIMEOUT_MS = 60_000;

function pyodideDir(): string {
  const require = createRequire(path.join(process.cwd(), "package.json"));
  return path.dirname(require.resolve("pyodide/package.json"));
}

/** Resident memory of a process, from /proc (Linux); null elsewhere. */
function residentBytes(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

type Answer = { id: number; ok: boolean; message?: string; logs?: string; error?: string | null; truncated?: boolean; files?: { path: string; base64: string }[] };

export class PyodideSession implements CodeSession {
  readonly kind = "pyodide" as const;
  readonly placed = new Set<string>();
  private child: ChildProcessWithoutNullStreams | null = null;
  private ready: Promise<void> | null = null;
  private waiting = new Map<number, (answer: Answer) => void>();
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private exitReason: string | null = null;

  constructor(private readonly limits: CodeLimits) {}

  /** The running process's id (the benchmark reads its memory). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const dir = pyodideDir();
    const child = spawn(
      process.execPath,
      ["--experimental-permission", `--allow-fs-read=${dir}${path.sep}`, `--allow-fs-read=${HOST}`, "--disallow-code-generation-from-strings", "--no-warnings", `--max-old-space-size=128`, HOST],
      { env: {} as NodeJS.ProcessEnv, cwd: dir, stdio: ["pipe", "pipe", "pipe"] },
    );
    this.child = child;
    this.exitReason = null;
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => void (stderr = `${stderr}${chunk.toString()}`.slice(-4000)));
    const lines = readline.createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      let answer: Answer;
      try {
        answer = JSON.parse(line) as Answer;
      } catch {
        return;
      }
      this.waiting.get(answer.id)?.(answer);
      this.waiting.delete(answer.id);
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the Python sandbox did not start within 60 s")), START_TIMEOUT_MS);
      this.waiting.set(0, () => {
        clearTimeout(timer);
        resolve();
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        // The next interpreter starts with an empty /mnt/data.
        this.placed.clear();
        const reason = this.exitReason ?? `the Python interpreter ended (${signal ?? `exit code ${code}`})${stderr ? `: ${stderr.trim().split("\n").at(-1)}` : ""}`;
        for (const settle of this.waiting.values()) settle({ id: -1, ok: false, message: reason });
        this.waiting.clear();
        if (this.child === child) {
          this.child = null;
          this.ready = null;
        }
        reject(new Error(reason));
      });
    });
    // The first call's failure to start is reported by that call.
    this.ready.catch(() => {});
    return this.ready;
  }

  private send(request: Record<string, unknown>): Promise<Answer> {
    const id = this.nextId++;
    return new Promise<Answer>((resolve) => {
      this.waiting.set(id, resolve);
      this.child!.stdin.write(`${JSON.stringify({ ...request, id })}\n`);
    });
  }

  private kill(reason: string): void {
    this.exitReason = reason;
    this.child?.kill("SIGKILL");
  }

  /** Calls go one after another, as in a notebook. */
  run(code: string, signal?: AbortSignal): Promise<CodeResult> {
    const result = this.queue.then(() => this.runNow(code, signal));
    this.queue = result.catch(() => {});
    return result;
  }

  private async runNow(code: string, signal?: AbortSignal): Promise<CodeResult> {
    const started = Date.now();
    const ms = () => Date.now() - started;
    try {
      await this.start();
    } catch (error) {
      return { status: "crashed", logs: "", error: (error as Error).message, files: [], ms: ms() };
    }
    const pid = this.child!.pid!;
    let stopped: CodeResult["status"] | null = null;
    const stop = (status: CodeResult["status"], reason: string) => {
      stopped = status;
      this.kill(reason);
    };
    const timer = setTimeout(() => stop("timeout", `The code ran past ${Math.round(this.limits.timeoutMs / 1000)} s and was stopped; the session was restarted, so its variables and files are gone.`), this.limits.timeoutMs);
    const memory = setInterval(() => {
      const bytes = residentBytes(pid);
      if (bytes !== null && bytes > this.limits.memoryBytes) stop("memory", `The code used more than ${Math.round(this.limits.memoryBytes / 1024 / 1024)} MB and was stopped; the session was restarted, so its variables and files are gone.`);
    }, MEMORY_POLL_MS);
    const onAbort = () => stop("timeout", "The call was cancelled; the session was restarted.");
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const answer = await this.send({ op: "run", code, maxOutput: this.limits.outputChars });
      if (!answer.ok) return { status: stopped ?? "crashed", logs: "", error: answer.message ?? "the interpreter failed", files: [], ms: ms() };
      const files = (answer.files ?? []).map((file) => ({ path: file.path, bytes: Buffer.from(file.base64, "base64") }));
      if (answer.truncated) return { status: "output_limit", logs: answer.logs ?? "", error: `The output passed ${this.limits.outputChars} characters; the code was interrupted there.`, files, ms: ms() };
      return { status: answer.error ? "error" : "ok", logs: answer.logs ?? "", error: answer.error ?? null, files, ms: ms() };
    } finally {
      clearTimeout(timer);
      clearInterval(memory);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  put(filePath: string, bytes: Buffer): Promise<void> {
    const done = this.queue.then(async () => {
      await this.start();
      const answer = await this.send({ op: "put", path: filePath, base64: bytes.toString("base64") });
      if (!answer.ok) throw new Error(answer.message);
    });
    this.queue = done.catch(() => {});
    return done;
  }

  close(): void {
    this.kill("The session was closed.");
  }
}
