import iconv from "iconv-lite";
import { ExtractError } from "@/lib/ingest/extract/errors";

// Bytes to text for the text formats. UTF-8 first (the BOM dropped); a UTF-16 file is read when it
// says so with a BOM; a file that is not valid UTF-8 but has no NUL bytes is read as Windows-1252,
// which is what such files nearly always are (old Windows editors, spreadsheet exports), rather than
// failed. Binary files (images, archives, executables) have NUL bytes or control characters early
// on and are refused with "not a text file".

const SAMPLE_BYTES = 64 * 1024;
/** Control characters other than tab, newlines, form feed and escape (ANSI colours in logs). */
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001A\u001C-\u001F\u007F]/g;
const MAX_CONTROL_RATIO = 0.01;

const notText = (why: string) =>
  new ExtractError(
    "unsupported_file",
    `The file is not a text file (${why}) and not a supported document (PDF or DOCX), so it has no text to index.`,
  );

const hasBom = (bytes: Uint8Array, ...bom: number[]) => bom.every((byte, i) => bytes[i] === byte);

function decodeUnicodeOrLegacy(bytes: Uint8Array): string {
  if (hasBom(bytes, 0xff, 0xfe)) return new TextDecoder("utf-16le").decode(bytes);
  if (hasBom(bytes, 0xfe, 0xff)) return new TextDecoder("utf-16be").decode(bytes);
  if (bytes.subarray(0, SAMPLE_BYTES).includes(0)) throw notText("it contains NUL bytes");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Not TextDecoder("windows-1252"): Node 20's reads 0x80–0x9F as C1 controls (Latin-1), not € “ ” ….
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "win1252");
  }
}

/** Newlines as `\n`, and no NUL characters (Postgres text cannot hold them). */
export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/\u0000/g, "");
}

/** Decodes a text file, or throws ExtractError("unsupported_file") when it is binary. */
export function decodeText(bytes: Uint8Array): string {
  const text = decodeUnicodeOrLegacy(bytes);
  const sample = text.slice(0, SAMPLE_BYTES);
  const controls = sample.match(CONTROL)?.length ?? 0;
  if (sample.length > 0 && controls / sample.length > MAX_CONTROL_RATIO) {
    throw notText(`${controls} control characters in its first ${sample.length} characters`);
  }
  return normalizeText(text);
}
