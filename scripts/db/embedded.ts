// Embedded Postgres for people who have none: PGlite (Postgres compiled to WASM) persisted to a
// folder, served over the Postgres wire protocol on loopback so `pg`/adapter-pg reach it like any server.
//
// PGlite is one Postgres backend. pglite-socket 0.2.17 lets `maxConnections` clients in (default 1)
// and turns the rest away at once ("Too many connections", socket closed), even a client arriving
// while the previous one is still closing. Above 1 it interleaves the clients' protocol messages on
// the one session, which breaks the extended query protocol. So we let clients in one at a time and
// make the others wait their turn (queueConnections): use a pool of ONE connection with this server,
// since a second pooled connection would wait until the first one closes.
//
// One backend also means one *session* for every client that ever connects: prepared statements,
// SET values, advisory locks and LISTENs outlive the connection that made them. A real server
// ends the backend with the connection; here we reset the session between clients instead
// (resetSession), or the next client's `Parse` of a named statement (pg's `{ name }` queries)
// fails with 42P05 "prepared statement … already exists" — the embedded default broke that way
// whenever its connection was replaced.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import type { Socket } from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgresOptions {
  /** A folder (created if missing), or `memory://` for a throwaway database. */
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** How long a client may wait for its turn (default 60 s); tests shorten it. */
  queueTimeoutMs?: number;
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

// Sync ('S', length 4): ends an extended-protocol exchange the client left half-way (an error
// makes the backend skip everything up to the next Sync, our own reset included).
const SYNC_MESSAGE = new Uint8Array([0x53, 0, 0, 0, 4]);

/**
 * Puts the one backend back to how a new connection finds a real server: no transaction, no
 * prepared statements or portals, default settings, no advisory locks, no LISTEN, no temp tables.
 */
export async function resetSession(db: PGlite): Promise<void> {
  // execProtocolRaw takes no lock of its own: hold the one that protocol messages run under.
  await db.runExclusive(() => db.execProtocolRaw(SYNC_MESSAGE));
  if (db.isInTransaction()) await db.exec("ROLLBACK");
  // DISCARD ALL = CLOSE ALL, SET SESSION AUTHORIZATION DEFAULT, RESET ALL, DEALLOCATE ALL,
  // UNLISTEN *, pg_advisory_unlock_all(), DISCARD PLANS/TEMP/SEQUENCES.
  await db.exec("DISCARD ALL");
}

/** How long a client may wait for the connection in use to close before we give up on it. */
const QUEUE_TIMEOUT_MS = 60_000;

/**
 * Hands sockets to the server's own connection handler one at a time, in arrival order. A waiting
 * client's startup message stays buffered in its paused socket until its turn. Returns a function
 * that drops the clients still waiting (for stop()).
 */
function queueConnections(server: PGLiteSocketServer, db: PGlite, queueTimeoutMs: number): () => void {
  // handleConnection is private in the typings but is what the server calls for each socket.
  const target = server as unknown as { handleConnection(socket: Socket): Promise<void> };
  const attach = target.handleConnection.bind(server);
  const waiting: Socket[] = [];
  // Each waiting client's give-up timer. It must stop once the client is let in: left running, it
  // cut every connection 60 s after it opened, and the pool's new connection then met the old
  // one's prepared statements (see resetSession).
  const timers = new Map<Socket, NodeJS.Timeout>();
  let busy = false;

  // Set when a client leaves; the session is reset before anyone else is let in.
  let dirty = false;

  const next = async (): Promise<void> => {
    if (dirty) {
      try {
        await resetSession(db);
        dirty = false;
      } catch (error) {
        // A session we cannot reset must not be handed on: the next client would inherit it.
        // The waiting clients get their connection refused (and the pool retries); a later
        // arrival tries the reset again.
        console.error(`Embedded database: could not reset the session after a client left: ${String(error)}`);
        for (const socket of waiting.splice(0)) socket.destroy();
        busy = false;
        return;
      }
    }
    const socket = waiting.shift();
    if (!socket) {
      busy = false;
      return;
    }
    clearTimeout(timers.get(socket));
    timers.delete(socket);
    if (socket.destroyed) return next();
    busy = true;
    // attach() registers pglite-socket's own "close" handler synchronously; ours comes after it, so
    // its close handling (it stops taking the client's messages and drops those still queued, then
    // rolls back) is scheduled first, and the reset below runs once nothing of the client is left.
    void attach(socket);
    socket.once("close", () => {
      dirty = true;
      setImmediate(() => void next());
    });
  };

  target.handleConnection = async (socket: Socket) => {
    const timer = setTimeout(() => {
      timers.delete(socket);
      const index = waiting.indexOf(socket);
      if (index !== -1) waiting.splice(index, 1);
      socket.destroy();
    }, queueTimeoutMs);
    timer.unref();
    timers.set(socket, timer);
    socket.once("close", () => {
      clearTimeout(timer);
      timers.delete(socket);
    });
    waiting.push(socket);
    if (!busy) {
      busy = true;
      void next();
    }
  };

  return () => {
    for (const socket of waiting.splice(0)) socket.destroy();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
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
    // pgvector is loaded (a 50 KB bundle, unpacked at start) so the files migration can give
    // chunks their `embedding` column here as on a server that has the extension.
    db = await PGlite.create({ dataDir: inMemory ? opts.dataDir : path.resolve(opts.dataDir), extensions: { vector } });
    // The server's own limit must not refuse the clients queueConnections keeps waiting.
    server = new PGLiteSocketServer({ db, host, port: opts.port ?? 0, maxConnections: 1000 });
    dropWaiting = queueConnections(server, db, opts.queueTimeoutMs ?? QUEUE_TIMEOUT_MS);
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
