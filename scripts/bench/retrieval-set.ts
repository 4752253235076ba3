// The rules that make bench:files' retrieval set from a corpus of Markdown files (pure: texts in,
// entries out). Each entry is a query whose answer is one README, of two kinds:
// - heading: a section heading of the README, as written (markup stripped), with at least three
//   content words and found as a heading in no other file of the corpus;
// - sentence: a prose sentence found in no other file, paraphrased by a fixed rule: stop words
//   and repeats dropped, every fourth remaining word dropped, at most eight kept, order reversed
//   (a sentence needs seven distinct content words, so a query has six to eight);
// - question: another such sentence, only the first four words of its paraphrase, with two words
//   people add to questions and READMEs use everywhere (NOISE): words the answer may lack, as a
//   person's question has.
// READMEs of a package installed in several versions are left out: their copies say nearly the
// same, so the answer would not be one file.
// At most one of each kind per README; which one, and which READMEs, is decided by a hash of the
// path and text, so the same corpus always gives the same set. The set is written once to
// retrieval-set.json and kept in the repository (a clone with other packages uses the entries
// whose files it has, unchanged); regenerate it only deliberately.

export type RetrievalEntry = {
  kind: "heading" | "sentence" | "question";
  query: string;
  /** The answer: a path under node_modules, `/`-separated. */
  file: string;
  /** The package the file belongs to, for reading the set. */
  package: string;
  /** sha256 of the file when the set was made: a changed file's entry is skipped. */
  sha256: string;
};

export type SourceFile = { relPath: string; text: string; sha256: string; package: string };

// Postgres's english.stop plus a few Markdown words that carry nothing.
const STOP_WORDS = new Set(
  (
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself they them their theirs " +
    "themselves what which who whom this that these those am is are was were be been being have has had having do does did doing a an the and but if or " +
    "because as until while of at by for with about against between into through during before after above below to from up down in out on off over under " +
    "again further then once here there when where why how all any both each few more most other some such no nor not only own same so than too very s t " +
    "can will just don should now also may might must would could shall can't don't doesn't isn't it's you'll you're we're e.g i.e etc see use using used"
  ).split(" "),
);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'._-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).filter((word) => !STOP_WORDS.has(word) && !/^\d+$/.test(word));
}

/** Inline Markdown to plain text: images and HTML dropped, links to their text, code spans kept only when they are one identifier. */
export function plainInline(text: string): string {
  return text
    .replace(/!\[[^\]]*\](\([^)]*\)|\[[^\]]*\])/g, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, "$1")
    .replace(/<[^>]+>/g, " ")
    .replace(/`([^`]*)`/g, (_, code: string) => (/^[\w.-]+$/.test(code) ? code : " "))
    .replace(/(\*\*|__|\*|~~)/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Headings (ATX, levels 1–4) and prose sentences (paragraphs and list items), outside code blocks, HTML and tables. */
export function markdownItems(markdown: string): { headings: string[]; sentences: string[] } {
  const headings: string[] = [];
  const paragraphs: string[] = [];
  let fence: string | null = null;
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) paragraphs.push(paragraph.join(" "));
    paragraph = [];
  };
  for (const line of markdown.split(/\r?\n/)) {
    const fenceMark = /^\s*(```|~~~)/.exec(line)?.[1];
    if (fence) {
      if (fenceMark === fence) fence = null;
      continue;
    }
    if (fenceMark) {
      flush();
      fence = fenceMark;
      continue;
    }
    const heading = /^#{1,4}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      headings.push(plainInline(heading[1]!));
      continue;
    }
    if (/^\s*$/.test(line) || /^( {4}|\t)/.test(line) || /^\s*[<|>]/.test(line) || /^\s*(=+|-+|\*{3,})\s*$/.test(line) || /^#/.test(line)) {
      flush();
      continue;
    }
    const item = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (item) {
      flush();
      paragraph.push(item[1]!);
      continue;
    }
    paragraph.push(line.trim());
  }
  flush();
  const sentences = paragraphs.flatMap((text) => plainInline(text).split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}"'(])/u));
  return { headings, sentences };
}

const key = (text: string) => contentWords(text).join(" ");

