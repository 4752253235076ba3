// `npm start`: database (yours, or an embedded one), migrations, build if needed, then `next start`.
//
// Environment:
//   DATABASE_URL     your Postgres; unset = embedded PGlite in .data/pglite (pool of 1 connection)
//   ATELIER_DATA_DIR where the embedded database and the generated secret live, default .data
//   PORT             default 3000
//   ATELIER_HOSTNAME address to listen on, default 127.0.0.1 (loopback only: until someone has set
//                    up the first owner, whoever reaches the set-up page first becomes it). 0.0.0.0
//                    (or ::) exposes it to the network: do that after set-up, or with
//                    ATELIER_ADMIN_EMAIL/PASSWORD set. HOSTNAME is honoured too, but only when it
//                    looks like an address: container runtimes set it to the container id.
//   ATELIER_SECRET   signs sessions; unset = generated once into .data/secret (kept across restarts)
//   ATELIER_RUN_QUEUE pg-boss (default with DATABASE_URL: its schema is installed here) or in-process
//                    (always with the embedded database)
//   ATELIER_EVENT_BUS set to memory with the embedded database (see lib/runs/bus)
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import { isIP } from "node:net";
import { constants } from "node:os";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./db/embedded";
import { describeDatabaseUrl, migrate } from "./db/migrate-lib";
import { getEnv } from "@/lib/env";
import { installRunQueueSchema } from "@/lib/runs/lease/pgboss-setup";
import { ensureBuild } from "./lib/build";
import { waitForHealth } from "./lib/wait-for-health";


/**
 * ATELIER_SECRET, or one generated on first start and kept in .data/secret (owner-only), so
 * sessions survive restarts without any set-up. Several instances must share one: set it.
 */
async function ensureSecret(dataDir: string): Promise<void> {
  if (process.env.ATELIER_SECRET) return;
  const secretFile = path.join(dataDir, "secret");
  let secret = await readFile(secretFile, "utf8").then((text) => text.trim(), () => "");
  if (secret.length < 32) {
    secret = randomBytes(32).toString("base64url");
    await mkdir(dataDir, { recursive: true });
    await writeFile(secretFile, `${secret}\n`, { mode: 0o600 });
    console.log(`Secret: generated ${secretFile} (signs sessions; set ATELIER_SECRET to choose your own)`);
  }
  process.env.ATELIER_SECRET = secret;
}
const HEALTH_TIMEOUT_MS = 60_000;
const ANY_ADDRESSES = new Set(["0.0.0.0", "::"]);

function listenHostname(): string {
  const configured = getEnv().ATELIER_HOSTNAME;
  if (configured) return configured;
  const hostname = process.env.HOSTNAME;
  if (hostname && (isIP(hostname) !== 0 || hostname === "localhost")) return hostname;
  if (hostname) {
    console.warn(`Ignoring HOSTNAME="${hostname}" (not an address; container runtimes set it to the container id). Set ATELIER_HOSTNAME to choose the interface.`);
  }
  return "127.0.0.1";
}


function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "::1" || hostname.startsWith("127.");
}

function urlHost(hostname: string): string {
  return hostname.includes(":") ? `[${hostname}]` : hostname;
}

/** Where a person should point their browser: localhost unless we listen on one specific address. */
function publicUrl(hostname: string, port: number): string {
  const host = isLoopback(hostname) || ANY_ADDRESSES.has(hostname) ? "localhost" : urlHost(hostname);
  return `http://${host}:${port}`;
}

/** Where we can reach the server ourselves; an any-address listener answers on loopback. */
function probeUrl(hostname: string, port: number): string {
  const host = hostname === "::" ? "[::1]" : hostname === "0.0.0.0" ? "127.0.0.1" : urlHost(hostname);
  return `http://${host}:${port}/api/health`;
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return signal ? 128 + (constants.signals[signal] ?? 0) : 1;
}

