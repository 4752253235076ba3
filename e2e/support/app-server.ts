import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { randomBase62 } from "@/lib/ids";
import { buildState } from "../../scripts/lib/build";
import { waitForHealth } from "../../scripts/lib/wait-for-health";

// Runs the production build (`next start`) for HTTP tests: a fresh admin key, the given database,
// a free loopback port. Resolves once /api/health answers 200 (database reachable, every migration
// applied). The server's output goes to test-results/app-server-<port>-<time>.log.

export type AppServer = {
  baseURL: string;
  /** ATELIER_ADMIN_KEY of this server: full access to the default workspace. */
  adminKey: string;
  /** ATELIER_SECRET of this server: a test process that signs sessions itself needs the same. */
  secret: string;
  logFile: string;
  /** SIGTERM (the app's graceful shutdown: ATELIER_SHUTDOWN_GRACE_SECONDS, 2 here unless given), then SIGKILL after 5 s. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL at once, as a crash: nothing of the app's shutdown runs. */
  kill(): Promise<void>;
};

export type AppServerOptions = {
  databaseUrl: string;
  /** The single-connection embedded Postgres: the app then runs with DATABASE_POOL_SIZE=1 and an in-process run bus. */
  embedded?: boolean;
  /** Defaults to a free port. */
  port?: number;
  /** Extra environment; ATELIER_ADMIN_KEY and ATELIER_SECRET here replace the generated ones. */
  env?: Record<string, string>;
};

const ROOT = process.cwd();
const HEALTH_TIMEOUT_MS = 60_000;
const KILL_GRACE_MS = 5_000;
const OUTPUT_TAIL_CHARS = 8_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("could not find a free port"))));
    });
  });
}

/** Starts only on an existing build; a stale one still starts, with a warning, since the tests then check old code. */
async function assertBuilt(): Promise<void> {
  const state = await buildState(ROOT);
  if (state === "missing") {
    throw new Error(`No production build in ${path.join(ROOT, ".next")}: run \`npm run build\` (next build) first, then the tests.`);
  }
  if (state === "stale") {
    console.warn("[app-server] warning: sources changed after the last `next build`; the tests run the older build. Run `npm test`, which rebuilds.");
  }
}

/** The environment for the child: ours minus vitest's markers, plus the app's settings. */
function childEnv(opts: AppServerOptions, adminKey: string, secret: string, port: number): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("VITEST") && key !== "TEST") env[key] = value;
  }
  // Tests stop servers often; a run still streaming should not hold each stop for 30 s.
  env.ATELIER_SHUTDOWN_GRACE_SECONDS = "2";
  Object.assign(env, opts.env, {
    DATABASE_URL: opts.databaseUrl,
    ATELIER_ADMIN_KEY: adminKey,
    ATELIER_SECRET: secret,
    NODE_ENV: "production",
    PORT: String(port),
    NEXT_TELEMETRY_DISABLED: "1",
  });
  if (opts.embedded) {
    env.DATABASE_POOL_SIZE = "1";
    env.ATELIER_RUN_QUEUE = "in-process"; // as `npm start` runs it: one process owns the embedded database
    env.ATELIER_EVENT_BUS = "memory"; // as npm start does: a LISTEN connection would hold the only one
  }
  return env;
}

export async function startAppServer(opts: AppServerOptions): Promise<AppServer> {
  await assertBuilt();
  const port = opts.port ?? (await freePort());
  const adminKey = opts.env?.ATELIER_ADMIN_KEY ?? randomBase62(40);
  const secret = opts.env?.ATELIER_SECRET ?? randomBase62(43);
  const baseURL = `http://127.0.0.1:${port}`;

  const logDir = path.join(ROOT, "test-results");
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `app-server-${port}-${new Date().toISOString().replace(/[:.]/g, "-")}.log`);
  const log: WriteStream = createWriteStream(logFile);
  let output = "";
  const capture = (chunk: Buffer) => {
    log.write(chunk);
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
  };

  const next = path.join(ROOT, "node_modules", ".bin", "next");
  // Own process group, so stop() reaches any worker `next start` forks, and nothing else.
  const child: ChildProcess = spawn(next, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: childEnv(opts, adminKey, secret, port) as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", capture);
  child.stderr?.on("data", capture);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.once("error", (error) => {
      capture(Buffer.from(`\n[app-server] spawn failed: ${error.message}\n`));
      exited ??= { code: null, signal: null };
      resolve();
    });
  });

  let stopping: Promise<void> | undefined;
  const end = (signal: NodeJS.Signals) =>
    (stopping ??= (async () => {
      if (!exited && child.pid) {
        signalGroup(child.pid, signal);
        const killed = setTimeout(() => signalGroup(child.pid!, "SIGKILL"), KILL_GRACE_MS);
        await exit;
        clearTimeout(killed);
      }
      await new Promise<void>((resolve) => log.end(resolve));
    })());
  const stop = () => end("SIGTERM");
  const kill = () => end("SIGKILL");

  const failure = (reason: string) =>
    new Error(`${reason}\n--- server output (last ${OUTPUT_TAIL_CHARS} chars; full log: ${logFile}) ---\n${output}`);

  try {
    await waitForHealth(`${baseURL}/api/health`, { timeoutMs: HEALTH_TIMEOUT_MS, exited: () => exited !== undefined });
  } catch (error) {
    await stop();
    const how = exited ? ` (code ${exited.code}, signal ${exited.signal})` : "";
    throw failure(`${(error as Error).message}${how}.`);
  }
  return { baseURL, adminKey, secret, logFile, stop, kill };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
