import { defineConfig } from "prisma/config";

// Prisma's env() helper throws when the variable is missing, which breaks `prisma generate`
// on a machine with no database configured; read it ourselves instead.
try {
  process.loadEnvFile();
} catch {
  // no .env file: fine
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
