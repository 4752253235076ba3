import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { readPlanted, scanForSecrets, type PlantedSecret } from "../../scripts/lib/secret-scan";
import { startAppServer } from "../support/app-server";
import { createTestDatabase } from "../support/test-db";
import { startScriptedModel } from "../../scripts/scripted-model/server";

// Once per `vitest run --project api`: a fresh migrated database, `next start` on it, and the
// coordinates handed to the test files through `inject()`. Teardown stops the server, scans every
// response of the run and the server's log for planted secrets (scripts/lib/secret-scan.ts; the
// run fails on a leak), then drops the database, also when start-up failed half-way.

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
    /** This run's folder of captured responses and planted secrets (e2e/api/support/capture.ts, planted.ts). */
    captureDir: string;
  }
}

const SIGN_IN_LOCK_SECONDS = 3;
const MODEL_KEY = "sk-scripted-test-key";

/** Secrets of the server itself, which no response and no log line may carry either. */
const serverSecrets = (server: { adminKey: string; secret: string }): PlantedSecret[] => [
  { name: "the server's ATELIER_ADMIN_KEY", value: server.adminKey },
  { name: "the server's ATELIER_SECRET", value: server.secret },
  { name: "the default provider's OPENAI_API_KEY", value: MODEL_KEY },
];

/** Throws, failing the run, when a planted secret was found; the folder is kept then, to look at. */
function scanRun(captureDir: string, server: { adminKey: string; secret: string; logFile: string }): void {
  const report = scanForSecrets({ captureDir, logFiles: [server.logFile], secrets: [...serverSecrets(server), ...readPlanted(captureDir)] });
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  console.log(
    `[api] secret scan: ${report.secrets} secrets in ${report.responses} responses (${mb(report.bytes)} MB) and the server log (${mb(report.logBytes)} MB), ${report.ms} ms: ${report.findings.length ? `${report.findings.length} found` : "none found"}`,
  );
  if (report.findings.length) {
    // vitest only logs an error thrown by a global teardown ("error during close") and exits 0:
    // the exit code is what fails the run (and `npm test`'s summary counts it, scripts/test.ts).
    process.exitCode = 1;
    throw new Error(`Planted secrets left the server (responses kept in ${captureDir}):\n  - ${report.findings.join("\n  - ")}`);
  }
  rmSync(captureDir, { recursive: true, force: true });
}

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
  const captureDir = mkdtempSync(path.join(tmpdir(), "atelier-api-capture-"));
  project.provide("baseURL", server.baseURL);
  project.provide("adminKey", server.adminKey);
  project.provide("secret", server.secret);
  project.provide("signInLockSeconds", SIGN_IN_LOCK_SECONDS);
  project.provide("databaseUrl", database.url);
  project.provide("databaseEmbedded", database.embedded);
  project.provide("modelURL", model.url);
  project.provide("logFile", server.logFile);
  project.provide("captureDir", captureDir);
  return async () => {
    try {
      await server.stop();
      scanRun(captureDir, server);
    } finally {
      await model.close();
      await database.drop();
    }
  };
}
