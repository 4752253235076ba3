import { countPieceTokens, countTokens, pieceRegex } from "@/lib/ingest/tokens";

// Text to overlapping chunks of at most `maxTokens` tokens (cl100k_base, lib/ingest/tokens.ts), as
// a vector store's chunking strategy asks: each chunk after the first repeats up to
// `overlapTokens` tokens from the end of the one before (at least half of that, as the overlap
// starts at the best boundary in its first half).
//
// The text is first split into the tokenizer's own pieces (words with their leading space, runs of
// punctuation, whitespace), each counted once: a text's tokens are the sum of its pieces' (merges
// never cross pieces), so windows are found by prefix sums instead of re-encoding. Within the last
// part of each window the cut goes to the best boundary there: a blank line, else a line break,
// else a sentence end, else a space. So chunks are 50–100% of `maxTokens` (at least overlap + 25%,
// so each chunk moves on by a quarter window or more). Each chunk's text is trimmed and its tokens
// counted exactly; offsets are UTF-16 code unit indices (JavaScript string indices) into `text`.

export type Chunk = {
  /** `text.slice(start, end)`: no leading or trailing whitespace. */
  text: string;
  tokenCount: number;
  start: number;
  end: number;
};

export type ChunkOptions = { maxTokens: number; overlapTokens: number };

/** Pieces longer than this (a long run of letters without spaces, e.g. Chinese or Base64) are cut. */
const LONG_PIECE = 64;

/** Growable Int32Array: a 20 MB text has about 5 million pieces. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isSpace = (text: string, at: number) => at >= 0 && at < text.length && /\s/.test(text[at]!);
const CLOSERS = new Set([`"`, "'", ")", "]", "}", "”", "’", "»", "*", "_"]);
const SENTENCE_END = new Set([".", "!", "?", "…", ";", ":"]);
const CJK_SENTENCE_END = new Set(["。", "！", "？", "；"]);

type Pieces = { starts: Int32Array; cum: Int32Array; count: number };

/** Piece start offsets and prefix sums of their tokens; starts[count] = text.length, cum[0] = 0. */
function splitPieces(text: string, maxTokens: number): Pieces {
  const starts = new IntList();
  const cum = new IntList();
  cum.push(0);
  let total = 0;
  const add = (start: number, tokens: number) => {
    starts.push(start);
    total += tokens;
    cum.push(total);
  };
  // A code unit is at most 3 UTF-8 bytes, so at most 3 tokens: a slice of this many stays ≤ max/2.
  const sliceLength = Math.max(1, Math.min(LONG_PIECE, Math.floor(maxTokens / 6)));
  for (const match of text.matchAll(pieceRegex())) {
    let piece = match[0];
    let at = match.index;
    // The tokenizer glues a full stop to the run of letters after it ("。退货…"); apart, the
    // place after it can be a cut.
    if (piece.length > 1 && CJK_SENTENCE_END.has(piece[0]!)) {
      add(at, countPieceTokens(piece[0]!));
      piece = piece.slice(1);
      at++;
    }
    if (piece.length <= LONG_PIECE) {
      add(at, countPieceTokens(piece));
      continue;
    }
    for (let from = 0; from < piece.length; ) {
      let to = Math.min(piece.length, from + sliceLength);
      if (to < piece.length && isHighSurrogate(piece.charCodeAt(to - 1))) to++;
      add(at + from, countTokens(piece.slice(from, to)));
      from = to;
    }
  }
  starts.push(text.length);
  return { starts: starts.data, cum: cum.data, count: starts.length - 1 };
}


/** How good a place `pos` is to end a chunk: 4 blank line, 3 line break, 2 sentence end, 1 space, 0 none. */
function boundaryQuality(text: string, pos: number): number {
  let at = pos - 1;
  let newlines = 0;
  while (at >= 0 && pos - at <= LONG_PIECE && isSpace(text, at)) {
    if (text[at] === "\n") newlines++;
    at--;
  }
  if (newlines >= 2) return 4;
  if (newlines === 1) return 3;
  if (CJK_SENTENCE_END.has(text[pos - 1] ?? "")) return 2;
  const spaced = at < pos - 1 || isSpace(text, pos);
  if (!spaced) return 0;
  while (at >= 0 && CLOSERS.has(text[at]!)) at--;
  return SENTENCE_END.has(text[at] ?? "") ? 2 : 1;
}

