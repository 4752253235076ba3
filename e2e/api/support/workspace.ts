import { mkdir, rmdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";

// Test files make their own workspaces and API keys through lib/ services, on the database the
// global setup created, so no file sees another's data. lib/db reads DATABASE_URL once, so it is
// set before lib/ is first imported (dynamically, below).
//
// The embedded Postgres (fallback when no server is at hand) serves ONE connection at a time (other
// clients wait in line), and the app server's pool holds it while busy and for pg's 10 s idle
// timeout after. So there, every direct database use (`provision`) waits for its turn, retries on
// connection trouble, and disconnects at once afterwards; and test files take turns (a lock held
// from their first `provision` to `releaseDatabase`), since a file that keeps the app busy would
// otherwise keep another file's provisioning waiting past the queue's timeout.

export type Lib = {
  workspaces: typeof import("@/lib/workspaces/service");
  apiKeys: typeof import("@/lib/auth/api-keys");
  assistants: typeof import("@/lib/assistants/service");
  db: typeof import("@/lib/db");
  caller: typeof import("@/lib/auth/caller");
  betterAuth: typeof import("@/lib/auth/better-auth");
};

let lib: Promise<Lib> | undefined;

function loadLib(): Promise<Lib> {
  lib ??= (async () => {
    process.env.DATABASE_URL = inject("databaseUrl");
    process.env.ATELIER_SECRET = inject("secret");
    if (inject("databaseEmbedded")) process.env.DATABASE_POOL_SIZE = "1";
    const { resetEnvForTests } = await import("@/lib/env");
    resetEnvForTests();
    const [workspaces, apiKeys, assistants, db, caller, betterAuth] = await Promise.all([
      import("@/lib/workspaces/service"),
      import("@/lib/auth/api-keys"),
      import("@/lib/assistants/service"),
      import("@/lib/db"),
      import("@/lib/auth/caller"),
      import("@/lib/auth/better-auth"),
    ]);
    return { workspaces, apiKeys, assistants, db, caller, betterAuth };
  })();
  return lib;
}

const embeddedLockPath = () =>
  path.join(tmpdir(), `atelier-api-tests-${new URL(inject("databaseUrl")).port}.lock`);
let lockHeld = false;

async function takeEmbeddedLock(): Promise<void> {
  if (lockHeld) return;
  for (;;) {
    try {
      await mkdir(embeddedLockPath());
      lockHeld = true;
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

const CONNECTION_TROUBLE = /too many connections|connection terminated|ECONNRESET|ECONNREFUSED|socket|closed the connection|Can't reach database/i;

/** Runs `fn` with lib/ services on the test database (see above for the embedded case). */
export async function provision<T>(fn: (lib: Lib) => Promise<T>): Promise<T> {
  const services = await loadLib();
  if (!inject("databaseEmbedded")) return fn(services);
  await takeEmbeddedLock();
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await fn(services);
    } catch (error) {
      if (!CONNECTION_TROUBLE.test(String((error as Error)?.message)) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await services.db.closeDb().catch(() => {});
    }
  }
}

/** afterAll: closes this file's database connections and lets the next file provision. */
export async function releaseDatabase(): Promise<void> {
  if (lib) await (await lib).db.closeDb().catch(() => {});
  if (lockHeld) {
    await rmdir(embeddedLockPath()).catch(() => {});
    lockHeld = false;
  }
}

/** `caller` acts in the workspace as its operator (owner rights, no member behind it). */
export type TestWorkspace = { id: string; name: string; apiKey: string; keyId: string; caller: import("@/lib/auth/caller").Caller };

/** A new workspace with one API key. Call inside `provision`. */
export async function createTestWorkspace(services: Lib, label: string): Promise<TestWorkspace> {
  const name = `api-test ${label} ${Date.now().toString(36)}`;
  const workspace = await services.workspaces.createWorkspace(name);
  const caller = services.caller.operatorCaller(workspace.id, `api-test ${label}`);
  const { key, info } = await services.apiKeys.createApiKey(caller, { name: `${label} key` });
  return { id: workspace.id, name, apiKey: key, keyId: info.id, caller };
}
