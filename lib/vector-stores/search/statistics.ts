import "server-only";
import { getPool } from "@/lib/db";
import { log } from "@/lib/log";

// The keyword ranking's plan (service.ts) is the planner's choice between the chunks' GIN index
// and the store's chunks one by one, and only the tables' statistics tell it which is cheaper.
// Without them it walks every file of the store into all its chunks: 250-400 ms a search at
// 65,000 chunks against ~10 ms through the index (bench:files). Autovacuum keeps statistics
// current on a server that runs it, but the embedded PGlite has no autovacuum at all, and a
// server may run with it off (this development machine's does). So after ingestion commits
// chunks, at most once per CHECK_EVERY_MS (and once more after the last commit), the rows the
// statistics describe (pg_class.reltuples, -1 before any ANALYZE) are compared with the chunks
// there are (vector_store_files.chunk_count summed, one pass over the much smaller table), and
// both tables are analysed when there are none or the count has doubled or halved since. The
// planner scales row counts to the table's current size itself; what it lacks without ANALYZE is
// selectivity (how common a word, how big a store), which drifts slowly. A store growing from
// nothing to 65,000 chunks is analysed about 7 times, 0.1-0.5 s each here.

const CHECK_EVERY_MS = 5_000;
/** Statistics describing fewer than 1/STALE_FACTOR or more than STALE_FACTOR times the chunks there are are stale. */
export const STALE_FACTOR = 2;
/** Under this many chunks every plan is quick: not worth an ANALYZE. */
export const MIN_CHUNKS = 1_000;

/** Whether statistics describing `described` rows (-1: none) are stale for `actual` chunks. */
export function statisticsStale(described: number, actual: number): boolean {
  if (!(actual >= MIN_CHUNKS)) return false;
  if (!(described >= 0)) return true;
  return actual > STALE_FACTOR * described || actual * STALE_FACTOR < described;
}

async function refresh(): Promise<void> {
  const { rows } = await getPool().query<{ described: number; actual: string }>(
    `SELECT (SELECT reltuples FROM pg_class WHERE oid = 'chunks'::regclass) AS described,
            (SELECT coalesce(sum(chunk_count), 0) FROM vector_store_files WHERE status = 'completed') AS actual`,
  );
  const described = Number(rows[0]?.described ?? -1);
  const actual = Number(rows[0]?.actual ?? 0);
  if (!statisticsStale(described, actual)) return;
  const started = performance.now();
  await getPool().query("ANALYZE chunks, vector_store_files");
  log.info("analysed chunks for search", { described: Math.round(described), chunks: actual, ms: Math.round(performance.now() - started) });
}

let lastCheck = 0;
let running: Promise<void> | null = null;
let trailing: NodeJS.Timeout | null = null;

function check(): void {
  lastCheck = Date.now();
  running = refresh()
    .catch((error: Error) => log.warn("could not refresh the chunks' statistics", { error: error.message }))
    .finally(() => {
      running = null;
    });
}

/** Ingestion committed chunks: check the statistics now, or after the pause if one was checked lately. */
export function chunksChanged(): void {
  const wait = lastCheck + CHECK_EVERY_MS - Date.now();
  if (wait <= 0 && !running) return check();
  trailing ??= setTimeout(() => {
    trailing = null;
    if (running) chunksChanged();
    else check();
  }, Math.max(wait, 1_000));
  trailing.unref();
}