function isProse(sentence: string): boolean {
  if (/https?:|:\/\/|[{}=;<>$\\|]/.test(sentence)) return false;
  const tokens = sentence.split(" ");
  if (tokens.length < 8 || tokens.length > 40) return false;
  const words = tokens.filter((token) => /^[\p{L}][\p{L}'-]*[.,:;!?)]?$/u.test(token.replace(/^\(/, "")));
  return words.length / tokens.length >= 0.8 && new Set(contentWords(sentence)).size >= 7;
}

function isHeading(heading: string): boolean {
  const words = heading.split(" ");
  return !/https?:|:\/\//.test(heading) && words.length <= 12 && new Set(contentWords(heading)).size >= 3;
}

const NOISE = ["example", "configure", "options", "error", "support", "setup", "usage", "api", "work", "default", "install", "problem"];

export function paraphrase(sentence: string): string {
  const words = [...new Set(contentWords(sentence))].filter((_, i) => i % 4 !== 3).slice(0, 8);
  return words.reverse().join(" ");
}

/** A question built on a sentence: four of its words and two NOISE words, chosen by the hash. */
export function question(sentence: string, hash: number): string {
  const words = paraphrase(sentence).split(" ").slice(0, 4);
  const first = hash % NOISE.length;
  const second = (first + 1 + ((hash >>> 8) % (NOISE.length - 1))) % NOISE.length;
  return [NOISE[first], ...words.slice(0, 2), NOISE[second], ...words.slice(2)].join(" ");
}

/** A stable order from a string: FNV-1a, 32 bits. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

const isReadme = (relPath: string) => /(^|\/)readme[^/]*\.md$/i.test(relPath);

export type SetCounts = { headings: number; sentences: number; questions: number };

export function buildRetrievalSet(files: readonly SourceFile[], counts: SetCounts): RetrievalEntry[] {
  const items = files.map((file) => ({ file, ...markdownItems(file.text) }));
  // In how many files each heading, each sentence appears (by content words).
  const headingFiles = new Map<string, number>();
  const sentenceFiles = new Map<string, number>();
  for (const { headings, sentences } of items) {
    for (const k of new Set(headings.map(key))) headingFiles.set(k, (headingFiles.get(k) ?? 0) + 1);
    for (const k of new Set(sentences.map(key))) sentenceFiles.set(k, (sentenceFiles.get(k) ?? 0) + 1);
  }
  const QUERY = { heading: (text: string) => text, sentence: paraphrase, question: (text: string, hash: number) => question(text, hash) };
  const pick = (file: SourceFile, candidates: string[], kind: RetrievalEntry["kind"], nth = 0) => {
    const best = candidates.map((text) => ({ text, order: stableHash(`${file.relPath}\n${text}`) })).sort((a, b) => a.order - b.order)[nth];
    if (!best) return [];
    const query = QUERY[kind](best.text, best.order);
    return [{ order: stableHash(`${kind}\n${file.relPath}`), entry: { kind, query, file: file.relPath, package: file.package, sha256: file.sha256 } satisfies RetrievalEntry }];
  };
  const readmes = new Map<string, number>();
  for (const { relPath, package: name } of files) if (isReadme(relPath)) readmes.set(name, (readmes.get(name) ?? 0) + 1);
  const headings = [];
  const sentences = [];
  const questions = [];
  for (const { file, headings: h, sentences: s } of items) {
    if (!isReadme(file.relPath) || readmes.get(file.package) !== 1) continue;
    headings.push(...pick(file, [...new Set(h)].filter((text) => isHeading(text) && headingFiles.get(key(text)) === 1), "heading"));
    const prose = [...new Set(s)].filter((text) => isProse(text) && sentenceFiles.get(key(text)) === 1);
    sentences.push(...pick(file, prose, "sentence"));
    questions.push(...pick(file, prose, "question", 1));
  }
  const take = (list: { order: number; entry: RetrievalEntry }[], n: number) =>
    list.sort((a, b) => a.order - b.order || a.entry.file.localeCompare(b.entry.file)).slice(0, n).map((item) => item.entry);
  return [...take(headings, counts.headings), ...take(sentences, counts.sentences), ...take(questions, counts.questions)].sort((a, b) => a.file.localeCompare(b.file) || a.kind.localeCompare(b.kind));
}
