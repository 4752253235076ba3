import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ExtractError, extractText, type ExtractOptions } from "@/lib/ingest/extract";
import { makeDocx, makeImageOnlyPdf, makePdf } from "@/lib/ingest/fixtures/documents";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const utf8 = (text: string) => new TextEncoder().encode(text);

async function failure(input: Uint8Array | AsyncIterable<Uint8Array>, options: ExtractOptions): Promise<ExtractError> {
  const error = await extractText(input, options).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error, "expected an ExtractError").toBeInstanceOf(ExtractError);
  return error as ExtractError;
}

describe("extractText: text formats", () => {
  it("reads UTF-8 text without its BOM and with \\n newlines", async () => {
    const result = await extractText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("line one\r\nline two\rline three\n")]), { filename: "a.txt" });
    expect(result).toEqual({ text: "line one\nline two\nline three\n", format: "text" });
  });

  it("keeps Markdown and source code as written, naming their format", async () => {
    expect(await extractText(fixture("notes.md"), { filename: "notes.md" })).toEqual({ text: readFileSync(new URL("../fixtures/notes.md", import.meta.url), "utf8"), format: "markdown" });
    const code = "export const answer = 42;\n";
    expect(await extractText(utf8(code), { filename: "src/answer.ts" })).toEqual({ text: code, format: "code" });
    expect((await extractText(utf8("FROM node:20\n"), { filename: "Dockerfile" })).format).toBe("code");
  });

  it("reads CSV as its lines", async () => {
    expect(await extractText(fixture("table.csv"), { filename: "table.csv" })).toEqual({
      text: 'id,name,price\n1,Widget,9.99\n2,"Gadget, large",19.50\n',
      format: "csv",
    });
  });

  it("reads HTML as the text a reader sees: no script, style, image or link target", async () => {
    const { text, format } = await extractText(fixture("page.html"), { filename: "page.html" });
    expect(format).toBe("html");
    expect(text).toContain("Return policy");
    expect(text).toContain("Items may be returned within thirty days. See the returns page.");
    expect(text).toMatch(/Item\s+Days\nShoes\s+30/);
    expect(text).toContain("café & <tea>");
    for (const hidden of ["from a script", "color:red", "https://example.test", "logo", "Returns"]) expect(text).not.toContain(hidden);
  });

  it("recognises HTML by MIME type or by its start when the name says nothing", async () => {
    const html = utf8("<html><body><p>Hello <i>there</i></p></body></html>");
    expect(await extractText(html, { filename: "download", mimeType: "text/html; charset=utf-8" })).toEqual({ text: "Hello there", format: "html" });
    expect((await extractText(utf8("<!DOCTYPE html><p>x</p>"), { filename: "page" })).format).toBe("html");
  });

  it("re-indents JSON and keeps large numbers exactly as written", async () => {
    const { text, format } = await extractText(fixture("data.json"), { filename: "data.json" });
    expect(format).toBe("json");
    expect(text).toBe(
      '{\n  "store": {\n    "name": "Atelier Shop",\n    "open": true,\n    "order_id": 12345678901234567890,\n    "tags": [\n      "a",\n      "b"\n    ]\n  }\n}',
    );
  });

  it("indexes a .json file that is not strict JSON as the text it is", async () => {
    const jsonc = '{\n  // compiler options\n  "strict": true,\n}\n';
    expect(await extractText(utf8(jsonc), { filename: "tsconfig.json" })).toEqual({ text: jsonc, format: "text" });
  });

  it("reads a file that is not UTF-8 as Windows-1252, and UTF-16 with a BOM", async () => {
    expect((await extractText(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x35]), { filename: "old.txt" })).text).toBe("café €5");
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from("héllo\r\n", "utf16le")]);
    expect((await extractText(utf16, { filename: "wide.txt" })).text).toBe("héllo\n");
  });

  it("returns well-formed text: NUL characters dropped, lone surrogates replaced", async () => {
    const nulLate = utf8(`${"a".repeat(70_000)}\u0000b`);
    expect((await extractText(nulLate, { filename: "a.txt" })).text).toBe(`${"a".repeat(70_000)}b`);
    const lone = new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x00, 0xd8, 0x42, 0x00]);
    expect((await extractText(lone, { filename: "a.txt" })).text).toBe("A\uFFFDB");
  });

  it("reads from an async iterable of byte chunks", async () => {
    async function* parts() {
      yield utf8("first half, ");
      yield utf8("second half");
    }
    expect((await extractText(parts(), { filename: "a.txt" })).text).toBe("first half, second half");
  });
});

