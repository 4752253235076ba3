// `npm run bench:files`: how fast does Atelier ingest and search files, and how well does search
// find the answer? Uploads the Markdown files found under node_modules (files-corpus.ts;
// BENCH_FILES caps how many) through the production build, ingests them into one vector store with
// small static chunks (100 tokens, overlap 50: ≥ 50,000 chunks with every file, to measure search
// at size), then measures files/s and chunks/s of ingestion, search latency (p50, p99) at 1 and 20
// concurrent requests, and recall@5 and MRR over the committed retrieval set (retrieval-set.json;
// entries whose file this clone lacks or has changed are skipped and counted). Two phases
// (BENCH_PHASES=keyword,hybrid):
// - keyword: no embedding model, on the Postgres server (or whatever e2e/support/test-db.ts finds);
// - hybrid: the embedded PGlite (the local server has no pgvector) with the scripted model's
//   embeddings (hashed bags of words, scripts/scripted-model/embeddings.ts): it shows that the
//   semantic ranking and fusion work end to end, not how a real embedding model ranks.
// Ends with one table, the targets marked PASS/FAIL, and exits 1 when one is missed.
// BENCH_SEARCHES (300) and BENCH_HYBRID_SEARCHES (100) set the searches timed per concurrency;
// BENCH_KEEP_DB=1 keeps the keyword phase's database (its URL is printed) to EXPLAIN queries.
import { availableParallelism, loadavg } from "node:os";
import OpenAI from "openai";
import pg from "pg";
import { startAppServer } from "../../e2e/support/app-server";
import { createTestDatabase, type TestDatabase } from "../../e2e/support/test-db";
import { ensureBuild } from "../lib/build";
import { startScriptedModel, type ScriptedModel } from "../scripted-model/server";
import { loadCorpus, type CorpusFile } from "./files-corpus";
import { describeKinds, loadRetrievalSet, measureQuality, type Quality, type UsableSet } from "./files-quality";
import { formatChecks, percentile, type Check } from "./runs-report";

const ROOT = process.cwd();
const MAX_FILES = Number(process.env.BENCH_FILES ?? Infinity);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 300);
// A hybrid search on PGlite scans every embedding (no vector index): ~1 s each at 65,000 chunks.
const HYBRID_SEARCHES = Number(process.env.BENCH_HYBRID_SEARCHES ?? 100);
const PHASES = (process.env.BENCH_PHASES ?? "keyword,hybrid").split(",").map((phase) => phase.trim());
const TARGETS = { chunksPerSec: 200, searchP99Ms: 50, minChunks: 50_000, minQueries: 200 };
const MODEL_KEY = "bench-files-model-key";
const QUERIES = [
  "how do I configure the server port",
  "license permission notice",
  "install with npm",
  "breaking changes in the next major version",
  "typescript types for the options object",
  "stream error handling",
  "parse a date string",
  "migration guide",
  "browser support",
  "performance benchmark results",
];

type Phase = "keyword" | "hybrid";
type Latency = { p50: number; p99: number; perSec: number };
type PhaseResult = {
  phase: Phase;
  chunks: number;
  upload: number;
  filesPerSec: number;
  chunksPerSec: number;
  latency: Record<1 | 20, Latency>;
  /** GET of the store, 1 concurrent: what any API call costs on this machine now. */
  floor: Latency;
  quality: Quality;
};

async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

async function timed(count: number, concurrency: number, call: (i: number) => Promise<unknown>): Promise<Latency> {
  const times: number[] = [];
  const started = performance.now();
  await pool(Array.from({ length: count }, (_, i) => i), concurrency, async (i) => {
    const t = performance.now();
    await call(i);
    times.push(performance.now() - t);
  });
  const elapsed = (performance.now() - started) / 1000;
  return { p50: percentile(times, 50), p99: percentile(times, 99), perSec: count / elapsed };
}

const searchLatency = (client: OpenAI, storeId: string, concurrency: number, searches: number) =>
  timed(searches, concurrency, (i) => client.vectorStores.search(storeId, { query: QUERIES[i % QUERIES.length]!, max_num_results: 10 }));

