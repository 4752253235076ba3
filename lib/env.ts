import { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/schema";

// Every variable Atelier reads, validated once. `.env.example` documents each of them.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Unset: `npm start` runs the embedded Postgres and sets it for the app process.
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  // Where `npm start` keeps the embedded database (<dir>/pglite) and the generated secret (<dir>/secret).
  ATELIER_DATA_DIR: z.string().trim().min(1).default(".data"),
  // Connections per app process. The embedded database serves one connection, so `npm start` sets 1 for it.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // A key accepted for the default workspace, so scripts and CI can call /api/v1 without a manual step.
  ATELIER_ADMIN_KEY: z
    .string()
    .min(20, "must be at least 20 characters: it grants full API access")
    .optional(),
  // Signs session cookies and encrypts provider keys (lib/security/secret-box.ts). `npm start` generates
  // one into .data/secret when unset; several instances behind one database must share it.
  ATELIER_SECRET: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -base64 32`)").optional(),
  // First owner created at start-up when no user exists yet (containers, CI), instead of the set-up page.
  ATELIER_ADMIN_EMAIL: z.email("must be an email address").optional(),
  ATELIER_ADMIN_PASSWORD: z.string().min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`).max(PASSWORD_MAX).optional(),
  // Where people reach the console, e.g. https://atelier.example.com. Used for invite links and snippets; when
  // unset they are built from the request. Session cookies are `Secure` whenever the request came
  // over https (directly or through a proxy's X-Forwarded-Proto), whatever this says.
  ATELIER_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Sign-in throttling: failures per account (or per client address, ×10) within 15 minutes
  // before sign-in is refused for that long.
  ATELIER_SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  ATELIER_SIGNIN_LOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  // Behind a reverse proxy that appends the client address to X-Forwarded-For: read the address it saw
  // (lib/auth/client-ip.ts), and believe its X-Forwarded-Host (lib/auth/origin.ts). Without one, both
  // headers are the client's to choose, so they are dropped and the socket's address is used.
  ATELIER_TRUST_PROXY: z.stringbool().default(false),
  // The default model provider: any OpenAI-compatible /v1 endpoint (OpenAI itself, vLLM, Ollama,
  // LM Studio, the scripted test server). Plain model ids (`gpt-4o-mini`) go here.
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://api.openai.com/v1"),
  OPENAI_API_KEY: z.string().min(1).optional(),
  // Alibaba Cloud Model Studio through its OpenAI-compatible endpoint; models as `dashscope/qwen-plus`.
  DASHSCOPE_API_KEY: z.string().min(1).optional(),
  DASHSCOPE_BASE_URL: z.url({ protocol: /^https?$/ }).default("https://dashscope-intl.aliyuncs.com/compatible-mode/v1"),
  // How long a run waits in requires_action for its tool outputs before it expires (OpenAI: 10 minutes).
  ATELIER_RUN_ACTION_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  // A model call that sends nothing for this long after it was made (connect and first byte) fails
  // its run, which would otherwise hold its thread for good (lib/runs/watchdog.ts).
  ATELIER_MODEL_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(3600).default(120),
  // A model stream silent for this long between two chunks fails its run likewise.
  ATELIER_MODEL_IDLE_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(3600).default(60),
  // The longest a run may execute in one stretch (from its start, or from its tool outputs, to the
  // next wait or its end), model calls and server-side tools together.
  ATELIER_RUN_MAX_SECONDS: z.coerce.number().min(1).max(86_400).default(1800),
  // The least time between two text deltas of one run's stream: text that arrives sooner is sent
  // together (the first delta never waits). 0: one delta per event-loop turn, as it comes.
  ATELIER_STREAM_DELTA_MS: z.coerce.number().int().min(0).max(1000).default(50),
  // How a model's stream is read: `direct` (undici + eventsource-parser into the AI SDK's stream
  // parts, lib/providers/chat-stream.ts) or `sdk` (the AI SDK's own doStream, Web streams and zod
  // per chunk: the same parts at more CPU per token, npm run bench:provider).
  ATELIER_PROVIDER_STREAM: z.enum(["direct", "sdk"]).default("direct"),
  // How long a failed webhook delivery waits before its first retry; each later wait is 3× the last
  // (up to 6 h, for about a day; lib/webhooks/retry.ts).
  ATELIER_WEBHOOK_FIRST_RETRY_SECONDS: z.coerce.number().min(0.1).max(3600).default(10),
  // Hosts that server-side calls to user-given URLs (webhooks, plugin server URLs; MCP servers next)
  // may reach although they resolve to private addresses, and may reach over plain http:
  // comma-separated names or IPs, optionally with :port (lib/security/outbound.ts). Empty: public https only.
  ATELIER_TOOL_ALLOWED_HOSTS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((host) => host.trim().toLowerCase()).filter(Boolean)),
  // How long one plugin or MCP tool call may take before its output becomes a timeout error the
  // model sees (issue 24: tool execution, not wired yet); also bounds listing an MCP server's tools.
  ATELIER_TOOL_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(30),
  // SIGTERM: no new runs; runs executing get this long to finish, then are stopped (failed, text kept).
  // The process exits within this + 5 s even if a model hangs (lib/server/shutdown.ts).
  ATELIER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  // Runs this instance executes at once; more wait as `queued` for whichever instance has room (lib/runs/lease).
  ATELIER_MAX_ACTIVE_RUNS: z.coerce.number().int().min(1).max(10_000).default(200),
  // Who owns running runs: `pg-boss` (leases in the Postgres job queue; several instances may share the
  // database) or `in-process` (this process owns every run; `npm start` sets it for the embedded database).
  ATELIER_RUN_QUEUE: z.enum(["pg-boss", "in-process"]).default("pg-boss"),
  // Several instances on one database: how they pass runs' events and commands to each other
  // (lib/runs/bus). Unset: Redis pub/sub when REDIS_URL is set, else Postgres LISTEN/NOTIFY on
  // DATABASE_URL. `npm start` sets `memory` for the embedded database (one instance, one connection).
  ATELIER_EVENT_BUS: z.enum(["memory", "postgres", "redis"]).optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL").optional(),
  // This instance's name on the bus (letters, digits, `_`, `.`, `-`; at most 40). Unset: random per process.
  ATELIER_INSTANCE_ID: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, "must be 1-40 letters, digits, '_', '.' or '-'").optional(),
  // Files (/api/v1/files): the largest file one upload may store (OpenAI's limit: 512 MB), and the
  // bytes of files one workspace may store in all (uploads under way count). Past either: 413.
  ATELIER_MAX_FILE_BYTES: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(512 * 1024 * 1024),
  ATELIER_WORKSPACE_STORAGE_BYTES: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(10 * 1024 ** 3),
  // Semantic search over vector stores: an embedding model as `provider/model` (or a model of the
  // default provider), e.g. `openai/text-embedding-3-small`. Unset: keyword search only (Postgres
  // full-text). Chunks are embedded at ingestion when the database has pgvector (lib/ingest/embed.ts).
  ATELIER_EMBEDDING_MODEL: z.string().trim().min(1).max(200).optional(),
  // How long one embeddings request may take before it is given up (ingestion retries the file;
  // search ranks by keywords alone, waiting at most 10 s of it).
  ATELIER_EMBEDDING_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(600).default(60),
  // How often each instance looks for vector store files `in_progress` that no ingestion job has
  // (lib/ingest/queue.ts): lost jobs, or attempts that ran out without an outcome. Also at start-up.
  ATELIER_INGEST_SWEEP_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  // Test runs (issue 22): the judge model of \`llm-rubric\` assertions that name none and whose test
  // run names none (\`provider/model\` or a model of the default provider). Unset: the run's own model.
  ATELIER_JUDGE_MODEL: z.string().trim().min(1).max(256).optional(),
  // How many attempts of one test run go at once (a test run may ask for fewer), and how many test
  // runs one instance executes at once (more wait queued, for any instance).
  ATELIER_TEST_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  ATELIER_TEST_RUNS_PER_INSTANCE: z.coerce.number().int().min(1).max(16).default(2),
  // The code interpreter (issue 23): where Python runs (`pyodide`: CPython in WebAssembly, in a
  // process under Node's permission model), how long one call may run, how much memory a session
  // may use, and how many sessions (one per thread) one instance keeps alive.
  ATELIER_CODE_SANDBOX: z.enum(["pyodide", "bwrap"]).default("pyodide"),
  ATELIER_CODE_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  ATELIER_CODE_MEMORY_MB: z.coerce.number().int().min(64).max(16_384).default(512),
  ATELIER_CODE_MAX_SESSIONS: z.coerce.number().int().min(1).max(1000).default(20),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Read by `npm start` (scripts/start.ts), which passes them to `next start`.
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  ATELIER_HOSTNAME: z.string().trim().min(1).optional(),
});

export type Env = z.infer<typeof envSchema>;

const adminPair = (env: Env) => !!env.ATELIER_ADMIN_EMAIL === !!env.ATELIER_ADMIN_PASSWORD;
const busConnection = (env: Env) => env.ATELIER_EVENT_BUS !== "redis" || !!env.REDIS_URL;

let cached: Env | undefined;

/** Parses process.env once; throws one readable error that lists every bad variable. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema
    .refine(adminPair, { path: ["ATELIER_ADMIN_PASSWORD"], message: "set ATELIER_ADMIN_EMAIL and ATELIER_ADMIN_PASSWORD together" })
    .refine(busConnection, { path: ["REDIS_URL"], message: "ATELIER_EVENT_BUS=redis needs REDIS_URL" })
    .safeParse(process.env);
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
