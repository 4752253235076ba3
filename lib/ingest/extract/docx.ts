import { describeCause, ExtractError } from "@/lib/ingest/extract/errors";

// Word documents through mammoth's raw-text conversion: paragraphs (and table cells) apart by a
// blank line, no formatting. Password-protected .docx files are not ZIP archives and are refused by
// detect.ts before they get here. The archive is inflated in memory: its size is bounded by the
// input byte limit only (see limits.ts).

export async function extractDocx(bytes: Uint8Array): Promise<string> {
  const { default: mammoth } = await import("mammoth");
  try {
    const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    return result.value;
  } catch (error) {
    throw new ExtractError("invalid_file", `The DOCX file could not be read: it is damaged or not a valid Word document (${describeCause(error)}).`, { cause: error });
  }
}
