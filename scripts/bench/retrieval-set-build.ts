// Writes scripts/bench/retrieval-set.json, the queries bench:files judges ranking with, from the
// Markdown under node_modules (rules: retrieval-set.ts). Run it only to replace the set on
// purpose (`npx tsx scripts/bench/retrieval-set-build.ts`): the figures in the README were
// measured with the committed one, and a new set makes them incomparable.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { loadCorpus, packageOf } from "./files-corpus";
import { buildRetrievalSet } from "./retrieval-set";

const RETRIEVAL_SET_FILE = path.join(import.meta.dirname, "retrieval-set.json");
const COUNTS = { headings: 100, sentences: 100, questions: 100 };

const corpus = await loadCorpus(process.cwd());
const entries = buildRetrievalSet(
  corpus.map((file) => ({ relPath: file.relPath, text: file.data.toString("utf8"), sha256: file.sha256, package: packageOf(file.relPath) })),
  COUNTS,
);
const body = {
  about: "bench:files retrieval set: each query's answer is `file` (under node_modules). Made by scripts/bench/retrieval-set-build.ts; see retrieval-set.ts for the rules.",
  corpus_files: corpus.length,
  entries,
};
await writeFile(RETRIEVAL_SET_FILE, `${JSON.stringify(body, null, 1)}\n`);
console.log(`${entries.length} entries (${Object.entries(COUNTS).map(([kind, n]) => `${n} ${kind}`).join(", ")}) from ${corpus.length} files → ${path.relative(process.cwd(), RETRIEVAL_SET_FILE)}`);
