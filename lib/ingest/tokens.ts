import { countTokens as countWithOptions } from "gpt-tokenizer/encoding/cl100k_base";
import { CL100K_TOKEN_SPLIT_REGEX } from "gpt-tokenizer/encodingParams/constants";

// Tokens as OpenAI's embedding models count them: cl100k_base, the encoding of
// text-embedding-3-small/-large and ada-002, which is what `max_chunk_size_tokens` is measured in.
// gpt-tokenizer is pure JavaScript with the encoding bundled (no download, no WASM) and about ten
// times faster than js-tiktoken here (scripts/bench/chunking.ts).
//
// Special-token strings such as "<|endoftext|>" in a document are ordinary text, never control
// tokens (and never an error, which is the library's default).

const AS_TEXT = { disallowedSpecial: new Set<string>() };

export const TOKEN_ENCODING = "cl100k_base";

export function countTokens(text: string): number {
  return countWithOptions(text, AS_TEXT);
}

/**
 * The encoding's pre-tokenizer: byte-pair merges never cross the pieces it splits text into, so a
 * text's token count is the sum of its pieces' counts. A fresh copy (the shared one is global).
 */
export function pieceRegex(): RegExp {
  return new RegExp(CL100K_TOKEN_SPLIT_REGEX.source, CL100K_TOKEN_SPLIT_REGEX.flags);
}

const PIECE_CACHE_LIMIT = 200_000;
const pieceCache = new Map<string, number>();

/** Tokens in one pre-tokenizer piece; words repeat, so counts are remembered (bounded). */
export function countPieceTokens(piece: string): number {
  let count = pieceCache.get(piece);
  if (count === undefined) {
    count = countTokens(piece);
    if (pieceCache.size >= PIECE_CACHE_LIMIT) pieceCache.clear();
    if (piece.length <= 64) pieceCache.set(piece, count);
  }
  return count;
}
