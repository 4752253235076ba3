import { describe, expect, it } from "vitest";
import { buildRetrievalSet, contentWords, markdownItems, paraphrase, plainInline, question, type SourceFile } from "./retrieval-set";

// bench:files' retrieval set is generated once and committed; these rules decide what it holds.

describe("markdownItems", () => {
  it("finds headings and prose sentences outside code blocks, HTML and tables", () => {
    const md = [
      "# Sea otters ![Badge][badge-url]",
      "",
      "Sea otters hold hands while they sleep. They do not drift apart on the water.",
      "",
      "```js",
      "# not a heading. Not a sentence either.",
      "```",
      "",
      "<p align=center>Hidden words here.</p>",
      "| a | table |",
      "",
      "- A [list item](https://example.com) with `code()` and `otterId`.",
      "    indented code line",
      "## Feeding `otters`",
    ].join("\n");
    expect(markdownItems(md)).toEqual({
      headings: ["Sea otters", "Feeding otters"],
      sentences: ["Sea otters hold hands while they sleep.", "They do not drift apart on the water.", "A list item with and otterId."],
    });
  });

  it("strips inline markup to text", () => {
    expect(plainInline("**Bold** and _x_ [link](u) ![img](i) <b>tag</b> `a b` `id`")).toBe("Bold and _x_ link tag id");
  });
});

describe("queries", () => {
  it("paraphrase keeps content words once, drops every fourth, at most eight, reversed", () => {
    expect(contentWords("The otters and the Otters hold 3 hands")).toEqual(["otters", "otters", "hold", "hands"]);
    expect(paraphrase("Sea otters hold hands while they sleep so that they do not drift apart on the calm water tonight")).toBe(
      "tonight water apart drift sleep hold otters sea",
    );
  });

  it("a question is four paraphrased words with two common ones, fixed by the hash", () => {
    const sentence = "Sea otters hold hands while they sleep so that they do not drift apart";
    expect(question(sentence, 0)).toBe(question(sentence, 0));
    const words = question(sentence, 12345).split(" ");
    expect(words).toHaveLength(6);
    expect(words.filter((word) => paraphrase(sentence).split(" ").slice(0, 4).includes(word))).toHaveLength(4);
    expect(new Set(words).size).toBe(6);
  });
});

describe("buildRetrievalSet", () => {
  const prose = (topic: string) =>
    `# ${topic} package\n\n## Configure the ${topic} gateway quickly\n\n## Installation\n\n` +
    `The ${topic} gateway forwards signed webhook payloads towards internal queue consumers reliably.\n\n` +
    `Every ${topic} release publishes checksums beside compressed tarballs for careful downstream verification.\n`;
  const file = (relPath: string, text: string, pkg = relPath.split("/")[0]!): SourceFile => ({ relPath, text, sha256: `sha-${relPath}`, package: pkg });

  it("takes headings and sentences found in one file only, from READMEs of packages installed once", () => {
    const files = [
      file("alpha/README.md", prose("alpha")),
      file("beta/README.md", prose("beta") + "\n## Installation\n"),
      file("beta/CHANGELOG.md", "## Configure the gamma gateway quickly\n"),
      file("twice/README.md", prose("twice")),
      file("x/node_modules/twice/README.md", prose("twice"), "twice"),
    ];
    const set = buildRetrievalSet(files, { headings: 10, sentences: 10, questions: 10 });
    expect(new Set(set.map((entry) => entry.file))).toEqual(new Set(["alpha/README.md", "beta/README.md"]));
    for (const entry of set) expect(entry).toMatchObject({ package: entry.file.split("/")[0], sha256: `sha-${entry.file}` });
    const headings = set.filter((entry) => entry.kind === "heading").map((entry) => entry.query);
    expect(headings.sort()).toEqual(["Configure the alpha gateway quickly", "Configure the beta gateway quickly"]);
    expect(set.filter((entry) => entry.kind === "sentence")).toHaveLength(2);
    expect(set.filter((entry) => entry.kind === "question")).toHaveLength(2);
    expect(buildRetrievalSet([...files].reverse(), { headings: 10, sentences: 10, questions: 10 })).toEqual(set);
    expect(buildRetrievalSet(files, { headings: 1, sentences: 0, questions: 0 })).toHaveLength(1);
  });
});
