import "server-only";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";
import { log } from "@/lib/log";
import { makeOwnedDir } from "@/lib/code/temp-dirs";
import type { CodeLimits, CodeResult, CodeSession } from "@/lib/code/sandbox";

// The `pyodide` sandbox (issue 23): each session is a Node process running lib/code/pyodide-host.mjs
// under the permission model (read: the pyodide package and the host file; no writes, processes,
// workers or addons; no code from strings), with an empty environment. Time is enforced from here
// (the process is killed at the limit: Python blocks its own thread), memory by reading the
// process's resident size every 200 ms, output inside the host (Python is interrupted at the
// limit). A killed session starts again, empty, at its next call.

const HOST = path.join(process.cwd(), "lib/code/pyodide-host.mjs");
const MEMORY_POLL_MS = 200;
/** util-linux's setpriv (Linux), for the parent-death signal; elsewhere an orphan ends when its stdin closes. */
const SETPRIV = ["/usr/bin/setpriv", "/bin/setpriv"].find((candidate) => existsSync(candidate)) ?? null;
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

// Starting from a memory snapshot takes a few hundred ms where loading Pyodide takes seconds. The
// snapshot is made once per app process, by a host that runs no code of anyone's (the only one
// allowed to write, and only that file), in a folder of this process's own (mode 700, removed at
// exit); sessions may read it. Until it exists sessions wait for it; if it cannot be made or used,
// they load Pyodide the plain way.
let snapshot: Promise<string | null> | null = null;

function snapshotFile(): Promise<string | null> {
  snapshot ??= makeSnapshot().catch((error: Error) => {
    log.warn("could not make the Python sandbox's start-up snapshot; sessions start the slower way", { error: error.message });
    return null;
  });
  return snapshot;
}

function abandonSnapshot(stderr: string): void {
  log.warn("a Python sandbox could not start from its snapshot; sessions start the slower way", { error: stderr.trim().split("\n").at(-1) ?? "" });
  snapshot = Promise.resolve(null);
}

async function makeSnapshot(): Promise<string> {
  const folder = makeOwnedDir("atelier-pyodide");
  process.once("exit", () => rmSync(folder, { recursive: true, force: true }));
  const file = path.join(folder, "memory.snapshot");
  const dir = pyodideDir();
  const args = ["--experimental-permission", `--allow-fs-read=${dir}${path.sep}`, `--allow-fs-read=${HOST}`, `--allow-fs-write=${file}`, "--disallow-code-generation-from-strings", "--no-warnings", HOST, "--make-snapshot", file];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: {} as NodeJS.ProcessEnv, cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => void (stderr = `${stderr}${chunk.toString()}`.slice(-2000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), START_TIMEOUT_MS);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && existsSync(file)) resolve();
      else reject(new Error(`the snapshot maker ended (${signal ?? `exit code ${code}`}): ${stderr.trim().split("\n").at(-1) ?? ""}`));
    });
  });
  return file;
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
  private closed = false;

  constructor(private readonly limits: CodeLimits) {}

  /** The running process's id (the benchmark reads its memory). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const ready = snapshotFile().then((snapshot) => this.launch(snapshot));
    this.ready = ready;
    // The first call's failure to start is reported by that call.
    ready.catch(() => {
      if (this.ready === ready) this.ready = null;
    });
    return ready;
  }

  private launch(snapshot: string | null): Promise<void> {
    if (this.closed) return Promise.reject(new Error("The session was closed."));
    const dir = pyodideDir();
    const node = [
      process.execPath,
      "--experimental-permission",
      `--allow-fs-read=${dir}${path.sep}`,
      `--allow-fs-read=${HOST}`,
      ...(snapshot ? [`--allow-fs-read=${snapshot}`] : []),
      "--disallow-code-generation-from-strings",
      "--no-warnings",
      `--max-old-space-size=128`,
      HOST,
      ...(snapshot ? ["--snapshot", snapshot] : []),
    ];
    // The interpreter dies with the app: Python busy in a loop never reads its closed stdin, so an
    // app killed with SIGKILL would leave it spinning. setpriv asks the kernel to SIGKILL it then.
    const [command, ...args] = SETPRIV ? [SETPRIV, "--pdeathsig", "KILL", "--", ...node] : node;
    const child = spawn(command!, args, { env: {} as NodeJS.ProcessEnv, cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
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
    let started = false;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the Python sandbox did not start within 60 s")), START_TIMEOUT_MS);
      this.waiting.set(0, () => {
        clearTimeout(timer);
        started = true;
        resolve();
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        // A snapshot this Pyodide cannot start from: the next interpreters start the plain way.
        if (!started && snapshot && !this.exitReason) abandonSnapshot(stderr);
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
      return { status: "crashed", logs: "", error: (error as Error).message, files: [], images: [], ms: ms() };
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
      if (!answer.ok) return { status: stopped ?? "crashed", logs: "", error: answer.message ?? "the interpreter failed", files: [], images: [], ms: ms() };
      const files = (answer.files ?? []).map((file) => ({ path: file.path, bytes: Buffer.from(file.base64, "base64") }));
      if (answer.truncated) return { status: "output_limit", logs: answer.logs ?? "", error: `The output passed ${this.limits.outputChars} characters; the code was interrupted there.`, files, images: [], ms: ms() };
      return { status: answer.error ? "error" : "ok", logs: answer.logs ?? "", error: answer.error ?? null, files, images: [], ms: ms() };
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
    this.closed = true;
    this.kill("The session was closed.");
  }
}
