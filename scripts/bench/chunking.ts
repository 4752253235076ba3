// `npm run bench:chunking`: how fast the pure ingestion steps are, against the target of
// 200 chunks/s end to end on a 2-core machine (embedding and database writes come on top).
// 1. ~5 MB of Markdown (the READMEs under node_modules, in path order): extraction, tokenizer
//    alone, and chunking with the auto strategy (800/400) and a static 4096/0.
// 2. A 200-page PDF and a 2,000-paragraph DOCX (made with the test fixtures' writers): extraction.
// Prints the best of three runs of each, after one warm-up.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { chunkText } from "@/lib/ingest/chunk";
import { extractText } from "@/lib/ingest/extract";
import { makeDocx, makePdf } from "@/lib/ingest/fixtures/documents";
import { countTokens } from "@/lib/ingest/tokens";

const TARGET_BYTES = 5 * 1024 * 1024;

function readmes(root: string, out: string[] = []): string[] {
  for (const entry of readdirSync(root, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) readmes(full, out);
    else if (entry.name.toLowerCase() === "readme.md" && statSync(full).size > 2048) out.push(full);
  }
  return out;
}

function corpus(): Uint8Array {
  const parts: Buffer[] = [];
  let size = 0;
  for (const file of readmes("node_modules")) {
    const bytes = readFileSync(file);
    parts.push(bytes, Buffer.from("\n\n"));
    size += bytes.length + 2;
    if (size >= TARGET_BYTES) break;
  }
  return new Uint8Array(Buffer.concat(parts));
}

async function best<T>(run: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  await run();
  let ms = Infinity;
  let result!: T;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    result = await run();
    ms = Math.min(ms, performance.now() - start);
  }
  return { ms, result };
}

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000).toLocaleString("en-US");

async function main() {
  const bytes = corpus();
  const mb = (bytes.byteLength / 1024 / 1024).toFixed(2);
  const extracted = await best(() => extractText(bytes, { filename: "corpus.md" }));
  const text = extracted.result.text;
  console.log(`Markdown corpus: ${mb} MB, ${text.length.toLocaleString("en-US")} characters`);
  console.log(`  extract (decode, checks):  ${extracted.ms.toFixed(0)} ms`);
  const tokens = await best(() => countTokens(text));
  console.log(`  tokenizer alone:           ${tokens.ms.toFixed(0)} ms, ${tokens.result.toLocaleString("en-US")} tokens, ${rate(tokens.result, tokens.ms)} tokens/s`);
  for (const options of [{ maxTokens: 800, overlapTokens: 400 }, { maxTokens: 4096, overlapTokens: 0 }]) {
    const chunked = await best(() => chunkText(text, options));
    const n = chunked.result.length;
    console.log(
      `  chunk ${options.maxTokens}/${options.overlapTokens}: ${chunked.ms.toFixed(0)} ms, ${n} chunks, ${rate(n, chunked.ms)} chunks/s, ${rate(tokens.result, chunked.ms)} text tokens/s`,
    );
  }

  const pdf = await makePdf(Array.from({ length: 200 }, (_, page) => `Page ${page + 1}. ${"The return policy covers shoes and bags for thirty days. ".repeat(30)}`));
  const pdfRun = await best(() => extractText(pdf, { filename: "long.pdf" }));
  console.log(`PDF, 200 pages (${(pdf.byteLength / 1024).toFixed(0)} KB): extract ${pdfRun.ms.toFixed(0)} ms, ${(pdfRun.ms / 200).toFixed(1)} ms/page, ${pdfRun.result.text.length.toLocaleString("en-US")} characters`);
  const docx = await makeDocx("Policy", Array.from({ length: 2000 }, (_, i) => `Paragraph ${i}: the return policy covers shoes and bags for thirty days.`));
  const docxRun = await best(() => extractText(docx, { filename: "long.docx" }));
  console.log(`DOCX, 2,000 paragraphs (${(docx.byteLength / 1024).toFixed(0)} KB): extract ${docxRun.ms.toFixed(0)} ms`);
}

await main();
