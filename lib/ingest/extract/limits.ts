import { ExtractError } from "@/lib/ingest/extract/errors";

// How much of a file extraction will take on, so one upload cannot hold a worker's memory or time.
// 20 million characters is about 5 million tokens, OpenAI's own per-file limit for vector stores;
// 512 MB is its file size limit. A file over a limit fails with a message that names the limit,
// rather than being indexed in part without anyone knowing.

export type ExtractLimits = {
  /** Largest input read, in bytes. */
  maxBytes: number;
  /** Largest extracted text, in UTF-16 code units (JavaScript string length). */
  maxChars: number;
  /** Most PDF pages read. */
  maxPages: number;
};

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  maxBytes: 512 * 1024 * 1024,
  maxChars: 20_000_000,
  maxPages: 10_000,
};

const formatCount = (n: number) => n.toLocaleString("en-US");

export const charLimitError = (maxChars: number) =>
  new ExtractError("invalid_file", `The file has more than ${formatCount(maxChars)} characters of text, the most indexed per file. Split it into smaller files.`);

export const byteLimitError = (maxBytes: number) =>
  new ExtractError("invalid_file", `The file is larger than ${formatCount(maxBytes)} bytes, the most read per file.`);

/** Stops between steps when the caller's signal fired; a timeout is reported as the file's fault. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === "TimeoutError") {
    throw new ExtractError("invalid_file", "Reading the file's text took too long: it is too large or too complex to index. Split it into smaller files.", { cause: reason });
  }
  throw reason;
}

/** The whole input as one array, refusing more than `maxBytes`. */
export async function readAll(input: Uint8Array | AsyncIterable<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  if (input instanceof Uint8Array) {
    if (input.byteLength > maxBytes) throw byteLimitError(maxBytes);
    return input;
  }
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const part of input) {
    total += part.byteLength;
    if (total > maxBytes) throw byteLimitError(maxBytes);
    parts.push(part);
  }
  return Buffer.concat(parts, total);
}
