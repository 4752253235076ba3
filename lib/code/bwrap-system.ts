import "server-only";
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, type Dirent, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { makeOwnedDir } from "@/lib/code/temp-dirs";

// What the `bwrap` sandbox (lib/code/bwrap-sandbox.ts) needs of the system: bubblewrap's arguments
// (what the sandbox sees of the host), whether it can run here, the session's host folder and user
// id, and its processes' memory from /proc.

const HOST = path.join(process.cwd(), "lib/code/bwrap-host.py");
// The sandbox's /tmp and /dev/shm (multiprocessing's semaphores) are in memory, and unlike the
// processes' own memory not seen by the resident-size check: bounded here instead.
const TMP_BYTES = 256 * 1024 * 1024;
const SHM_BYTES = 64 * 1024 * 1024;
const UID_BASE = 200_000;
const UID_SPAN = 50_000;
const INSTALL = "Install it with: apt-get install bubblewrap python3 (and python3-numpy python3-pandas python3-matplotlib for data work).";
// The /etc pieces Python needs: Debian's BLAS/LAPACK alternatives (numpy), the loader's cache,
// fontconfig and Debian's matplotlibrc (matplotlib), the time zone. Never the host's users.
const ETC = ["/etc/alternatives", "/etc/ld.so.cache", "/etc/fonts", "/etc/matplotlibrc", "/etc/localtime"];
const ENV = { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: "/tmp", MPLBACKEND: "Agg", MPLCONFIGDIR: "/tmp/mpl", OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", PYTHONUNBUFFERED: "1", LANG: "C.UTF-8", PYTHONDONTWRITEBYTECODE: "1" };

export type BwrapOptions = { python?: string; bwrap?: string };
export type Availability = { ok: true } | { ok: false; reason: string };

export const isRoot = () => process.getuid?.() === 0;
const liveUids = new Set<number>();
const liveDirs = new Set<string>();
let uidCounter = 0;

/** A user id no live session has (as root), or null (not root: the app's own). */
export function takeUid(): number | null {
  if (!isRoot()) return null;
  let uid: number;
  do uid = UID_BASE + (uidCounter++ % UID_SPAN);
  while (liveUids.has(uid));
  liveUids.add(uid);
  return uid;
}

export function releaseUid(uid: number | null): void {
  if (uid !== null) liveUids.delete(uid);
}

/** /lib, /lib64, /bin, /sbin as the host has them: symlinks into /usr (merged /usr), or folders. */
function systemDirs(): string[] {
  return ["/lib", "/lib64", "/bin", "/sbin"].flatMap((dir) => {
    try {
      return lstatSync(dir).isSymbolicLink() ? ["--symlink", readlinkSync(dir), dir] : ["--ro-bind", dir, dir];
    } catch {
      return [];
    }
  });
}

const helps = new Map<string, string>();

/** Options of bubblewrap 0.7 (--size) and 0.8 (--disable-userns: no nested user namespaces) are
 * used where the installed one has them (Ubuntu 22.04 ships 0.6). */
export function baseArgs(bwrap: string): string[] {
  if (!helps.has(bwrap)) helps.set(bwrap, spawnSync(bwrap, ["--help"], { encoding: "utf8", timeout: 5_000 }).stdout ?? "");
  const has = (option: string) => helps.get(bwrap)!.includes(option);
  const size = (bytes: number) => (has("--size") ? ["--size", String(bytes)] : []);
  return [
    ...["--unshare-all", "--unshare-user", ...(has("--disable-userns") ? ["--disable-userns"] : []), "--die-with-parent", "--new-session", "--hostname", "sandbox"],
    ...["--ro-bind", "/usr", "/usr", ...systemDirs(), ...ETC.flatMap((item) => ["--ro-bind-try", item, item])],
    ...["--proc", "/proc", "--dev", "/dev", ...size(SHM_BYTES), "--tmpfs", "/dev/shm", "--remount-ro", "/dev", ...size(TMP_BYTES), "--tmpfs", "/tmp"],
    ...["--clearenv", ...Object.entries(ENV).flatMap(([key, value]) => ["--setenv", key, value])],
  ];
}

const availability = new Map<string, Availability>();

/** Whether bwrap and the Python under /usr can start a sandbox here (cached): the reason if not. */
export function bwrapAvailable(options: BwrapOptions = {}): Availability {
  const [bwrap, python] = [options.bwrap ?? "bwrap", options.python ?? "/usr/bin/python3"];
  if (!availability.has(`${bwrap}\0${python}`)) availability.set(`${bwrap}\0${python}`, probe(bwrap, python));
  return availability.get(`${bwrap}\0${python}`)!;
}

function probe(bwrap: string, python: string): Availability {
  if (process.platform !== "linux") return { ok: false, reason: `The bwrap sandbox needs Linux (this is ${process.platform}).` };
  if (!python.startsWith("/usr/")) return { ok: false, reason: `The sandbox's Python must live under /usr (got ${python}).` };
  const uid = isRoot() ? UID_BASE - 1 : undefined;
  const ran = spawnSync(bwrap, [...baseArgs(bwrap), python, "-I", "-c", "print('ok')"], { env: {} as NodeJS.ProcessEnv, cwd: "/", timeout: 10_000, encoding: "utf8", uid, gid: uid });
  if ((ran.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") return { ok: false, reason: `bubblewrap is not installed (${bwrap} not found). ${INSTALL}` };
  if (ran.error) return { ok: false, reason: `bubblewrap could not run: ${ran.error.message}. ${INSTALL}` };
  if (ran.status !== 0 || ran.stdout.trim() !== "ok") {
    const said = ran.stderr.trim().split("\n").at(-1) ?? "";
    return { ok: false, reason: `The sandbox could not start (${said || `exit code ${ran.status}`}): bwrap needs unprivileged user namespaces and ${python}. ${INSTALL}` };
  }
  return { ok: true };
}

/** A file under /proc, or "" when its process has ended meanwhile. */
function readProc(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** The session's processes: bwrap and everything under it (from /proc/<pid>/task/<tid>/children). */
export function sandboxPids(pid: number): number[] {
  const found: number[] = [];
  for (const todo = [pid]; todo.length; ) {
    const next = todo.pop()!;
    found.push(next);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${next}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) todo.push(...readProc(`/proc/${next}/task/${task}/children`).split(" ").filter((item) => item.trim()).map(Number));
  }
  return found;
}

const sumKb = (pid: number, file: string, field: RegExp) => sandboxPids(pid).reduce((total, item) => total + Number(field.exec(readProc(`/proc/${item}/${file}`))?.[1] ?? 0) * 1024, 0);

/** The resident memory of all the session's processes (bwrap's own included). */
export function sandboxResidentBytes(pid: number): number {
  return sumKb(pid, "status", /VmRSS:\s+(\d+) kB/);
}

/** Their memory counting pages shared between processes once (PSS): forked children share most of
 * their parent's pages, and summed resident sizes would count them again for each. Slower to
 * read (the kernel walks the page tables), so asked only when the resident sum is over. */
export function sandboxProportionalBytes(pid: number): number {
  return sumKb(pid, "smaps_rollup", /Pss:\s+(\d+) kB/);
}

let hostSource: Buffer | null = null;
process.once("exit", () => {
  for (const dir of liveDirs) removeDir(dir);
});

/** Not as root, folders the code made unreadable (chmod 0) are opened up first. */
export function removeDir(dir: string, open = false): void {
  const unlock = (folder: string): void => {
    chmodSync(folder, 0o700);
    for (const entry of readdirSync(folder, { withFileTypes: true })) if (entry.isDirectory()) unlock(path.join(folder, entry.name));
  };
  try {
    if (open) unlock(dir);
    rmSync(dir, { recursive: true, force: true });
    liveDirs.delete(dir);
  } catch {
    // Else left for the system's temp cleaning (a process may still be writing: tried again at its end).
    if (!open) removeDir(dir, true);
  }
}

/** The session's host folder: data/ (its /mnt/data), a copy of the host script, its /etc/passwd and /etc/group. */
export function makeDir(uid: number | null): string {
  const dir = makeOwnedDir("atelier-bwrap");
  liveDirs.add(dir);
  const user = uid ?? process.getuid?.() ?? 65534;
  mkdirSync(path.join(dir, "data"));
  hostSource ??= readFileSync(HOST);
  writeFileSync(path.join(dir, "host.py"), hostSource, { mode: 0o644 });
  writeFileSync(path.join(dir, "passwd"), `sandbox:x:${user}:${user}:sandbox:/tmp:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n`, { mode: 0o644 });
  writeFileSync(path.join(dir, "group"), `sandbox:x:${user}:\nnogroup:x:65534:\n`, { mode: 0o644 });
  if (uid !== null) {
    chownSync(dir, uid, uid);
    chownSync(path.join(dir, "data"), uid, uid);
  }
  return dir;
}

/** Bytes under `dir`, or Infinity past `maxEntries` (a flood of small files is stopped like a big one). */
export function folderBytes(dir: string, maxEntries = 20_000): number {
  let total = 0;
  let entries = 0;
  for (const todo = [dir]; todo.length; ) {
    const folder = todo.pop()!;
    let items: Dirent[];
    try {
      items = readdirSync(folder, { withFileTypes: true });
    } catch {
      continue; // gone meanwhile, or made unreadable by the code (its size then shows in the files around it)
    }
    for (const item of items) {
      if (++entries > maxEntries) return Infinity;
      const full = path.join(folder, item.name);
      if (item.isDirectory()) todo.push(full);
      else if (item.isFile()) {
        try {
          total += lstatSync(full).size;
        } catch {
          // removed meanwhile
        }
      }
    }
  }
  return total;
}
