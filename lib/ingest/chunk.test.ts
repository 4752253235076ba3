import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkText, type Chunk, type ChunkOptions } from "@/lib/ingest/chunk";
import { countTokens } from "@/lib/ingest/tokens";

const AUTO: ChunkOptions = { maxTokens: 800, overlapTokens: 400 };

/** What every chunking must satisfy, whatever the text. */
function checkInvariants(text: string, chunks: Chunk[], { maxTokens, overlapTokens }: ChunkOptions): void {
  for (const chunk of chunks) {
    expect(chunk.text).toBe(text.slice(chunk.start, chunk.end));
    expect(chunk.text.length).toBeGreaterThan(0);
    expect(chunk.text.trim()).toBe(chunk.text);
    expect(chunk.tokenCount).toBe(countTokens(chunk.text));
    expect(chunk.tokenCount).toBeLessThanOrEqual(maxTokens);
  }
  for (let i = 1; i < chunks.length; i++) {
    const [prev, next] = [chunks[i - 1]!, chunks[i]!];
    expect(next.start).toBeGreaterThan(prev.start);
    expect(next.end).toBeGreaterThan(prev.end);
    if (overlapTokens === 0) expect(next.start).toBeGreaterThanOrEqual(prev.end);
    else if (next.start < prev.end) expect(countTokens(text.slice(next.start, prev.end))).toBeLessThanOrEqual(overlapTokens + 2);
  }
  // Nothing but whitespace is left out.
  const covered = new Uint8Array(text.length);
  for (const chunk of chunks) covered.fill(1, chunk.start, chunk.end);
  for (let i = 0; i < text.length; i++) if (!covered[i]) expect(/\s/.test(text[i]!), `character ${i} (${JSON.stringify(text[i])}) is in no chunk`).toBe(true);
}

const sentence = (n: number) => `Sentence number ${n} says something about returns and shipping.`;
const paragraph = (n: number, sentences = 8) => Array.from({ length: sentences }, (_, i) => sentence(n * 100 + i)).join(" ");

