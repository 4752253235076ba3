import { sniffBinaryFormat, textFormat, type ExtractFormat } from "@/lib/ingest/extract/detect";
import { extractDocx } from "@/lib/ingest/extract/docx";
import { describeCause, ExtractError } from "@/lib/ingest/extract/errors";
import { htmlToText } from "@/lib/ingest/extract/html";
import { formatJson } from "@/lib/ingest/extract/json";
import { charLimitError, checkAborted, DEFAULT_EXTRACT_LIMITS, readAll, type ExtractLimits } from "@/lib/ingest/extract/limits";
import { extractPdf } from "@/lib/ingest/extract/pdf";
import { decodeText, normalizeText } from "@/lib/ingest/extract/text";
import { toWellFormed } from "@/lib/unicode";

// A file's bytes to the text that is chunked and indexed. No I/O beyond reading the given input:
// the ingestion worker passes the stored bytes and records an ExtractError as the vector store
// file's `last_error` ({ code, message }). Anything else thrown is a bug or an abort, not the file's
// fault (`server_error`).

export { ExtractError, isExtractError, type ExtractErrorCode } from "@/lib/ingest/extract/errors";
export { DEFAULT_EXTRACT_LIMITS, type ExtractLimits } from "@/lib/ingest/extract/limits";
export type { ExtractFormat } from "@/lib/ingest/extract/detect";

export type ExtractOptions = {
  /** The uploaded file's name: its extension picks among text formats, and names what a binary file claims to be. */
  filename: string;
  /** The type the upload declared, used when the extension says nothing. */
  mimeType?: string | null;
  limits?: Partial<ExtractLimits>;
  /** Checked between steps (PDF pages); a `TimeoutError` reason is reported as an ExtractError. */
  signal?: AbortSignal;
};

export type ExtractedText = {
  /** Newlines are `\n`; no NUL characters; no lone surrogates. Chunk offsets index into this string. */
  text: string;
  format: ExtractFormat;
  /** PDF page count. */
  pages?: number;
};

async function convert(bytes: Uint8Array, options: ExtractOptions, limits: ExtractLimits): Promise<ExtractedText> {
  const binary = sniffBinaryFormat(bytes, options.filename, options.mimeType);
  if (binary === "pdf") {
    const { text, pages } = await extractPdf(bytes, limits, options.signal);
    return { text: normalizeText(text), format: "pdf", pages };
  }
  if (binary === "docx") return { text: normalizeText(await extractDocx(bytes)), format: "docx" };

  const decoded = decodeText(bytes);
  if (decoded.length > limits.maxChars) throw charLimitError(limits.maxChars);
  const format = textFormat(options.filename, options.mimeType, decoded.slice(0, 1024));
  if (format === "html") {
    try {
      return { text: normalizeText(htmlToText(decoded)), format };
    } catch (error) {
      throw new ExtractError("invalid_file", `The HTML file could not be read (${describeCause(error)}).`, { cause: error });
    }
  }
  if (format === "json") {
    const json = formatJson(decoded);
    return { text: json.text, format: json.parsed ? "json" : "text" };
  }
  return { text: decoded, format };
}

function emptyMessage(format: ExtractFormat): string {
  if (format === "pdf") return "The PDF has no text to index: its pages may be scanned images, and Atelier does not do OCR.";
  return "The file has no text to index (it is empty or only whitespace).";
}

/**
 * The text of a file, or ExtractError("unsupported_file" | "invalid_file", a message for the
 * uploader). Formats: PDF, DOCX, HTML, JSON, CSV, Markdown, source code and plain text.
 */
export async function extractText(input: Uint8Array | AsyncIterable<Uint8Array>, options: ExtractOptions): Promise<ExtractedText> {
  const limits = { ...DEFAULT_EXTRACT_LIMITS, ...options.limits };
  checkAborted(options.signal);
  const bytes = await readAll(input, limits.maxBytes);
  if (bytes.byteLength === 0) throw new ExtractError("invalid_file", "The file is empty.");
  const result = await convert(bytes, options, limits);
  checkAborted(options.signal);
  if (result.text.length > limits.maxChars) throw charLimitError(limits.maxChars);
  if (result.text.trim() === "") throw new ExtractError("invalid_file", emptyMessage(result.format));
  return { ...result, text: toWellFormed(result.text) };
}
