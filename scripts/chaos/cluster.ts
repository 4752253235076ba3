import { randomBytes } from "node:crypto";
import { startAppServer, type AppServer } from "../../e2e/support/app-server";
import { createTestDatabase, type TestDatabase } from "../../e2e/support/test-db";
import { startScriptedModel, type ScriptedModel } from "../scripted-model/server";

// Several Atelier instances on one fresh database, with the scripted model, for `npm run chaos`
// and its test: the way users run Atelier once they outgrow one machine. Instances share the
// admin key and secret as a real deployment must (ATELIER_SECRET signs sessions and encrypts keys).

export const MODEL_KEY = "sk-chaos-model-key";

export type Cluster = {
  db: TestDatabase;
  model: ScriptedModel;
  instances: AppServer[];
  adminKey: string;
  /** Starts one more instance on the same database (it joins while the others work). */
  add(): Promise<AppServer>;
  /** Every instance's log file, for the secret scan. */
  logFiles: string[];
  stop(): Promise<void>;
};

export type ClusterOptions = { instances: number; env?: Record<string, string> };

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const db = await createTestDatabase("chaos");
  if (db.embedded) {
    await db.drop();
    throw new Error("the chaos run needs a real Postgres (the embedded database serves one process): start one, or set DATABASE_URL");
  }
  const model = await startScriptedModel({ apiKey: MODEL_KEY });
  const adminKey = `atelier-chaos-${randomBytes(16).toString("hex")}`;
  const secret = randomBytes(32).toString("base64url");
  const env = {
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: MODEL_KEY,
    ATELIER_ADMIN_KEY: adminKey,
    ATELIER_SECRET: secret,
    ATELIER_MODEL_TIMEOUT_SECONDS: "3",
    ATELIER_MODEL_IDLE_TIMEOUT_SECONDS: "2",
    ...options.env,
  };
  const instances: AppServer[] = [];
  const logFiles: string[] = [];
  const add = async () => {
    const instance = await startAppServer({ databaseUrl: db.url, env: { ...env, ATELIER_INSTANCE_ID: `chaos-${instances.length + 1}` } });
    instances.push(instance);
    logFiles.push(instance.logFile);
    return instance;
  };
  try {
    // One at a time: the first migrates the database.
    for (let i = 0; i < options.instances; i++) await add();
  } catch (error) {
    await Promise.allSettled(instances.map((instance) => instance.stop()));
    await model.close();
    await db.drop();
    throw error;
  }
  return {
    db,
    model,
    instances,
    adminKey,
    add,
    logFiles,
    stop: async () => {
      await Promise.allSettled(instances.map((instance) => instance.stop()));
      await model.close();
      await db.drop();
    },
  };
}
