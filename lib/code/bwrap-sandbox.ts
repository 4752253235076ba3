import "server-only";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import type { CodeLimits, CodeResult, CodeSession } from "@/lib/code/sandbox";
import { baseArgs, bwrapAvailable, folderBytes, makeDir, releaseUid, removeDir, sandboxProportionalBytes, sandboxResidentBytes, takeUid, type BwrapOptions } from "@/lib/code/bwrap-system";

export { bwrapAvailable, sandboxPids, sandboxResidentBytes } from "@/lib/code/bwrap-system";

// The `bwrap` sandbox (issue 23): each session is the system's CPython (lib/code/bwrap-host.py) in
// bubblewrap: no network (an empty network namespace), its own pid namespace (killing bwrap ends
// everything inside), a read-only /usr, a private /tmp, a made-up /etc/passwd, an empty
// environment, and one host folder, a temp dir of its own, at /mnt/data. When the app runs as root
// each live session gets a uid of its own, so sessions cannot signal each other and the host's
// RLIMIT_NPROC (which root ignores) holds. Otherwise bwrap runs as the app's user; the kernel (≥ 5.14)
// still counts NPROC per user namespace, so per session. Limits inside: see bwrap-host.py; from here:
// time (SIGKILL to bwrap at the limit), memory (the session's processes every 200 ms: resident
// size, and when that is over, PSS), output (collected here, the code interrupted at the limit),
// and the disk /mnt/data takes (RLIMIT_FSIZE caps each file at 100 MB; the folder is read every 500 ms).

const MEMORY_POLL_MS = 200;
const DISK_POLL_MS = 500;
const DATA_BYTES = 1024 * 1024 * 1024;
const START_TIMEOUT_MS = 15_000;
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
const PUT_CHUNK_BYTES = 4 * 1024 * 1024;
type Answer = { id: number; ok: boolean; message?: string; error?: string | null; files?: { path: string; base64: string }[]; images?: string[] };
type Collector = { begin: string; end: string; begun: boolean; pending: string; logs: string; truncated: boolean; ended: () => void };
type Proc = { child: ChildProcess; uid: number | null; dir: string; waiting: Map<number, (answer: Answer) => void>; collector: Collector | null; exitReason: string | null; stderr: string; closed: boolean };

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

