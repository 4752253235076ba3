import { convert, type HtmlToTextOptions } from "html-to-text";

// HTML to the text a reader sees: no markup, scripts, styles, images or link targets; headings and
// table headers keep their case; tables stay rows of cells; no re-wrapping (chunking cuts lines).

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  // The library's default (16 M characters) cuts longer pages silently; the input limit applies instead.
  limits: { maxInputLength: Number.MAX_SAFE_INTEGER },
  selectors: [
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
    { selector: "noscript", format: "skip" },
    { selector: "template", format: "skip" },
    { selector: "svg", format: "skip" },
    ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } },
  ],
};

export function htmlToText(html: string): string {
  return convert(html, OPTIONS);
}
