import { describeCause, ExtractError } from "@/lib/ingest/extract/errors";
import type { ExtractLimits } from "@/lib/ingest/extract/limits";
import { charLimitError, checkAborted } from "@/lib/ingest/extract/limits";

// PDF text through PDF.js, as packaged by unpdf: a build of PDF.js that runs in the calling thread
// without a worker file or a canvas, so it works the same under Node, vitest and a bundled Next
// server. unpdf 1.7.0 is pinned: it bundles PDF.js 5.6 (Node ≥ 20.19); later releases require
// Node 22. Imported on first use: PDF.js is 1.6 MB and installs polyfills on globals.
//
// Pages are read one at a time so the character limit and the caller's signal stop a long file
// between pages. PDF.js has no way to interrupt a page once started; a hard time limit needs the
// caller to run extraction in a worker thread it can terminate.

type PdfJsError = { name?: string; message?: string };

function openError(error: unknown): ExtractError {
  const name = (error as PdfJsError | null)?.name;
  if (name === "PasswordException") {
    return new ExtractError("invalid_file", "The PDF could not be read: it is encrypted (password-protected). Remove the password and upload it again.", { cause: error });
  }
  return new ExtractError("invalid_file", `The PDF could not be read: it is damaged or not a valid PDF (${describeCause(error)}).`, { cause: error });
}

type TextItem = { str?: string; hasEOL?: boolean };

export async function extractPdf(bytes: Uint8Array, limits: ExtractLimits, signal?: AbortSignal): Promise<{ text: string; pages: number }> {
  const { getDocumentProxy } = await import("unpdf");
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A copy: PDF.js may take ownership of (detach) the buffer it is given.
    pdf = await getDocumentProxy(bytes.slice(), {
      verbosity: 0,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      enableXfa: false,
      stopAtErrors: false,
    });
  } catch (error) {
    throw openError(error);
  }
  try {
    if (pdf.numPages > limits.maxPages) {
      throw new ExtractError("invalid_file", `The PDF has ${pdf.numPages} pages; at most ${limits.maxPages} pages are indexed per file. Split it into smaller files.`);
    }
    const pages: string[] = [];
    let length = 0;
    for (let number = 1; number <= pdf.numPages; number++) {
      checkAborted(signal);
      let pageText = "";
      try {
        const page = await pdf.getPage(number);
        const content = await page.getTextContent();
        for (const item of content.items as TextItem[]) {
          if (typeof item.str !== "string") continue; // marked-content markers carry no text
          pageText += item.str;
          if (item.hasEOL) pageText += "\n";
        }
        page.cleanup();
      } catch (error) {
        throw new ExtractError("invalid_file", `The PDF could not be read: page ${number} is damaged (${describeCause(error)}).`, { cause: error });
      }
      length += pageText.length + 2;
      if (length > limits.maxChars) throw charLimitError(limits.maxChars);
      pages.push(pageText.trim());
    }
    // Pages apart by a blank line, so chunking can cut between them as between paragraphs.
    return { text: pages.filter(Boolean).join("\n\n"), pages: pdf.numPages };
  } finally {
    await pdf.destroy().catch(() => {});
  }
}