export class BwrapSession implements CodeSession {
  readonly kind = "bwrap" as const;
  readonly placed = new Set<string>();
  private proc: Proc | null = null;
  private ready: Promise<Proc> | null = null;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly limits: CodeLimits,
    private readonly options: BwrapOptions = {},
  ) {}

  /** bwrap's process id (the benchmark adds up the memory of it and everything under it). */
  get pid(): number | null {
    return this.proc?.child.pid ?? null;
  }

  private start(): Promise<Proc> {
    if (this.ready) return this.ready;
    const available = bwrapAvailable(this.options);
    if (!available.ok) return Promise.reject(new Error(available.reason));
    const uid = takeUid();
    let dir: string;
    try {
      dir = makeDir(uid);
    } catch (error) {
      releaseUid(uid);
      return Promise.reject(new Error(`The sandbox's folder could not be made: ${(error as Error).message}`));
    }
    const args = [...baseArgs(this.options.bwrap ?? "bwrap"), "--ro-bind", path.join(dir, "passwd"), "/etc/passwd", "--ro-bind", path.join(dir, "group"), "/etc/group", "--ro-bind", path.join(dir, "host.py"), "/opt/atelier/host.py", "--bind", path.join(dir, "data"), "/mnt/data", "--chdir", "/mnt/data", "--remount-ro", "/"];
    args.push(this.options.python ?? "/usr/bin/python3", "-I", "-u", "-B", "/opt/atelier/host.py", String(this.limits.memoryBytes));
    // The ignore comment: bwrap and its arguments are the host's, not files of the app for Next to trace.
    const child: ChildProcess = spawn(/* turbopackIgnore: true */ this.options.bwrap ?? "bwrap", args, { env: {} as NodeJS.ProcessEnv, cwd: "/", stdio: ["pipe", "pipe", "pipe", "pipe"], uid: uid ?? undefined, gid: uid ?? undefined });
    const proc: Proc = { child, uid, dir, waiting: new Map(), collector: null, exitReason: null, stderr: "", closed: false };
    this.proc = proc;
    const decoder = new StringDecoder("utf8");
    for (const stream of child.stdio) stream?.on("error", () => {});
    child.stderr!.on("data", (chunk: Buffer) => void (proc.stderr = `${proc.stderr}${chunk.toString()}`.slice(-4000)));
    child.stdout!.on("data", (chunk: Buffer) => this.collect(proc, decoder.write(chunk)));
    this.readAnswers(proc);
    const ready = new Promise<Proc>((resolve, reject) => {
      const timer = setTimeout(() => this.kill(proc, `The Python sandbox did not start within ${seconds(START_TIMEOUT_MS)}.`), START_TIMEOUT_MS);
      proc.waiting.set(0, () => {
        clearTimeout(timer);
        if (!proc.closed) resolve(proc);
      });
      const finish = (reason: string) => {
        if (proc.closed) return;
        proc.closed = true;
        clearTimeout(timer);
        releaseUid(uid);
        removeDir(dir);
        this.collect(proc, decoder.end(), true);
        for (const settle of proc.waiting.values()) settle({ id: -1, ok: false, message: reason });
        proc.waiting.clear();
        if (this.proc === proc) {
          // The next interpreter starts with an empty /mnt/data.
          this.placed.clear();
          this.proc = null;
          this.ready = null;
        }
        reject(new Error(reason));
      };
      child.once("error", (error) => finish(`bwrap could not start: ${error.message}`));
      child.once("close", (code, signal) => {
        const said = proc.stderr.trim().split("\n").at(-1);
        finish(proc.exitReason ?? `The Python interpreter ended (${signal ?? `exit code ${code}`})${said ? `: ${said}` : ""}; the session was restarted, so its variables and files are gone.`);
      });
    });
    // The first call's failure to start is reported by that call.
    ready.catch(() => {});
    this.ready = ready;
    return ready;
  }

  /** JSON lines on fd 3, each at most MAX_ANSWER_BYTES (the code can write there too). */
  private readAnswers(proc: Proc): void {
    let parts: Buffer[] = [];
    let size = 0;
    proc.child.stdio[3]!.on("data", (chunk: Buffer) => {
      let start = 0;
      for (let end = chunk.indexOf(10); end !== -1; start = end + 1, end = chunk.indexOf(10, start)) {
        parts.push(chunk.subarray(start, end));
        const line = Buffer.concat(parts).toString();
        parts = [];
        size = 0;
        let answer: Answer;
        try {
          answer = JSON.parse(line) as Answer;
        } catch {
          continue;
        }
        proc.waiting.get(answer.id)?.(answer);
        proc.waiting.delete(answer.id);
      }
      parts.push(chunk.subarray(start));
      size += chunk.length - start;
      if (size > MAX_ANSWER_BYTES) this.kill(proc, "The interpreter's answer was too large; the session was restarted.");
    });
  }

  /** The call's output, between its markers (or to the end of the stream, `last`); past the
   * limit, kept no more and the code interrupted. Output before `begin` is an earlier call's. */
  private collect(proc: Proc, text: string, last = false): void {
    const collector = proc.collector;
    if (!collector || (!text && !last)) return;
    let joined = collector.pending + text;
    if (!collector.begun) {
      const begin = joined.indexOf(collector.begin);
      if (begin === -1 && !last) return void (collector.pending = joined.slice(-collector.begin.length + 1));
      collector.begun = true;
      joined = begin === -1 ? "" : joined.slice(begin + collector.begin.length);
    }
    const at = joined.indexOf(collector.end);
    const cut = at !== -1 ? at : last ? joined.length : Math.max(0, joined.length - collector.end.length + 1);
    collector.pending = at !== -1 ? "" : joined.slice(cut);
    const kept = joined.slice(0, cut);
    if (!collector.truncated) {
      const room = this.limits.outputChars - collector.logs.length;
      collector.logs += kept.slice(0, room);
      if (kept.length > room) {
        collector.truncated = true;
        this.write(proc, { op: "interrupt" });
      }
    }
    if (at !== -1 || last) {
      proc.collector = null;
      collector.ended();
    }
  }

  private write(proc: Proc, request: Record<string, unknown>): void {
    if (!proc.closed) proc.child.stdin!.write(`${JSON.stringify(request)}\n`);
  }

  private send(proc: Proc, request: Record<string, unknown>): Promise<Answer> {
    if (proc.closed) return Promise.resolve({ id: -1, ok: false, message: proc.exitReason ?? "The interpreter ended." });
    const id = this.nextId++;
    return new Promise<Answer>((resolve) => {
      proc.waiting.set(id, resolve);
      this.write(proc, { ...request, id });
    });
  }

  private kill(proc: Proc, reason: string): void {
    proc.exitReason ??= reason;
    // The next call starts a new interpreter, not this dying one.
    if (this.proc === proc) {
      this.placed.clear();
      this.proc = null;
      this.ready = null;
    }
    // --die-with-parent and the pid namespace take everything inside down with bwrap.
    proc.child.kill("SIGKILL");
    // Now, not only once it has ended: the app (or a test worker) may be on its way out. Again at the end.
    removeDir(proc.dir);
  }

  /** Calls go one after another, as in a notebook. */
  run(code: string, signal?: AbortSignal): Promise<CodeResult> {
    const result = this.queue.then(() => this.runNow(code, signal));
    this.queue = result.catch(() => {});
    return result;
  }

  private async runNow(code: string, signal?: AbortSignal): Promise<CodeResult> {
    const started = Date.now();
    const done = (status: CodeResult["status"], logs: string, error: string | null, files: CodeResult["files"] = [], images: Buffer[] = []): CodeResult => ({ status, logs, error, files, images, ms: Date.now() - started });
    if (signal?.aborted) return done("timeout", "", "The call was cancelled before it ran.");
    let proc: Proc;
    try {
      proc = await this.start();
    } catch (error) {
      return done("crashed", "", (error as Error).message);
    }
    let stopped: CodeResult["status"] | null = null;
    const stop = (status: CodeResult["status"], reason: string) => {
      stopped ??= status;
      this.kill(proc, reason);
    };
    const pid = proc.child.pid!;
    const timer = setTimeout(() => stop("timeout", `The code ran past ${seconds(this.limits.timeoutMs)} and was stopped; the session was restarted, so its variables and files are gone.`), this.limits.timeoutMs);
    const memory = setInterval(() => {
      const over = (bytes: number) => bytes > this.limits.memoryBytes;
      if (over(sandboxResidentBytes(pid)) && over(sandboxProportionalBytes(pid))) stop("memory", `The code used more than ${Math.round(this.limits.memoryBytes / 1024 / 1024)} MB and was stopped; the session was restarted, so its variables and files are gone.`);
    }, MEMORY_POLL_MS);
    // /mnt/data is a folder on the host's disk: what the code writes there is bounded in all, not
    // only file by file (RLIMIT_FSIZE), so a session cannot fill the disk within its time.
    const dataLimit = this.limits.dataBytes ?? DATA_BYTES;
    const disk = setInterval(() => {
      if (folderBytes(path.join(proc.dir, "data")) > dataLimit) stop("disk", `The code wrote more than ${Math.round(dataLimit / 1024 / 1024)} MB (or too many files) to /mnt/data and was stopped; the session was restarted, so its variables and files are gone.`);
    }, DISK_POLL_MS);
    const onAbort = () => stop("timeout", "The call was cancelled; the session was restarted.");
    signal?.addEventListener("abort", onAbort, { once: true });
    // Written by the host around the call's output; random, so no output matches them by chance.
    const nonce = randomBytes(16).toString("hex");
    const collector: Collector = { begin: `<<atelier-begin:${nonce}>>`, end: `<<atelier-end:${nonce}>>`, begun: false, pending: "", logs: "", truncated: false, ended: () => {} };
    const ended = new Promise<void>((resolve) => void (collector.ended = resolve));
    proc.collector = collector;
    try {
      const [answer] = await Promise.all([this.send(proc, { op: "run", code, begin: collector.begin, end: collector.end }), ended]);
      if (stopped) return done(stopped, collector.logs, proc.exitReason);
      if (!answer.ok) return done("crashed", collector.logs, answer.message ?? "The interpreter failed.");
      const files = (answer.files ?? []).filter((file) => file.path.startsWith("/mnt/data/")).map((file) => ({ path: file.path, bytes: Buffer.from(file.base64, "base64") }));
      const images = (answer.images ?? []).map((image) => Buffer.from(image, "base64"));
      if (collector.truncated) return done("output_limit", collector.logs, `The output passed ${this.limits.outputChars} characters; the code was interrupted there.`, files, images);
      return done(answer.error ? "error" : "ok", collector.logs, answer.error ?? null, files, images);
    } finally {
      clearTimeout(timer);
      clearInterval(memory);
      clearInterval(disk);
      signal?.removeEventListener("abort", onAbort);
      if (proc.collector === collector) proc.collector = null;
    }
  }

  /** In chunks, so a large file never has to be one JSON line in the interpreter's memory. */
  put(filePath: string, bytes: Buffer): Promise<void> {
    const done = this.queue.then(async () => {
      if (!filePath.startsWith("/mnt/data/") || path.posix.normalize(filePath) !== filePath) throw new Error("Files go under /mnt/data.");
      const proc = await this.start();
      for (let offset = 0; offset === 0 || offset < bytes.length; offset += PUT_CHUNK_BYTES) {
        const base64 = bytes.subarray(offset, offset + PUT_CHUNK_BYTES).toString("base64");
        const answer = await this.send(proc, { op: "put", path: filePath, base64, append: offset > 0 });
        if (!answer.ok) throw new Error(answer.message);
      }
    });
    this.queue = done.catch(() => {});
    return done;
  }

  close(): void {
    if (this.proc) this.kill(this.proc, "The session was closed.");
  }
}
