// `npm run db:diff -- <name>`: writes the SQL that takes the database from the state the existing
// migrations produce to prisma/schema.prisma, as `prisma migrate dev --create-only` would
// (prisma/migrations/<UTC YYYYMMDDHHMMSS>_<name>/migration.sql). Applies nothing to your database.
//
// The engine replays the migrations on a shadow database to learn their end state. With DATABASE_URL
// set that is a temporary database on the same server (created and dropped); without it, a throwaway
// in-memory embedded Postgres, so no database needs to be running to write a migration.
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { MIGRATIONS_DIR, NO_FILTERS, SCHEMA_PATH, withSchemaEngine, type ShadowMode } from "./engine";
import { startEmbeddedPostgres } from "./embedded";
import { LOCKFILE_NAME, MIGRATION_FILE, listMigrations, lockfileContent } from "./migrate-lib";

const NAME_PATTERN = /^[a-z0-9_]+$/;

export interface DiffOptions {
  databaseUrl?: string;
  migrationsDir?: string;
  schemaPath?: string;
  log?: (line: string) => void;
  now?: Date;
}

/** Prisma's migration folder prefix: the UTC time to the second, digits only. */
export function migrationTimestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, "").slice(0, 14);
}

/** The SQL from the migrations' end state to the schema, or null when they already match. */
export async function diffMigrationsToSchema(opts: DiffOptions = {}): Promise<string | null> {
  const schemaPath = opts.schemaPath ?? SCHEMA_PATH;
  const migrationsList = await listMigrations(opts.migrationsDir);
  // The engine reads the provider of a migrations folder from its lockfile; before the first
  // migration there is none yet, so hand it the one createMigration is about to write.
  migrationsList.lockfile.content ??= lockfileContent();
  const schema = { files: [{ path: schemaPath, content: await readFile(schemaPath, "utf8") }] };
  const run = (url: string, shadow: ShadowMode) =>
    withSchemaEngine(
      url,
      (engine) =>
        engine.diff({
          from: { tag: "migrations", ...migrationsList },
          to: { tag: "schemaDatamodel", ...schema },
          script: true,
          // exitCode 2 means "there is a difference": the only reliable emptiness test, since an
          // empty script is still a comment.
          exitCode: true,
          filters: NO_FILTERS,
        }),
      { schemaPath, shadow, log: opts.log },
    );

  let result;
  if (opts.databaseUrl) {
    result = await run(opts.databaseUrl, "temporary-database");
  } else {
    const embedded = await startEmbeddedPostgres({ dataDir: "memory://" });
    try {
      result = await run(embedded.url, "main-database");
    } finally {
      await embedded.stop();
    }
  }
  return result.exitCode === 2 ? (result.stdout ?? "") : null;
}

/** Writes the next migration; returns its folder name, or null when the schema has no changes. */
export async function createMigration(name: string, opts: DiffOptions = {}): Promise<string | null> {
  if (!NAME_PATTERN.test(name)) {
    throw new Error(`Migration name must match ${NAME_PATTERN.source} (lower-case letters, digits, _): got "${name}"`);
  }
  const script = await diffMigrationsToSchema(opts);
  if (script === null) return null;

  const baseDir = opts.migrationsDir ?? MIGRATIONS_DIR;
  const folder = `${migrationTimestamp(opts.now ?? new Date())}_${name}`;
  // Not recursive for the leaf: a folder of the same name (same second) must not be overwritten.
  await mkdir(baseDir, { recursive: true });
  await mkdir(path.join(baseDir, folder));
  await writeFile(path.join(baseDir, folder, MIGRATION_FILE), script, "utf8");

  const lockPath = path.join(baseDir, LOCKFILE_NAME);
  const hasLock = await access(lockPath).then(
    () => true,
    () => false,
  );
  if (!hasLock) await writeFile(lockPath, lockfileContent(), "utf8");
  return folder;
}

async function main(): Promise<void> {
  try {
    process.loadEnvFile();
  } catch {
    // no .env: DATABASE_URL may still come from the environment, or we use an embedded shadow
  }
  const name = process.argv[2];
  if (!name || process.argv.length > 3) {
    console.error("Usage: npm run db:diff -- <name>   (name: lower-case letters, digits and _)");
    process.exit(1);
  }
  if (!NAME_PATTERN.test(name)) {
    console.error(`Invalid migration name "${name}": use lower-case letters, digits and _ only.`);
    process.exit(1);
  }
  const databaseUrl = process.env.DATABASE_URL || undefined;
  console.log(
    databaseUrl
      ? "Shadow database: a temporary database on DATABASE_URL's server"
      : "Shadow database: in-memory embedded Postgres (DATABASE_URL is not set)",
  );
  const folder = await createMigration(name, { databaseUrl });
  if (folder === null) {
    console.log("No schema changes");
  } else {
    console.log(`Wrote ${path.join(MIGRATIONS_DIR, folder, MIGRATION_FILE)}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