describe("chunkText", () => {
  it("returns nothing for empty or whitespace-only text, and one trimmed chunk for short text", () => {
    expect(chunkText("", AUTO)).toEqual([]);
    expect(chunkText(" \n\t ", AUTO)).toEqual([]);
    expect(chunkText("\n  Hello world.  \n", AUTO)).toEqual([{ text: "Hello world.", tokenCount: 3, start: 3, end: 15 }]);
  });

  it("ends chunks at paragraph breaks when there is one in the window", () => {
    const text = Array.from({ length: 40 }, (_, i) => paragraph(i)).join("\n\n");
    const chunks = chunkText(text, AUTO);
    expect(chunks.length).toBeGreaterThan(5);
    checkInvariants(text, chunks, AUTO);
    for (const chunk of chunks.slice(0, -1)) expect(text.slice(chunk.end, chunk.end + 2)).toBe("\n\n");
    // Overlaps start at a paragraph or a sentence, not inside a word.
    for (const chunk of chunks.slice(1)) expect(chunk.text).toMatch(/^Sentence number/);
  });

  it("ends chunks at sentence ends in text without line breaks", () => {
    const text = Array.from({ length: 60 }, (_, i) => paragraph(i, 3)).join(" ");
    const chunks = chunkText(text, { maxTokens: 200, overlapTokens: 50 });
    checkInvariants(text, chunks, { maxTokens: 200, overlapTokens: 50 });
    for (const chunk of chunks.slice(0, -1)) expect(chunk.text.endsWith(".")).toBe(true);
  });

  it("makes chunks of 600–800 tokens with the auto strategy, each moving on by at least 200", () => {
    const text = Array.from({ length: 3000 }, (_, i) => `word${i % 97} `).join("") + "end";
    const chunks = chunkText(text, AUTO);
    checkInvariants(text, chunks, AUTO);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.tokenCount).toBeGreaterThanOrEqual(595);
    for (let i = 1; i < chunks.length; i++) expect(countTokens(text.slice(chunks[i - 1]!.start, chunks[i]!.start))).toBeGreaterThanOrEqual(195);
  });

  it("cuts text without spaces (Chinese, long identifiers) within the limit, never inside a surrogate pair", () => {
    const chinese = "退货政策规定商品在三十天内可以退回。".repeat(300);
    const emoji = "😀".repeat(2000);
    for (const text of [chinese, emoji, "a".repeat(50_000)]) {
      const options = { maxTokens: 100, overlapTokens: 20 };
      const chunks = chunkText(text, options);
      checkInvariants(text, chunks, options);
      for (const chunk of chunks) expect(chunk.text.isWellFormed()).toBe(true);
    }
    const chunks = chunkText(chinese, { maxTokens: 100, overlapTokens: 0 });
    expect(chunks.slice(0, -1).every((chunk) => chunk.text.endsWith("。"))).toBe(true);
  });

  it("treats special-token strings in documents as text", () => {
    const [chunk] = chunkText("before <|endoftext|> after", AUTO);
    expect(chunk!.text).toBe("before <|endoftext|> after");
    expect(chunk!.tokenCount).toBeGreaterThan(3);
  });

  it("refuses options outside its range", () => {
    expect(() => chunkText("x", { maxTokens: 0, overlapTokens: 0 })).toThrow(RangeError);
    expect(() => chunkText("x", { maxTokens: 100, overlapTokens: 100 })).toThrow(/overlapTokens/);
    expect(() => chunkText("x", { maxTokens: 100.5, overlapTokens: 0 })).toThrow(/maxTokens/);
  });

  it("keeps its invariants on arbitrary text and any static strategy", () => {
    const pieces = fc.oneof(
      fc.constantFrom(" ", "\n", "\n\n", "\r\n", "\t", ". ", "! ", "? ", "。", "…", "  "),
      fc.stringMatching(/^[a-z]{1,12}$/),
      fc.stringMatching(/^[A-Z][a-z]{0,8}$/),
      fc.integer({ min: 0, max: 1_000_000 }).map(String),
      fc.constantFrom("café", "naïve", "😀", "👩‍👩‍👧", "東京", "ß", "<|endoftext|>", "```", "- ", "# ", "http://x.test/a?b=c"),
      fc.string({ unit: "grapheme", maxLength: 6 }),
      fc.stringMatching(/^[a-z]{60,200}$/),
    );
    const texts = fc.array(pieces, { minLength: 100, maxLength: 1500, size: "max" }).map((parts) => parts.join(""));
    const strategies = fc
      .integer({ min: 100, max: 600 })
      .chain((maxTokens) => fc.record({ maxTokens: fc.constant(maxTokens), overlapTokens: fc.integer({ min: 0, max: Math.floor(maxTokens / 2) }) }));
    fc.assert(
      fc.property(texts, strategies, (text, options) => {
        checkInvariants(text, chunkText(text, options), options);
      }),
      // A failure reports at once with its seed: shrinking texts of 1,500 pieces can take longer than CI has.
      { numRuns: 40, endOnFailure: true },
    );
  }, 60_000);

  it("counts an overlap exactly: a long piece's slices can count fewer tokens apart than joined", () => {
    // Found by the property above in CI: the overlap was 95 tokens by its slices' sum, 98 exactly.
    const { text, options } = JSON.parse(readFileSync(new URL("./testdata/overlap-long-piece.json", import.meta.url), "utf8")) as { text: string; options: ChunkOptions };
    const chunks = chunkText(text, options);
    expect(chunks.length).toBeGreaterThan(1);
    checkInvariants(text, chunks, options);
    for (let i = 1; i < chunks.length; i++) {
      const [prev, next] = [chunks[i - 1]!, chunks[i]!];
      if (next.start < prev.end) expect(countTokens(text.slice(next.start, prev.end))).toBeLessThanOrEqual(options.overlapTokens);
    }
  });

  it("chunks a megabyte of unbroken text in linear time", () => {
    const text = "x".repeat(1_000_000);
    const began = performance.now();
    const chunks = chunkText(text, AUTO);
    expect(performance.now() - began).toBeLessThan(10_000);
    expect(chunks.length).toBeGreaterThan(100);
  });
});
