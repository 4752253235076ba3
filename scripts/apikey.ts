// npm run apikey -- create --name <name> [--workspace <id>]
// npm run apikey -- list [--workspace <id>]
// npm run apikey -- revoke <key_id> [--workspace <id>]
import { parseArgs } from "node:util";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/auth/api-keys";
import { closeDb } from "@/lib/db";
import { DEFAULT_WORKSPACE_ID, ensureDefaultWorkspace, getWorkspace } from "@/lib/workspaces/service";

try {
  process.loadEnvFile();
} catch {
  // no .env: use the environment as it is
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
  if (!process.env.DATABASE_URL) {
    console.error("DATABASE_URL is not set. Point it at the database the console uses (see README: Configuration).");
    return 2;
  }
  const workspaceId = values.workspace ?? DEFAULT_WORKSPACE_ID;
  if (workspaceId === DEFAULT_WORKSPACE_ID) await ensureDefaultWorkspace();
  else if (!(await getWorkspace(workspaceId))) {
    console.error(`No workspace '${workspaceId}'.`);
    return 1;
  }
  switch (command) {
    case "create": {
      const name = values.name?.trim();
      if (!name) {
        console.error("--name is required.\n" + usage);
        return 2;
      }
      const { key, info } = await createApiKey(workspaceId, name);
      console.log(`Created API key ${info.id} ("${info.name}") for workspace ${workspaceId}.`);
      console.log("Copy it now; it is stored hashed and cannot be shown again:\n");
      console.log(`  ${key}\n`);
      return 0;
    }
    case "list": {
      const keys = await listApiKeys(workspaceId);
      if (keys.length === 0) console.log("No API keys.");
      for (const key of keys) {
        const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : `last used ${key.lastUsedAt?.toISOString() ?? "never"}`;
        console.log(`${key.id}  ${key.prefix}…  ${key.name}  (${state})`);
      }
      return 0;
    }
    case "revoke": {
      const id = rest[0];
      if (!id) {
        console.error("Which key? " + usage);
        return 2;
      }
      const revoked = await revokeApiKey(workspaceId, id);
      console.log(revoked ? `Revoked ${id}.` : `No active key ${id} in workspace ${workspaceId}.`);
      return revoked ? 0 : 1;
    }
    default:
      console.error(`Unknown command '${command}'.\n${usage}`);
      return 2;
  }
}

main()
  .then(async (code) => {
    await closeDb();
    process.exit(code);
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
