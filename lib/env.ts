import { z } from "zod";

// Every variable Atelier reads, validated once. `.env.example` documents each of them.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Unset: `npm start` runs the embedded Postgres and sets it for the app process.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  // Connections per app process. The embedded database serves one connection, so `npm start` sets 1 for it.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // A key accepted for the default workspace, so scripts and CI can call /api/v1 without a manual step.
  ATELIER_ADMIN_KEY: z
    .string()
    .min(20, "must be at least 20 characters: it grants full API access")
    .optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Read by `npm start` (scripts/start.ts), which passes them to `next start`.
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  ATELIER_HOSTNAME: z.string().trim().min(1).optional(),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Parses process.env once; throws one readable error that lists every bad variable. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration (see .env.example):\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** Tests change process.env between cases; production code never calls this. */
export function resetEnvForTests(): void {
  cached = undefined;
}
