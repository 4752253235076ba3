// Prisma's schema engine (migrate, diff) as WebAssembly, talking to Postgres through adapter-pg.
// The Prisma 7 CLI's `migrate`/`db` commands need a native engine binary that cannot be downloaded
// here, so we drive the WASM build of the same engine directly, as @prisma/internals'
// `wasmSchemaEngineLoader` does.
import { readFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlQueryable,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";

export type { SchemaEngine };

export const SCHEMA_PATH = "prisma/schema.prisma";
export const MIGRATIONS_DIR = "prisma/migrations";
export const NO_FILTERS = { externalTables: [], externalEnums: [] };

/**
 * Where the engine's shadow database lives (needed by `diff` from a migrations folder):
 * - "temporary-database": CREATE DATABASE next to the main one and DROP it afterwards (real Postgres).
 * - "main-database": the main database itself; only for a throwaway server (in-memory PGlite),
 *   because PGlite serves a single database whatever name the client asks for.
 */
export type ShadowMode = "temporary-database" | "main-database";

export interface SchemaEngineOptions {
  schemaPath?: string;
  shadow?: ShadowMode;
  log?: (line: string) => void;
}

type BgModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

let runtime: Promise<BgModule> | undefined;

/** Instantiates the engine's WASM once per process; the JS glue keeps it in module state. */
function loadRuntime(): Promise<BgModule> {
  runtime ??= (async () => {
    // The engine reports Rust panics through this global before throwing; it must exist.
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
    g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => process.stderr.write(`schema engine panic: ${message}\n`) };
    const bg: BgModule = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    // The package entry imports the .wasm as an ES module, which Node 20 cannot do; build it ourselves.
    const wasmUrl = new URL("./schema_engine_bg.wasm", import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const wasmModule = new WebAssembly.Module(await readFile(wasmUrl));
    const instance = new WebAssembly.Instance(wasmModule, {
      "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start?: () => void };
    bg.__wbg_set_wasm(exports);
    exports.__wbindgen_start?.();
    return bg;
  })();
  return runtime;
}

/** Runs `after` once the engine has disposed the adapter. */
function onDispose(adapter: SqlDriverAdapter, after: () => Promise<void>): SqlDriverAdapter {
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    await after();
  };
  return adapter;
}

async function queryOnce(config: pg.PoolConfig, sql: string): Promise<void> {
  const client = new pg.Client(config);
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/**
 * One pooled connection per database: the engine takes a session-level advisory lock
 * (pg_advisory_lock) while migrating, which only means something if every statement runs on the
 * session that holds it; and embedded PGlite accepts a single connection anyway. The pool never
 * drops its idle connection (that would release the lock); we end it ourselves.
 */
function singleConnectionPool(config: pg.PoolConfig): pg.Pool {
  return new pg.Pool({ ...config, max: 1, idleTimeoutMillis: 0, onConnect: charColumnsAsText });
}

const CHAR_OID = 18; // Postgres' one-byte "char" (pg_class.relkind, pg_constraint.contype, ...)
const TEXT_OID = 25;
/** Result rows (by identity) -> indexes of their "char" columns; see charColumnsAsText. */
const charColumns = new WeakMap<object, number[]>();

/**
 * The engine's schema introspection selects catalog columns of type "char", which adapter-pg 7.10
 * rejects ("Column type 'char' could not be deserialized"), so `diff` from migrations fails. We let
 * pg report them as text so the adapter accepts the result, note which they were, and
 * restoreCharColumns then tells the engine "Character", the type it reads them as.
 */
function charColumnsAsText(client: pg.ClientBase): void {
  const query = client.query.bind(client) as (config: unknown, values?: unknown) => unknown;
  const relabel = (result: pg.QueryResult) => {
    const indexes: number[] = [];
    (result.fields ?? []).forEach((field, index) => {
      if (field.dataTypeID !== CHAR_OID) return;
      field.dataTypeID = TEXT_OID;
      indexes.push(index);
    });
    if (indexes.length > 0) charColumns.set(result.rows, indexes);
    return result;
  };
  const patched = (config: unknown, values?: unknown, callback?: unknown): unknown => {
    // Streams and other submittables (pg-cursor, ...) pass through untouched.
    if (typeof (config as { submit?: unknown })?.submit === "function") return query(config, values);
    let cb = callback;
    let args = values;
    if (typeof args === "function") [cb, args] = [args, undefined];
    const promise = (query(config, args) as Promise<pg.QueryResult>).then(relabel);
    if (typeof cb !== "function") return promise;
    // pg-pool's own query() uses the callback form.
    promise.then((result) => cb(null, result), (error: unknown) => cb(error));
    return undefined;
  };
  Object.assign(client, { query: patched });
}

function restoreCharColumns<Q extends SqlQueryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumns.get(result.rows) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  return queryable;
}

/**
 * The adapter, and every transaction it starts, with "char" columns typed as the engine expects.
 * Migration scripts go to Postgres whole: adapter-pg 7.10 splits a script at every ";", which cuts
 * a function body ($$ … $$) apart. One simple-protocol query runs the statements in order, in one
 * implicit transaction, so a migration applies entirely or not at all.
 */
function engineAdapter(adapter: SqlDriverAdapter, pool: pg.Pool): SqlDriverAdapter {
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => restoreCharColumns(await startTransaction(isolationLevel));
  const { onError } = adapter as unknown as { onError: (error: unknown) => never };
  adapter.executeScript = async (script) => {
    try {
      await pool.query(script);
    } catch (error) {
      onError.call(adapter, error); // the adapter's own mapping to the errors the engine reports
    }
  };
  return restoreCharColumns(adapter);
}

/**
 * The adapter factory handed to the engine. It owns every pool it opens so withSchemaEngine can
 * close them even when the engine fails half-way, and it makes the shadow database `shadow` asks for.
 */
class OwningFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName: string;
  private readonly mainPool: pg.Pool;
  private readonly main: PrismaPg;
  private readonly cleanups: Array<() => Promise<void>> = [];

  constructor(
    private readonly config: pg.PoolConfig,
    private readonly shadow: ShadowMode,
    private readonly log: (line: string) => void,
  ) {
    this.mainPool = singleConnectionPool(config);
    this.main = new PrismaPg(this.mainPool);
    this.adapterName = this.main.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    // An adapter over an external pool leaves the pool open on dispose; close() ends it.
    return engineAdapter(await this.main.connect(), this.mainPool);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    if (this.shadow === "main-database") return this.connect();
    const database = `prisma_migrate_shadow_db_${randomUUID().replaceAll("-", "_")}`;
    await queryOnce(this.config, `CREATE DATABASE "${database}"`);
    this.log(`Created shadow database ${database}`);
    const shadowPool = singleConnectionPool({ ...this.config, database });
    let dropped = false;
    const drop = async () => {
      if (dropped) return;
      dropped = true;
      await shadowPool.end().catch(() => {});
      // FORCE: a connection still open here must not keep the database alive.
      await queryOnce(this.config, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      this.log(`Dropped shadow database ${database}`);
    };
    this.cleanups.push(drop);
    // Refuse to replay migrations anywhere but the database we just made: a server that ignores the
    // database name (PGlite does) would otherwise receive them in its main database.
    const { rows } = await shadowPool.query<{ db: string }>("SELECT current_database() AS db");
    if (rows[0]?.db !== database) {
      throw new Error(`The shadow connection reached database "${rows[0]?.db}", not "${database}"; this server cannot host a shadow database (embedded PGlite?); unset DATABASE_URL to diff against a throwaway embedded one`);
    }
    return onDispose(engineAdapter(await new PrismaPg(shadowPool).connect(), shadowPool), drop);
  }

  async close(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0)) {
      await cleanup().catch((error: unknown) => this.log(`Cleanup failed: ${String(error)}`));
    }
    await this.mainPool.end().catch(() => {});
  }
}

