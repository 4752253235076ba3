// Starts the console the way a newcomer does — `npm start`'s script with no DATABASE_URL, so on
// the embedded database — in a data folder of its own, and reports the app server's memory.
// Used by the embedded soak test (e2e/api/embedded-soak.test.ts) and `npm run soak:embedded`.
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildState } from "../lib/build";

export type ConsoleProcess = {
  baseURL: string;
  /** The `next start` process that serves the console (a child of the start script). */
  serverPid(): Promise<number | undefined>;
  /** Everything the start script and the server printed so far. */
  output(): string;
  /** SIGTERM (the start script forwards it and stops the embedded database), SIGKILL after 15 s. */
  stop(): Promise<void>;
};

export type ConsoleOptions = {
  dataDir: string;
  port: number;
  env: Record<string, string>;
  /** How long to wait for "Atelier is running" (a first start may build for minutes). */
  readyTimeoutMs?: number;
};

const ROOT = process.cwd();
const READY_LINE = /Atelier is running at (\S+)/;

export async function startConsole(opts: ConsoleOptions): Promise<ConsoleProcess> {
  // start.ts would build first; a build here would replace .next under other servers of the same run.
  if ((await buildState(ROOT)) !== "current") {
    throw new Error("The production build is missing or older than the sources: run `npm run build` (or `npm test`, which builds) first.");
  }
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env, ATELIER_DATA_DIR: opts.dataDir, PORT: String(opts.port) };
  // The newcomer's path: no database configured, so start.ts runs the embedded one.
  delete env.DATABASE_URL;
  delete env.DATABASE_POOL_SIZE;
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  const child: ChildProcess = spawn(tsx, ["--conditions=react-server", "scripts/start.ts"], {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exit.then(() => (exited = true));
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const match = READY_LINE.exec(text);
      if (match) resolve(match[1]!.replace("localhost", "127.0.0.1"));
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exit.then(() => reject(new Error(`npm start exited before it was ready:\n${text.slice(-4000)}`)));
    setTimeout(() => reject(new Error(`npm start was not ready within ${opts.readyTimeoutMs ?? 120_000} ms:\n${text.slice(-4000)}`)), opts.readyTimeoutMs ?? 120_000).unref();
  });

  const stop = async () => {
    if (exited) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exit;
    clearTimeout(killer);
  };

  let baseURL: string;
  try {
    baseURL = await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    baseURL,
    serverPid: async () => {
      const children = await readFile(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").catch(() => "");
      const pid = Number(children.trim().split(/\s+/)[0]);
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    },
    output: () => text,
    stop,
  };
}

/** Resident memory of a process in MiB (Linux), or undefined where /proc does not say. */
export async function residentMiB(pid: number | undefined): Promise<number | undefined> {
  if (!pid) return undefined;
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return Number.isFinite(kib) && kib > 0 ? Math.round(kib / 102.4) / 10 : undefined;
}
