// npm run apikey -- create --name <name> [--workspace <id>]
// npm run apikey -- list [--workspace <id>]
// npm run apikey -- revoke <key_id> [--workspace <id>]
import path from "node:path";
import { parseArgs } from "node:util";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./db/embedded";
import { migrate } from "./db/migrate-lib";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/auth/api-keys";
import { closeDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { operatorCaller } from "@/lib/auth/caller";
import { isAppError } from "@/lib/errors";
import { DEFAULT_WORKSPACE_ID, ensureDefaultWorkspace, findWorkspace } from "@/lib/workspaces/service";

try {
  process.loadEnvFile();
} catch {
  // no .env: use the environment as it is
}

let embedded: EmbeddedPostgres | undefined;

/**
 * Without DATABASE_URL the console runs on the embedded database in $ATELIER_DATA_DIR/pglite (npm start), so
 * keys go there too. Only one process may open that folder: with the console running, this stops
 * with the lock's message (stop the console, or set ATELIER_ADMIN_KEY instead).
 */
async function openEmbeddedDatabase(): Promise<void> {
  embedded = await startEmbeddedPostgres({ dataDir: path.join(getEnv().ATELIER_DATA_DIR, "pglite"), host: "127.0.0.1", port: 0 });
  process.env.DATABASE_URL = embedded.url;
  process.env.DATABASE_POOL_SIZE = "1";
  await migrate(embedded.url);
}

const usage = `Usage:
  npm run apikey -- create --name <name> [--workspace <id>]
  npm run apikey -- list [--workspace <id>]
  npm run apikey -- revoke <key_id> [--workspace <id>]`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: "string" }, workspace: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  if (!process.env.DATABASE_URL) await openEmbeddedDatabase();
  const workspaceId = values.workspace ?? DEFAULT_WORKSPACE_ID;
  if (workspaceId === DEFAULT_WORKSPACE_ID) await ensureDefaultWorkspace();
  else if (!(await findWorkspace(workspaceId))) {
    console.error(`No workspace '${workspaceId}'.`);
    return 1;
  }
  const caller = operatorCaller(workspaceId);
  switch (command) {
    case "create": {
      const name = values.name?.trim();
      if (!name) {
        console.error("--name is required.\n" + usage);
        return 2;
      }
      const { key, info } = await createApiKey(caller, { name });
      console.log(`Created API key ${info.id} ("${info.name}", role ${info.role}) for workspace ${workspaceId}.`);
      console.log("Copy it now; it is stored hashed and cannot be shown again:\n");
      console.log(`  ${key}\n`);
      return 0;
    }
    case "list": {
      const keys = await listApiKeys(caller);
      if (keys.length === 0) console.log("No API keys.");
      for (const key of keys) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : `last used ${key.lastUsedAt?.toISOString() ?? "never"}`;
        console.log(`${key.id}  ${key.prefix}…  ${key.name}  ${key.role}  (${state})`);
      }
      return 0;
    }
    case "revoke": {
      const id = rest[0];
      if (!id) {
        console.error("Which key? " + usage);
        return 2;
      }
      try {
        await revokeApiKey(caller, id);
      } catch (error) {
        if (!isAppError(error)) throw error;
        console.error(`${error.message} (workspace ${workspaceId})`);
        return 1;
      }
      console.log(`Revoked ${id}.`);
      return 0;
    }
    default:
      console.error(`Unknown command '${command}'.\n${usage}`);
      return 2;
  }
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  })
  .then(async (code) => {
    await closeDb().catch(() => {});
    await embedded?.stop();
    process.exit(code);
  });
