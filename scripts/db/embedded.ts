// Embedded Postgres for people who have none: PGlite (Postgres compiled to WASM) persisted to a
// folder, served over the Postgres wire protocol on loopback so `pg`/adapter-pg reach it like any server.
//
// PGlite is one Postgres backend. pglite-socket 0.2.17 lets `maxConnections` clients in (default 1)
// and turns the rest away at once ("Too many connections", socket closed), even a client arriving
// while the previous one is still closing. Above 1 it interleaves the clients' protocol messages on
// the one session, which breaks the extended query protocol. So we let clients in one at a time and
// make the others wait their turn (queueConnections): use a pool of ONE connection with this server,
// since a second pooled connection would wait until the first one closes.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import type { Socket } from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgresOptions {
  /** A folder (created if missing), or `memory://` for a throwaway database. */
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const LOCK_FILE = "atelier.lock";

function isInMemory(dataDir: string): boolean {
  return dataDir.startsWith("memory://");
}

/** Linux: the process's start time (clock ticks since boot), so a reused pid is not taken for ours. */
async function startTime(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  // Fields after the parenthesised command name; starttime is field 22 overall, 20th after ")".
  return stat?.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

async function lockHolderAlive(pid: number, started: string | undefined): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (!started) return true;
  const current = await startTime(pid);
  return current === undefined || current === started;
}

/**
 * Two PGlite instances writing one folder corrupt it, and PGlite does not guard against that
 * itself, so we keep "pid starttime" in a file next to the data while a server is running.
 */
async function takeLock(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dataDir, LOCK_FILE);
  const [holder, started] = (await readFile(lockPath, "utf8").catch(() => "")).trim().split(" ");
  const pid = Number(holder);
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && (await lockHolderAlive(pid, started))) {
    throw new Error(
      `${dataDir} is in use by process ${pid}; stop it first (one embedded database per folder). ` +
        `If that process is not Atelier, delete ${lockPath}.`,
    );
  }
  await writeFile(lockPath, `${process.pid} ${(await startTime(process.pid)) ?? ""}`.trim());
  return () => rm(lockPath, { force: true });
}

/** How long a client may wait for the connection in use to close before we give up on it. */
const QUEUE_TIMEOUT_MS = 60_000;

/**
 * Hands sockets to the server's own connection handler one at a time, in arrival order. A waiting
 * client's startup message stays buffered in its paused socket until its turn. Returns a function
 * that drops the clients still waiting (for stop()).
 */
function queueConnections(server: PGLiteSocketServer): () => void {
  // handleConnection is private in the typings but is what the server calls for each socket.
  const target = server as unknown as { handleConnection(socket: Socket): Promise<void> };
  const attach = target.handleConnection.bind(server);
  const waiting: Socket[] = [];
  let busy = false;

  const next = (): void => {
    const socket = waiting.shift();
    if (!socket) {
      busy = false;
      return;
    }
    if (socket.destroyed) return next();
    busy = true;
    // Let pglite-socket run its own close handling (it rolls back an open transaction) first.
    socket.once("close", () => setImmediate(next));
    void attach(socket);
  };

  target.handleConnection = async (socket: Socket) => {
    const timer = setTimeout(() => {
      const index = waiting.indexOf(socket);
      if (index !== -1) waiting.splice(index, 1);
      socket.destroy();
    }, QUEUE_TIMEOUT_MS);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
    waiting.push(socket);
    if (!busy) next();
  };

  return () => {
    for (const socket of waiting.splice(0)) socket.destroy();
  };
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const host = opts.host ?? "127.0.0.1";
  const inMemory = isInMemory(opts.dataDir);
  let releaseLock = async () => {};
  if (!inMemory) {
    await mkdir(opts.dataDir, { recursive: true });
    releaseLock = await takeLock(opts.dataDir);
  }

  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  let dropWaiting = () => {};
  try {
    // PGlite creates the cluster on first use of an empty folder and reopens it afterwards.
    db = await PGlite.create({ dataDir: inMemory ? opts.dataDir : path.resolve(opts.dataDir) });
    // The server's own limit must not refuse the clients queueConnections keeps waiting.
    server = new PGLiteSocketServer({ db, host, port: opts.port ?? 0, maxConnections: 1000 });
    dropWaiting = queueConnections(server);
    await server.start();
  } catch (error) {
    await db?.close().catch(() => {});
    await releaseLock();
    throw error;
  }

  // getServerConn() is "host:port" once listening; with port 0 this is where the real port shows up.
  const conn = server.getServerConn();
  const port = Number(conn.slice(conn.lastIndexOf(":") + 1));
  const urlHost = host.includes(":") ? `[${host}]` : host;

  let stopping: Promise<void> | undefined;
  const runningServer = server;
  const runningDb = db;
  return {
    url: `postgres://postgres@${urlHost}:${port}/postgres`,
    port,
    stop() {
      // Idempotent: start.ts may call it from a signal handler and from its exit path.
      stopping ??= (async () => {
        dropWaiting();
        await runningServer.stop();
        // close() checkpoints to dataDir, so nothing is lost on a clean stop.
        await runningDb.close();
        await releaseLock();
      })();
      return stopping;
    },
  };
}