/**
 * Runs `fn` with a schema engine connected to `databaseUrl`, then frees the engine, closes every
 * connection and drops any shadow database, whether `fn` succeeded or not.
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  fn: (engine: SchemaEngine) => Promise<T>,
  opts: SchemaEngineOptions = {},
): Promise<T> {
  const log = opts.log ?? (() => {});
  const schemaPath = opts.schemaPath ?? SCHEMA_PATH;
  const bg = await loadRuntime();
  const datamodel = await readFile(schemaPath, "utf8");
  // Parsed, not { connectionString }: pg lets the string override `database`, which would point the
  // shadow pool (config + database) at the main database. adapter-pg's own connectToShadowDb does that.
  const config = parseIntoClientConfig(databaseUrl) as pg.PoolConfig;
  const factory = new OwningFactory(config, opts.shadow ?? "temporary-database", log);
  try {
    // The engine logs tracing events as JSON strings; only the message is worth showing.
    const onLog = (event: unknown) => log(engineLogLine(event));
    const bound = bindMigrationAwareSqlAdapterFactory(factory);
    const engine = await bg.SchemaEngine.new({ datamodels: [[schemaPath, datamodel]] }, onLog, bound);
    try {
      return await fn(engine);
    } catch (error) {
      // An error thrown in our JS (the adapter factory) reaches us as "External error id#N"; say what it was.
      const id = /External error id#(\d+)/.exec(String(error))?.[1];
      const original = id === undefined ? undefined : bound.errorRegistry.consumeError(Number(id))?.error;
      if (original instanceof Error) throw new Error(`${String(error).split("\n")[0]}: ${original.message}`, { cause: error });
      throw error;
    } finally {
      engine.free();
    }
  } finally {
    await factory.close();
  }
}

function engineLogLine(event: unknown): string {
  try {
    return (JSON.parse(String(event)) as { fields?: { message?: string } }).fields?.message ?? String(event);
  } catch {
    return String(event);
  }
}