async function main(): Promise<number> {
  try {
    process.loadEnvFile();
  } catch {
    // no .env: the environment alone decides
  }
  // Validates every variable once (lib/env.ts), so a typo stops here with a readable message.
  let port: number;
  let hostname: string;
  let dataDir: string;
  try {
    port = getEnv().PORT;
    dataDir = getEnv().ATELIER_DATA_DIR;
    hostname = listenHostname();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  }

  let embedded: EmbeddedPostgres | undefined;
  let child: ChildProcess | undefined;
  let signalled = false;
  const stopDatabase = async () => {
    await embedded?.stop().catch((error: unknown) => console.error(`Stopping the embedded database failed: ${String(error)}`));
  };

  // Until the server runs there is nothing to forward to: stop the database and leave.
  // Afterwards the server gets the signal and we exit when it does (see below).
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      signalled = true;
      if (child && child.exitCode === null) {
        child.kill(signal);
      } else {
        void stopDatabase().then(() => process.exit(exitCodeOf(null, signal)));
      }
    });
  }

  try {
    await ensureSecret(dataDir);
    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const embeddedDir = path.join(dataDir, "pglite");
      embedded = await startEmbeddedPostgres({ dataDir: embeddedDir, host: "127.0.0.1", port: 0 });
      databaseUrl = embedded.url;
      process.env.DATABASE_URL = databaseUrl;
      // PGlite serves one connection at a time (see scripts/db/embedded.ts), so the run bus must
      // not hold one for LISTEN: events stay in process (one instance, as the folder's lock ensures).
      process.env.DATABASE_POOL_SIZE = "1";
      if (process.env.ATELIER_EVENT_BUS && process.env.ATELIER_EVENT_BUS !== "memory") {
        console.warn(`Ignoring ATELIER_EVENT_BUS=${process.env.ATELIER_EVENT_BUS}: the embedded database runs a single instance.`);
      }
      process.env.ATELIER_EVENT_BUS = "memory";
      console.log(
        `Database: embedded Postgres (PGlite) in ${embeddedDir}, on 127.0.0.1:${embedded.port} — set DATABASE_URL to use your own Postgres`,
      );
    } else {
      console.log(`Database: DATABASE_URL (${describeDatabaseUrl(databaseUrl)})`);
    }

    const { applied } = await migrate(databaseUrl);
    console.log(applied.length === 0 ? "Migrations: up to date" : `Migrations: applied ${applied.join(", ")}`);
    if (embedded) {
      // One process owns the embedded database, over a bridge that takes one connection at a time.
      if (process.env.ATELIER_RUN_QUEUE === "pg-boss") console.warn("Ignoring ATELIER_RUN_QUEUE=pg-boss: the embedded database serves one process; runs are owned in process.");
      process.env.ATELIER_RUN_QUEUE = "in-process";
    } else if (getEnv().ATELIER_RUN_QUEUE === "pg-boss") {
      await installRunQueueSchema(databaseUrl);
      console.log("Run queue: pg-boss ready in schema pgboss");
    }

    await ensureBuild();

    // Run next's own bin with this node rather than through npx: one process to signal, not three.
    const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
    const server = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", hostname], {
      stdio: "inherit",
      env: process.env,
    });
    child = server;
    const exited = new Promise<number>((resolve) => {
      server.on("exit", (code, signal) => resolve(exitCodeOf(code, signal)));
    });

    let failed = false;
    try {
      await waitForHealth(probeUrl(hostname, port), {
        timeoutMs: HEALTH_TIMEOUT_MS,
        intervalMs: 500,
        exited: () => server.exitCode !== null || server.signalCode !== null,
      });
      console.log(`Atelier is running at ${publicUrl(hostname, port)}`);
      if (ANY_ADDRESSES.has(hostname)) console.log(`Listening on all interfaces (${hostname}): reachable from the network.`);
    } catch (error) {
      failed = !signalled;
      if (failed) console.error(`Atelier did not start: ${error instanceof Error ? error.message : String(error)}`);
      if (server.exitCode === null && server.signalCode === null) server.kill("SIGTERM");
    }
    const code = await exited;
    await stopDatabase();
    // A server we stopped for not getting ready is a failure, whatever its own exit code says.
    return failed ? code || 1 : code;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stopDatabase();
    return 1;
  }
}

main().then((code) => process.exit(code));
