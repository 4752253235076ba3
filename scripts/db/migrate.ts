// `npm run db:migrate`: applies pending prisma/migrations to DATABASE_URL, like `prisma migrate deploy`,
// then installs or migrates the run queue's pg-boss schema (unless ATELIER_RUN_QUEUE=in-process).
import { pathToFileURL } from "node:url";
import { getEnv } from "@/lib/env";
import { installRunQueueSchema } from "@/lib/runs/lease/pgboss-setup";
import { describeDatabaseUrl, migrate } from "./migrate-lib";

async function main(): Promise<void> {
  try {
    process.loadEnvFile();
  } catch {
    // no .env: the environment alone decides
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error(
      "DATABASE_URL is not set. Set it (in the environment or .env) to the Postgres to migrate.\n" +
        "Without it, `npm start` runs an embedded database and migrates it itself.",
    );
    process.exit(1);
  }
  console.log(`Migrating ${describeDatabaseUrl(databaseUrl)}`);
  const { applied } = await migrate(databaseUrl);
  if (applied.length === 0) {
    console.log("No pending migrations");
  } else {
    for (const name of applied) console.log(`Applied ${name}`);
  }
  if (getEnv().ATELIER_RUN_QUEUE === "pg-boss") {
    // The run queue's own tables, in their own schema (lib/runs/lease): installed or migrated by pg-boss.
    console.log(`Run queue: pg-boss schema pgboss at version ${await installRunQueueSchema(databaseUrl)}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
