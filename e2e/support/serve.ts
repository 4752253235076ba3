// Playwright's webServer (playwright.config.ts): a fresh migrated database and `next start` on the
// production build, on port E2E_PORT with E2E_ADMIN_KEY as the admin key and, when given,
// E2E_ADMIN_EMAIL/E2E_ADMIN_PASSWORD as the first owner (without them the instance is fresh: the
// first-run set-up page). Stops the app and drops the database on SIGTERM/SIGINT (Playwright sends
// SIGTERM when the run ends).
//
//   E2E_PORT=3210 E2E_ADMIN_KEY=... [E2E_ADMIN_EMAIL=... E2E_ADMIN_PASSWORD=...] npx tsx --conditions=react-server e2e/support/serve.ts
import { startAppServer } from "./app-server";
import { createTestDatabase } from "./test-db";

const port = Number(process.env.E2E_PORT || 3210);
const adminKey = process.env.E2E_ADMIN_KEY;

function log(message: string): void {
  console.log(`[e2e serve] ${message}`);
}

async function main(): Promise<void> {
  if (!Number.isInteger(port) || port <= 0) throw new Error(`E2E_PORT must be a port number, not '${process.env.E2E_PORT}'`);
  if (!adminKey || adminKey.length < 20) throw new Error("E2E_ADMIN_KEY must be set to a key of at least 20 characters");

  const cleanups: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      log(`${reason}: stopping`);
      // Last started, first stopped: the app before its database.
      for (const cleanup of cleanups.reverse()) {
        await cleanup().catch((error: unknown) => log(`clean-up failed: ${(error as Error).message}`));
      }
      log("stopped");
    })();
    return stopping;
  };
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    process.on(signal, () => {
      void stop(signal).finally(() => process.exit(0));
    });
  }

  try {
    const started = Date.now();
    const db = await createTestDatabase(process.env.E2E_ADMIN_EMAIL ? "e2e" : "e2e_fresh");
    cleanups.push(() => db.drop());
    log(`database ready${db.embedded ? " (embedded)" : ""} in ${Date.now() - started} ms`);

    const app = await startAppServer({
      databaseUrl: db.url,
      embedded: db.embedded,
      port,
      env: {
        ATELIER_ADMIN_KEY: adminKey,
        ...(process.env.E2E_ADMIN_EMAIL && { ATELIER_ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL }),
        ...(process.env.E2E_ADMIN_PASSWORD && { ATELIER_ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD }),
      },
    });
    cleanups.push(() => app.stop());
    if (app.adminKey !== adminKey) throw new Error("the app server did not take E2E_ADMIN_KEY as its admin key");
    log(`app ready at ${app.baseURL} in ${Date.now() - started} ms`);
  } catch (error) {
    await stop("start-up failed");
    throw error;
  }

  // Stay up until Playwright stops us; the app server is a child process, not this one's event loop.
  setInterval(() => {}, 1 << 30);
}

main().catch((error: unknown) => {
  console.error(`[e2e serve] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