async function countChunks(url: string, storeId: string): Promise<number> {
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  try {
    const { rows } = await sql.query<{ n: string }>("SELECT count(*) AS n FROM chunks WHERE vector_store_id = $1", [storeId]);
    return Number(rows[0]!.n);
  } finally {
    await sql.end();
  }
}

async function openDatabase(phase: Phase): Promise<TestDatabase> {
  if (phase === "keyword") return createTestDatabase("bench-files");
  const previous = process.env.ATELIER_TEST_DB;
  process.env.ATELIER_TEST_DB = "embedded";
  try {
    return await createTestDatabase("bench-files-hybrid");
  } finally {
    if (previous === undefined) delete process.env.ATELIER_TEST_DB;
    else process.env.ATELIER_TEST_DB = previous;
  }
}

async function runPhase(phase: Phase, files: readonly CorpusFile[], set: UsableSet): Promise<PhaseResult> {
  console.log(`\n== ${phase} ==`);
  const db = await openDatabase(phase);
  let model: ScriptedModel | undefined;
  let app: Awaited<ReturnType<typeof startAppServer>> | undefined;
  try {
    model = phase === "hybrid" ? await startScriptedModel({ apiKey: MODEL_KEY }) : undefined;
    const env: Record<string, string> = model ? { OPENAI_BASE_URL: model.url, OPENAI_API_KEY: MODEL_KEY, ATELIER_EMBEDDING_MODEL: "scripted-embed" } : {};
    app = await startAppServer({ databaseUrl: db.url, embedded: db.embedded, env });
    const client = new OpenAI({ baseURL: `${app.baseURL}/api/v1`, apiKey: app.adminKey, maxRetries: 0, timeout: 600_000 });
    const ids = new Map<string, string>();
    let t = performance.now();
    await pool(files, 8, async (f) => {
      ids.set(f.relPath, (await client.files.create({ file: new File([new Uint8Array(f.data)], f.uploadName), purpose: "assistants" })).id);
    });
    const upload = files.length / ((performance.now() - t) / 1000);
    console.log(`upload: ${upload.toFixed(1)} files/s`);

    const store = await client.vectorStores.create({ name: `bench ${phase}` });
    t = performance.now();
    const all = [...ids.values()];
    for (let i = 0; i < all.length; i += 2000) {
      await client.vectorStores.fileBatches.createAndPoll(
        store.id,
        { file_ids: all.slice(i, i + 2000), chunking_strategy: { type: "static", static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 50 } } },
        { pollIntervalMs: 250 },
      );
    }
    const seconds = (performance.now() - t) / 1000;
    console.log(`ingest: ${seconds.toFixed(1)} s; ${JSON.stringify((await client.vectorStores.retrieve(store.id)).file_counts)}`);

    await searchLatency(client, store.id, 4, phase === "keyword" ? 40 : 8); // warm-up: JIT, Postgres caches
    const latency = {} as Record<1 | 20, Latency>;
    for (const concurrency of [1, 20] as const) {
      latency[concurrency] = await searchLatency(client, store.id, concurrency, phase === "keyword" ? SEARCHES : HYBRID_SEARCHES);
      console.log(`search at ${concurrency} concurrent: p50 ${latency[concurrency].p50.toFixed(1)} ms, p99 ${latency[concurrency].p99.toFixed(1)} ms`);
    }
    const floor = await timed(phase === "keyword" ? SEARCHES : HYBRID_SEARCHES, 1, () => client.vectorStores.retrieve(store.id));
    console.log(`retrieve the store at 1 concurrent: p50 ${floor.p50.toFixed(1)} ms, p99 ${floor.p99.toFixed(1)} ms`);
    const quality = await measureQuality(client, store.id, set.entries, (relPath) => ids.get(relPath));
    console.log(`retrieval: recall@5 ${quality.recall5.toFixed(3)}, MRR ${quality.mrr.toFixed(3)} (${describeKinds(quality)})`);

    // The embedded database serves one connection, the app's: count once the app is gone.
    await app.stop();
    const chunks = await countChunks(db.url, store.id);
    console.log(`${chunks} chunks: ${(files.length / seconds).toFixed(1)} files/s, ${Math.round(chunks / seconds)} chunks/s`);
    return { phase, chunks, upload, filesPerSec: files.length / seconds, chunksPerSec: chunks / seconds, latency, floor, quality };
  } finally {
    await app?.stop();
    await model?.close();
    if (process.env.BENCH_KEEP_DB && !db.embedded) console.log(`database kept: ${db.url}`);
    else await db.drop();
  }
}

