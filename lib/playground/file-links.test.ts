import ReactMarkdown from "react-markdown";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { citeText, splitRefs, type FileCitationAnnotation } from "@/lib/playground/citations";
import { fileDownloadUrl, inlineImageType, linkFilePaths, messageFilePaths, messageImages, rehypeFileLinks, type FilePathAnnotation } from "@/lib/playground/file-links";

const annotate = (text: string, span: string, fileId: string): FilePathAnnotation => {
  const start = text.indexOf(span);
  return { type: "file_path", text: span, start_index: start, end_index: start + span.length, file_path: { file_id: fileId } };
};

/** `text` through react-markdown with the plugin, as static HTML (what the chat's Markdown view parses). */
function render(text: string, annotations: FilePathAnnotation[]) {
  const linked = linkFilePaths(text, annotations);
  return renderToStaticMarkup(createElement(ReactMarkdown, { rehypePlugins: [[rehypeFileLinks, { links: linked.links }]], urlTransform: (url: string) => url }, linked.text));
}

describe("linkFilePaths", () => {
  it("replaces each annotated span with a token, one link per file, named by the path's last part", () => {
    const text = "Saved to [Download](sandbox:/mnt/data/report.csv) and sandbox:/mnt/data/chart.png.";
    const linked = linkFilePaths(text, [annotate(text, "sandbox:/mnt/data/report.csv", "file-a"), annotate(text, "sandbox:/mnt/data/chart.png", "file-b")]);
    expect(linked.text).toBe("Saved to [Download](atelier-file:0:) and atelier-file:1:.");
    expect(linked.links).toEqual([
      { fileId: "file-a", filename: "report.csv", text: "sandbox:/mnt/data/report.csv" },
      { fileId: "file-b", filename: "chart.png", text: "sandbox:/mnt/data/chart.png" },
    ]);
  });

  it("leaves text without annotations, and annotations that do not fit it, as they are", () => {
    const text = "Nothing sandbox:/mnt/data/x.csv here";
    expect(linkFilePaths(text, []).text).toBe(text);
    const wrong = { ...annotate(text, "sandbox:/mnt/data/x.csv", "file-a"), start_index: 0 };
    expect(linkFilePaths(text, [wrong]).text).toBe(text);
    expect(linkFilePaths(text, [{ ...wrong, start_index: 5, end_index: 500 }]).links).toEqual([]);
  });

  it("moves citation offsets past the replaced spans, so both kinds of annotation apply together", () => {
    const marker = "【0:0†notes.md】";
    const text = `See sandbox:/mnt/data/a.csv and ${marker}.`;
    const linked = linkFilePaths(text, [annotate(text, "sandbox:/mnt/data/a.csv", "file-a")]);
    const start = text.indexOf(marker);
    const citation: FileCitationAnnotation = { type: "file_citation", text: marker, start_index: linked.shift(start), end_index: linked.shift(start + marker.length), file_citation: { file_id: "file-n" } };
    const cited = citeText(linked.text, [citation]);
    expect(splitRefs(cited.text)).toEqual(["See atelier-file:0: and ", 1, "."]);
  });
});

describe("rehypeFileLinks", () => {
  it("makes a Markdown link over an annotated sandbox path a link to the file, never a sandbox: address", () => {
    const text = "[Download the report](sandbox:/mnt/data/report.csv)";
    const html = render(text, [annotate(text, "sandbox:/mnt/data/report.csv", "file-a")]);
    expect(html).toContain('data-file-id="file-a"');
    expect(html).toContain('data-file-name="report.csv"');
    expect(html).toContain(">Download the report</a>");
    expect(html).not.toContain("sandbox:");
  });

  it("links a bare path in prose by the file's name, and keeps code as written", () => {
    const text = "Wrote sandbox:/mnt/data/out.txt.\n\n`sandbox:/mnt/data/out.txt`";
    const first = annotate(text, "sandbox:/mnt/data/out.txt", "file-o");
    const second = { ...first, start_index: text.lastIndexOf("sandbox:"), end_index: text.lastIndexOf("sandbox:") + first.text.length };
    const html = render(text, [first, second]);
    expect(html).toContain('<a data-file-id="file-o" data-file-name="out.txt">out.txt</a>.');
    expect(html).toContain("<code>sandbox:/mnt/data/out.txt</code>");
  });

  it("puts the name, not a nested link, in a link's words", () => {
    const text = "[sandbox:/mnt/data/a.csv](sandbox:/mnt/data/a.csv)";
    const start = text.lastIndexOf("sandbox:");
    const words = annotate(text, "sandbox:/mnt/data/a.csv", "file-a");
    const address = { ...words, start_index: start, end_index: start + words.text.length };
    const html = render(text, [words, address]);
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain('data-file-id="file-a"');
    expect(html).toContain(">a.csv</a>");
  });

  it("leaves a token the model wrote with no file behind it as text", () => {
    expect(render("atelier-file:3: stays", [])).toContain("atelier-file:3: stays");
  });
});

describe("messages and downloads", () => {
  it("reads file_path annotations across text parts, and image_file parts", () => {
    const content = [
      { type: "image_file", image_file: { file_id: "file-img", detail: "auto" } },
      { type: "text", text: { value: "One. ", annotations: [] } },
      { type: "text", text: { value: "sandbox:/mnt/data/x.csv", annotations: [{ type: "file_path", text: "sandbox:/mnt/data/x.csv", start_index: 0, end_index: 23, file_path: { file_id: "file-x" } }, { type: "file_citation" }] } },
    ];
    expect(messageImages(content)).toEqual(["file-img"]);
    expect(messageFilePaths(content)).toEqual([{ type: "file_path", text: "sandbox:/mnt/data/x.csv", start_index: 5, end_index: 28, file_path: { file_id: "file-x" } }]);
  });

  it("shows only raster images inline, never SVG or HTML", () => {
    expect(inlineImageType("chart.png", "image/png")).toBe("image/png");
    expect(inlineImageType("chart.png", null)).toBe("image/png");
    expect(inlineImageType("photo.JPG", "application/octet-stream")).toBe("image/jpeg");
    expect(inlineImageType("x.svg", "image/svg+xml")).toBeNull();
    expect(inlineImageType("x.png", "text/html")).toBeNull();
    expect(inlineImageType("report.csv", null)).toBeNull();
    expect(fileDownloadUrl("file-a")).toBe("/files/file-a/download");
    expect(fileDownloadUrl("file-a", true)).toBe("/files/file-a/download?inline=1");
  });
});
