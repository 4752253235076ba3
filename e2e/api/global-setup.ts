import type { TestProject } from "vitest/node";
import { startAppServer } from "../support/app-server";
import { createTestDatabase } from "../support/test-db";
import { startScriptedModel } from "../../scripts/scripted-model/server";

// Once per `vitest run --project api`: a fresh migrated database, `next start` on it, and the
// coordinates handed to the test files through `inject()`. Teardown stops the server, then drops
// the database, also when start-up failed half-way.

declare module "vitest" {
  export interface ProvidedContext {
    /** e.g. http://127.0.0.1:41234 (no trailing slash); the API is under /api/v1. */
    baseURL: string;
    /** The server's ATELIER_ADMIN_KEY (default workspace). */
    adminKey: string;
    /** The server's ATELIER_SECRET, so lib/auth in the test process signs the same sessions. */
    secret: string;
    /** ATELIER_SIGNIN_LOCK_SECONDS of the server: short, so a lock's expiry can be waited for. */
    signInLockSeconds: number;
    /** The test database; test files reach it through lib/ services to make their own workspaces. */
    databaseUrl: string;
    /** True when the database is the single-connection embedded Postgres (see e2e/api/support/workspace.ts). */
    databaseEmbedded: boolean;
    /** The scripted model server the app's default provider points at (…/v1), see scripts/scripted-model. */
    modelURL: string;
    /** The app server's output (its JSON log lines), see e2e/support/app-server.ts. */
    logFile: string;
  }
}

const SIGN_IN_LOCK_SECONDS = 3;
const MODEL_KEY = "sk-scripted-test-key";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const database = await createTestDatabase("api");
  // The only model the tests reach, over real HTTP; the key checks that Atelier sends it along.
  const model = await startScriptedModel({ apiKey: MODEL_KEY });
  let server: Awaited<ReturnType<typeof startAppServer>>;
  try {
    server = await startAppServer({
      databaseUrl: database.url,
      embedded: database.embedded,
      env: { ATELIER_SIGNIN_LOCK_SECONDS: String(SIGN_IN_LOCK_SECONDS), OPENAI_BASE_URL: model.url, OPENAI_API_KEY: MODEL_KEY },
    });
  } catch (error) {
    await model.close();
    await database.drop().catch(() => {});
    throw error;
  }
  console.log(
    `[api] app at ${server.baseURL} on a ${database.embedded ? "embedded" : "fresh"} database, ready in ${Date.now() - started} ms (log: ${server.logFile})`,
  );
  project.provide("baseURL", server.baseURL);
  project.provide("adminKey", server.adminKey);
  project.provide("secret", server.secret);
  project.provide("signInLockSeconds", SIGN_IN_LOCK_SECONDS);
  project.provide("databaseUrl", database.url);
  project.provide("databaseEmbedded", database.embedded);
  project.provide("modelURL", model.url);
  project.provide("logFile", server.logFile);
  return async () => {
    try {
      await server.stop();
    } finally {
      await model.close();
      await database.drop();
    }
  };
}
