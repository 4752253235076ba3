// `npm run bench:files`: how fast does Atelier ingest and search files? Uploads the Markdown files
// found under node_modules (deduplicated; BENCH_FILES caps how many) to a fresh database through
// the production build, ingests them into one vector store with small static chunks (100 tokens,
// overlap 50: enough chunks, ≥ 50,000 with every file, to measure search at size), then prints
// files/s and chunks/s of ingestion and the search latency (p50, p99) at 1 and 20 concurrent
// requests, keyword ranking only (no ATELIER_EMBEDDING_MODEL). The target: p99 ≤ 50 ms at
// 1 concurrent. A script that prints numbers, not a test.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import OpenAI from "openai";
import pg from "pg";
import { startAppServer } from "../../e2e/support/app-server";
import { createTestDatabase } from "../../e2e/support/test-db";
import { ensureBuild } from "../lib/build";

const ROOT = process.cwd();
const MAX_FILES = Number(process.env.BENCH_FILES ?? Infinity);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 300);
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

async function markdownFiles(dir: string, out: string[] = []): Promise<string[]> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await markdownFiles(full, out);
    else if (entry.isFile() && entry.name.toLowerCase().endsWith(".md")) out.push(full);
  }
  return out;
}

async function corpus(): Promise<{ name: string; data: Buffer }[]> {
  const seen = new Set<string>();
  const files: { name: string; data: Buffer }[] = [];
  for (const file of (await markdownFiles(path.join(ROOT, "node_modules"))).sort()) {
    if ((await stat(file)).size < 1024) continue;
    const data = await readFile(file);
    const hash = createHash("sha256").update(data).digest("hex");
    if (seen.has(hash)) continue;
    seen.add(hash);
    files.push({ name: path.relative(ROOT, file).replaceAll(path.sep, "__"), data });
    if (files.length >= MAX_FILES) break;
  }
  return files;
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function searchLatency(client: OpenAI, storeId: string, concurrency: number): Promise<{ p50: number; p99: number; perSec: number }> {
  const times: number[] = [];
  const jobs = Array.from({ length: SEARCHES }, (_, i) => QUERIES[i % QUERIES.length]!);
  const started = performance.now();
  await pool(jobs, concurrency, async (query) => {
    const t = performance.now();
    await client.vectorStores.search(storeId, { query, max_num_results: 10 });
    times.push(performance.now() - t);
  });
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), perSec: jobs.length / elapsed };
}

async function main(): Promise<void> {
  await ensureBuild();
  const files = await corpus();
  const db = await createTestDatabase("bench-files");
  const app = await startAppServer({ databaseUrl: db.url, embedded: db.embedded });
  const client = new OpenAI({ baseURL: `${app.baseURL}/api/v1`, apiKey: app.adminKey, maxRetries: 0 });
  try {
    const bytes = files.reduce((sum, f) => sum + f.data.byteLength, 0);
    console.log(`${files.length} Markdown files, ${(bytes / 1024 / 1024).toFixed(1)} MiB, from node_modules`);
    const ids: string[] = [];
    let t = performance.now();
    await pool(files, 8, async (f) => {
      ids.push((await client.files.create({ file: new File([new Uint8Array(f.data)], f.name), purpose: "assistants" })).id);
    });
    console.log(`upload: ${(files.length / ((performance.now() - t) / 1000)).toFixed(1)} files/s`);

    const store = await client.vectorStores.create({ name: "bench" });
    t = performance.now();
    for (let i = 0; i < ids.length; i += 2000) {
      await client.vectorStores.fileBatches.createAndPoll(
        store.id,
        { file_ids: ids.slice(i, i + 2000), chunking_strategy: { type: "static", static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 50 } } },
        { pollIntervalMs: 250 },
      );
    }
    const seconds = (performance.now() - t) / 1000;
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    const { rows } = await sql.query<{ n: string }>("SELECT count(*) AS n FROM chunks WHERE vector_store_id = $1", [store.id]);
    await sql.end();
    const chunks = Number(rows[0]!.n);
    const counts = (await client.vectorStores.retrieve(store.id)).file_counts;
    console.log(`ingest: ${(files.length / seconds).toFixed(1)} files/s, ${Math.round(chunks / seconds)} chunks/s (${chunks} chunks; ${JSON.stringify(counts)})`);

    await searchLatency(client, store.id, 4); // warm-up: JIT, Postgres caches
    for (const concurrency of [1, 20]) {
      const r = await searchLatency(client, store.id, concurrency);
      console.log(`search at ${concurrency} concurrent: p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.perSec.toFixed(0)} searches/s`);
    }
  } finally {
    await app.stop();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