describe("extractText: files it refuses", () => {
  it("refuses binary files as not text, whatever their name", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const error = await failure(png, { filename: "notes.txt" });
    expect(error.code).toBe("unsupported_file");
    expect(error.message).toMatch(/not a text file \(it contains NUL bytes\)/);
    const controls = new Uint8Array(4000).map((_, i) => (i % 7 === 0 ? 0x01 : 0x41));
    expect((await failure(controls, { filename: "blob" })).message).toMatch(/control characters/);
  });

  it("fails empty and whitespace-only files", async () => {
    expect(await failure(new Uint8Array(), { filename: "a.txt" })).toMatchObject({ code: "invalid_file", message: "The file is empty." });
    expect((await failure(utf8(" \n\t\n"), { filename: "a.md" })).message).toMatch(/no text to index/);
  });

  it("refuses Office formats it does not read, saying what to do instead", async () => {
    const zip = zipWith("xl/workbook.xml");
    expect(await failure(zip, { filename: "sheet.xlsx" })).toMatchObject({ code: "unsupported_file", message: expect.stringMatching(/export the sheet as CSV/) });
    expect((await failure(utf8("plain"), { filename: "deck.pptx" })).code).toBe("unsupported_file");
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(512)]);
    expect(await failure(ole, { filename: "old.doc" })).toMatchObject({ code: "unsupported_file", message: expect.stringMatching(/save the document as \.docx/) });
  });

  it("fails a password-protected Word document as encrypted", async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Uint8Array(64), ...Buffer.from("EncryptedPackage", "utf16le")]);
    expect(await failure(ole, { filename: "secret.docx" })).toMatchObject({ code: "invalid_file", message: expect.stringMatching(/encrypted \(password-protected\)/) });
  });

  it("fails a file whose name promises a PDF or DOCX its bytes are not", async () => {
    expect((await failure(utf8("<html>not found</html>"), { filename: "report.pdf" })).message).toMatch(/named \.pdf but is not a PDF/);
    expect((await failure(utf8("hello"), { filename: "letter.docx" })).message).toMatch(/named \.docx but is not a Word document/);
    expect((await failure(zipWith("content.xml"), { filename: "letter.docx" })).message).toMatch(/without a Word document inside/);
  });

  it("names the limit a file goes over", async () => {
    expect((await failure(utf8("x".repeat(101)), { filename: "a.txt", limits: { maxChars: 100 } })).message).toBe(
      "The file has more than 100 characters of text, the most indexed per file. Split it into smaller files.",
    );
    async function* big() {
      for (let i = 0; i < 10; i++) yield new Uint8Array(1000).fill(0x61);
    }
    expect((await failure(big(), { filename: "a.txt", limits: { maxBytes: 5000 } })).message).toMatch(/larger than 5,000 bytes/);
  });

  it("reports a timeout signal as the file being too large, and rethrows any other abort", async () => {
    const timedOut = AbortSignal.abort(new DOMException("timed out", "TimeoutError"));
    expect((await failure(utf8("x"), { filename: "a.txt", signal: timedOut })).message).toMatch(/took too long/);
    const reason = new Error("shutting down");
    await expect(extractText(utf8("x"), { filename: "a.txt", signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});

describe("extractText: PDF", () => {
  it("reads every page, pages apart by a blank line", async () => {
    const pdf = await makePdf(["The return policy is thirty days.", "Second page: café naïve “quoted”."]);
    expect(pdf.byteLength).toBeLessThan(20_000);
    expect(await extractText(pdf, { filename: "policy.pdf" })).toEqual({
      text: "The return policy is thirty days.\n\nSecond page: café naïve “quoted”.",
      format: "pdf",
      pages: 2,
    });
  });

  it("goes by the bytes, not the name: a PDF called .txt is read as a PDF", async () => {
    const pdf = await makePdf(["Hidden PDF"]);
    expect(await extractText(pdf, { filename: "notes.txt" })).toMatchObject({ text: "Hidden PDF", format: "pdf" });
  });

  it("fails an encrypted PDF, and reads one with only an owner password (no password to open)", async () => {
    const locked = await makePdf(["Top secret"], { userPassword: "open sesame", ownerPassword: "owner" });
    expect(await failure(locked, { filename: "locked.pdf" })).toMatchObject({
      code: "invalid_file",
      message: "The PDF could not be read: it is encrypted (password-protected). Remove the password and upload it again.",
    });
    const restricted = await makePdf(["Readable"], { ownerPassword: "owner" });
    expect((await extractText(restricted, { filename: "restricted.pdf" })).text).toBe("Readable");
  });

  it("fails damaged PDFs with what PDF.js said", async () => {
    const pdf = await makePdf(["Some text"]);
    for (const damaged of [pdf.slice(0, 300), utf8("%PDF-1.7\nthis is not a PDF at all\n")]) {
      const error = await failure(damaged, { filename: "broken.pdf" });
      expect(error.code).toBe("invalid_file");
      expect(error.message).toMatch(/^The PDF could not be read: it is damaged or not a valid PDF \(.+\)\.$/);
    }
  });

  it("fails a PDF without text, pointing at scanned pages", async () => {
    expect((await failure(await makeImageOnlyPdf(), { filename: "scan.pdf" })).message).toMatch(/no text to index.*OCR/);
  });

  it("fails a PDF over the page or character limit", async () => {
    const pdf = await makePdf(["one", "two", "three"]);
    expect((await failure(pdf, { filename: "a.pdf", limits: { maxPages: 2 } })).message).toMatch(/has 3 pages; at most 2 pages are indexed/);
    expect((await failure(pdf, { filename: "a.pdf", limits: { maxChars: 5 } })).message).toMatch(/more than 5 characters/);
  });
});

describe("extractText: DOCX", () => {
  it("reads headings, paragraphs and table cells", async () => {
    const docx = await makeDocx("Return policy", ["Items may be returned within thirty days.", "Keep the receipt."], [["Item", "Days"], ["Shoes", "30"]]);
    expect(docx.byteLength).toBeLessThan(20_000);
    const { text, format } = await extractText(docx, { filename: "policy.docx" });
    expect(format).toBe("docx");
    expect(text).toBe("Return policy\n\nItems may be returned within thirty days.\n\nKeep the receipt.\n\nItem\n\nDays\n\nShoes\n\n30\n\n");
  });

  it("fails a damaged DOCX", async () => {
    const docx = await makeDocx("Title", ["Body"]);
    const error = await failure(docx.slice(0, docx.byteLength - 200), { filename: "broken.docx" });
    expect(error.code).toBe("invalid_file");
    expect(error.message).toMatch(/^The DOCX file could not be read: it is damaged or not a valid Word document \(.+\)\.$/);
  });
});

/** The start of a ZIP archive whose first entry is `entry` (detection reads no further). */
function zipWith(entry: string): Uint8Array {
  return new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Uint8Array(26), ...utf8(entry), ...new Uint8Array(16)]);
}