function rows(result: PhaseResult, set: UsableSet): Check[] {
  const keyword = result.phase === "keyword";
  const label = keyword ? "keyword-only" : "hybrid";
  const note = keyword ? "" : "scripted embeddings: plumbing only";
  return [
    { what: `ingestion, ${label}`, value: result.chunksPerSec, unit: "chunks/s", digits: 0, ...(keyword && { target: TARGETS.chunksPerSec, atMost: false }), context: `${result.filesPerSec.toFixed(1)} files/s; upload ${result.upload.toFixed(1)} files/s` },
    { what: `chunks searched, ${label}`, value: result.chunks, unit: "", digits: 0, ...(keyword && { target: TARGETS.minChunks, atMost: false }) },
    { what: `search p50, 1 concurrent, ${label}`, value: result.latency[1].p50, unit: "ms" },
    { what: `search p99, 1 concurrent, ${label}`, value: result.latency[1].p99, unit: "ms", ...(keyword && { target: TARGETS.searchP99Ms, atMost: true }), context: `${result.latency[1].perSec.toFixed(0)} searches/s; GET of the store p50 ${result.floor.p50.toFixed(1)} ms, p99 ${result.floor.p99.toFixed(1)} ms` },
    { what: `search p50, 20 concurrent, ${label}`, value: result.latency[20].p50, unit: "ms" },
    { what: `search p99, 20 concurrent, ${label}`, value: result.latency[20].p99, unit: "ms", context: `${result.latency[20].perSec.toFixed(0)} searches/s` },
    { what: `recall@5, ${label}`, value: result.quality.recall5, unit: "", digits: 3, context: [describeKinds(result.quality), note].filter(Boolean).join("; ") },
    { what: `MRR, ${label}`, value: result.quality.mrr, unit: "", digits: 3, context: note || `${set.entries.length} queries, ranks by file among 20 results` },
  ];
}

async function main(): Promise<void> {
  await ensureBuild();
  // The machine may be shared: its load is part of every figure.
  const loads: number[] = [];
  const sampler = setInterval(() => loads.push(loadavg()[0]!), 5_000);
  sampler.unref();
  const files = await loadCorpus(ROOT, MAX_FILES);
  const bytes = files.reduce((sum, f) => sum + f.data.byteLength, 0);
  console.log(`${files.length} Markdown files, ${bytes.toLocaleString("en")} bytes (${(bytes / 1024 / 1024).toFixed(1)} MiB), from node_modules`);
  const set = await loadRetrievalSet(files);
  console.log(`retrieval set: ${set.entries.length} of ${set.total} queries used (${set.absent} files absent here, ${set.changed} changed)`);
  const results: PhaseResult[] = [];
  for (const phase of ["keyword", "hybrid"] as const) if (PHASES.includes(phase)) results.push(await runPhase(phase, files, set));

  clearInterval(sampler);
  const checks: Check[] = [
    { what: "load average (1 min), mean", value: loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length), unit: "", context: `max ${Math.max(0, ...loads).toFixed(1)}; ${availableParallelism()} cores` },
    { what: "corpus", value: files.length, unit: "files", digits: 0, context: `${bytes.toLocaleString("en")} bytes` },
    { what: "retrieval queries used", value: set.entries.length, unit: "", digits: 0, target: TARGETS.minQueries, atMost: false, context: `of ${set.total}; ${set.absent} absent, ${set.changed} changed` },
    ...results.flatMap((result) => rows(result, set)),
  ];
  const { text, failed } = formatChecks(checks);
  console.log(`\n${text}`);
  if (failed > 0) {
    console.log(`\n${failed} target(s) missed`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