/** The largest index i in [lo, hi] with cum[i] <= limit (cum is non-decreasing; cum[lo] <= limit). */
function lastAtMost(cum: Int32Array, lo: number, hi: number, limit: number): number {
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cum[mid]! <= limit) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The smallest index i in [lo, hi] with cum[i] >= limit (or hi). */
function firstAtLeast(cum: Int32Array, lo: number, hi: number, limit: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! >= limit) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function validate({ maxTokens, overlapTokens }: ChunkOptions): void {
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new RangeError(`maxTokens must be a positive integer, got ${maxTokens}`);
  if (!Number.isInteger(overlapTokens) || overlapTokens < 0 || overlapTokens >= maxTokens) {
    throw new RangeError(`overlapTokens must be an integer from 0 to maxTokens - 1, got ${overlapTokens}`);
  }
}

export function chunkText(text: string, options: ChunkOptions): Chunk[] {
  validate(options);
  const { maxTokens, overlapTokens } = options;
  const { starts, cum, count } = splitPieces(text, maxTokens);
  const minTokens = Math.min(maxTokens, Math.max(Math.ceil(maxTokens / 2), overlapTokens + Math.ceil(maxTokens / 4)));
  let lastText = text.length;
  while (lastText > 0 && isSpace(text, lastText - 1)) lastText--;

  const chunks: Chunk[] = [];
  let first = 0;
  while (first < count && starts[first]! < lastText) {
    // Furthest cut that fits, then the best boundary in the window's last part.
    let cut = Math.max(first + 1, lastAtMost(cum, first, count, cum[first]! + maxTokens));
    if (cut < count) {
      let best = cut;
      let bestQuality = -1;
      for (let at = cut; at > first && cum[at]! - cum[first]! >= minTokens; at--) {
        const quality = boundaryQuality(text, starts[at]!);
        if (quality > bestQuality) [best, bestQuality] = [at, quality];
        if (quality === 4) break;
      }
      cut = best;
    }
    // Exact count of the trimmed text; in the rare case it tops the sum of its pieces past the
    // maximum (a long piece cut in slices, a word without its space), end one piece earlier.
    let chunk: Chunk | null;
    for (;;) {
      chunk = makeChunk(text, starts[first]!, starts[cut]!);
      if (!chunk || chunk.tokenCount <= maxTokens || cut === first + 1) break;
      cut--;
    }
    if (chunk) chunks.push(chunk);
    if (cut >= count || starts[cut]! >= lastText) break;
    // The next chunk starts overlapTokens back (at most), always moving forward, and always able to
    // take at least the piece after this cut.
    let next = Math.max(first + 1, firstAtLeast(cum, first, cut, cum[cut]! - overlapTokens));
    while (next < cut && cum[cut + 1]! - cum[next]! > maxTokens) next++;
    first = betterStart(text, starts, cum, next, cut, overlapTokens / 2);
    // The prefix sums count a long piece's slices apart, and joined they can come to a few tokens
    // more: the overlap is counted exactly, and starts a piece later while it is over.
    const end = chunk?.end ?? starts[cut]!;
    while (first < cut && overlapTokensOf(text, starts[first]!, end) > overlapTokens) first++;
  }
  return chunks;
}

/** The exact tokens of the text from `from` (its leading whitespace left out, as the chunk's is) to `end`. */
function overlapTokensOf(text: string, from: number, end: number): number {
  let start = from;
  while (start < end && isSpace(text, start)) start++;
  return start < end ? countTokens(text.slice(start, end)) : 0;
}

/** The best boundary to start at within `slack` tokens after `from` (earliest of the best), so an
 * overlap starts at a paragraph, line, sentence or word rather than inside one. */
function betterStart(text: string, starts: Int32Array, cum: Int32Array, from: number, cut: number, slack: number): number {
  let best = from;
  let bestQuality = -1;
  for (let at = from; at < cut && cum[at]! - cum[from]! <= slack; at++) {
    const quality = boundaryQuality(text, starts[at]!);
    if (quality > bestQuality) [best, bestQuality] = [at, quality];
    if (quality === 4) break;
  }
  return best;
}

function makeChunk(text: string, from: number, to: number): Chunk | null {
  let start = from;
  let end = to;
  while (start < end && isSpace(text, start)) start++;
  while (end > start && isSpace(text, end - 1)) end--;
  if (start === end) return null;
  const slice = text.slice(start, end);
  return { text: slice, tokenCount: countTokens(slice), start, end };
}
