import { ExtractError } from "@/lib/ingest/extract/errors";

// What kind of file this is, from its first bytes before its name: a `report.txt` that starts with
// `%PDF-` is a PDF, and a `notes.pdf` that does not is refused as not being one. Text formats cannot
// be told apart by content alone, so among them the extension (then the MIME type) decides.

export type ExtractFormat = "pdf" | "docx" | "html" | "json" | "csv" | "markdown" | "code" | "text";

/** The formats decoded as text before any format-specific conversion. */
export type TextFormat = Exclude<ExtractFormat, "pdf" | "docx">;

const CODE_EXTENSIONS = new Set([
  "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "cs", "css", "scss", "less", "go", "java", "kt", "kts", "scala",
  "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "vue", "svelte", "php", "py", "pyi", "rb", "rs", "swift",
  "sh", "bash", "zsh", "ps1", "pl", "lua", "r", "sql", "tex", "xml", "yaml", "yml", "toml", "ini", "cfg", "conf",
  "dockerfile", "makefile", "gradle", "dart", "ex", "exs", "erl", "hs", "clj", "m", "f90", "jl", "proto", "graphql",
]);

const TEXT_EXTENSIONS: Record<string, TextFormat> = {
  html: "html", htm: "html", xhtml: "html",
  json: "json",
  csv: "csv", tsv: "csv",
  md: "markdown", markdown: "markdown", mdx: "markdown",
  txt: "text", text: "text", log: "text", rst: "text", adoc: "text", jsonl: "text", ndjson: "text",
};

/** Formats people upload that Atelier does not read, with what to do instead. */
const UNSUPPORTED: Record<string, string> = {
  doc: "Word 97–2003 (.doc) files are not supported; save the document as .docx",
  pptx: "PowerPoint (.pptx) files are not supported yet; export the slides as PDF",
  ppt: "PowerPoint (.ppt) files are not supported; export the slides as PDF",
  xlsx: "Excel (.xlsx) files are not supported; export the sheet as CSV",
  xls: "Excel (.xls) files are not supported; export the sheet as CSV",
  odt: "OpenDocument (.odt) files are not supported; save the document as .docx or PDF",
  rtf: "RTF files are not supported; save the document as .docx or PDF",
  epub: "EPUB files are not supported",
  zip: "ZIP archives are not supported; upload the files inside one by one",
};

const OFFICE_MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export function extensionOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? "";
  const lower = base.toLowerCase();
  if (lower === "dockerfile" || lower === "makefile") return lower;
  const dot = lower.lastIndexOf(".");
  return dot > 0 ? lower.slice(dot + 1) : "";
}

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) =>
  bytes.length >= at + magic.length && magic.every((byte, i) => bytes[at + i] === byte);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE_CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** PDF readers accept the header anywhere in the first 1024 bytes (after a mail or print prologue). */
function isPdf(bytes: Uint8Array): boolean {
  return asBuffer(bytes.subarray(0, 1024)).indexOf("%PDF-", 0, "latin1") !== -1 || startsWith(bytes, PDF);
}

/** Zip entry names are stored uncompressed, so a Word document's main part is visible as bytes. */
function isWordZip(bytes: Uint8Array): boolean {
  return asBuffer(bytes).indexOf("word/document.xml", 0, "latin1") !== -1;
}

/** Office puts a password-protected OOXML file inside an OLE container with an `EncryptedPackage` stream. */
function isEncryptedOffice(bytes: Uint8Array): boolean {
  return asBuffer(bytes).indexOf(Buffer.from("EncryptedPackage", "utf16le")) !== -1;
}

function textFormatFor(extension: string, mimeType: string | undefined, head: string): TextFormat {
  const byExtension = TEXT_EXTENSIONS[extension];
  if (byExtension) return byExtension;
  if (CODE_EXTENSIONS.has(extension)) return "code";
  const mime = (mimeType ?? "").split(";")[0]!.trim().toLowerCase();
  if (mime === "text/html" || mime === "application/xhtml+xml") return "html";
  if (mime === "application/json") return "json";
  if (mime === "text/markdown") return "markdown";
  if (mime === "text/csv") return "csv";
  if (/^\s*(<!doctype html|<html[\s>])/i.test(head)) return "html";
  return "text";
}

/**
 * "pdf" or "docx" when the bytes are one, null when the file is to be decoded as text (then
 * `textFormat` names the kind). Throws ExtractError for formats Atelier does not read and for files
 * whose name promises a format their bytes are not.
 */
export function sniffBinaryFormat(bytes: Uint8Array, filename: string, mimeType?: string | null): "pdf" | "docx" | null {
  const extension = extensionOf(filename);
  if (isPdf(bytes)) return "pdf";
  if (startsWith(bytes, ZIP)) {
    if (isWordZip(bytes)) return "docx";
    if (extension === "docx" || mimeType === OFFICE_MIME_DOCX) {
      throw new ExtractError("invalid_file", "The DOCX file could not be read: it is a ZIP archive without a Word document inside (word/document.xml is missing).");
    }
    throw new ExtractError("unsupported_file", `${UNSUPPORTED[extension] ?? "ZIP-based files other than Word documents (.docx) are not supported"}.`);
  }
  if (startsWith(bytes, OLE_CFB)) {
    if (isEncryptedOffice(bytes)) {
      throw new ExtractError("invalid_file", "The document could not be read: it is encrypted (password-protected). Remove the password and upload it again.");
    }
    throw new ExtractError("unsupported_file", `${UNSUPPORTED[extension] ?? "Legacy Microsoft Office files (.doc, .xls, .ppt) are not supported; save the document as .docx or PDF"}.`);
  }
  if (extension === "pdf") throw new ExtractError("invalid_file", "The file is named .pdf but is not a PDF (it does not start with %PDF-).");
  if (extension === "docx") throw new ExtractError("invalid_file", "The file is named .docx but is not a Word document (it is not a ZIP archive).");
  const unsupported = UNSUPPORTED[extension];
  if (unsupported) throw new ExtractError("unsupported_file", `${unsupported}.`);
  return null;
}

/** The kind of a text file, once decoded (`head`, its start, recognises HTML without an extension). */
export function textFormat(filename: string, mimeType: string | null | undefined, head: string): TextFormat {
  return textFormatFor(extensionOf(filename), mimeType ?? undefined, head);
}
