import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";

// One Prisma client per process. Kept on globalThis so Next's dev-mode module reloads do not
// open a new pool on every edit.
const globalForDb = globalThis as unknown as { atelierPrisma?: PrismaClient };

function createClient(): PrismaClient {
  const env = getEnv();
  if (!env.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL is not set. `npm start` starts the embedded database for you; " +
        "to run `next` directly, set DATABASE_URL to a Postgres server.",
    );
  }
  const adapter = new PrismaPg({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE });
  return new PrismaClient({ adapter });
}

export function getDb(): PrismaClient {
  globalForDb.atelierPrisma ??= createClient();
  return globalForDb.atelierPrisma;
}

export type { PrismaClient };
