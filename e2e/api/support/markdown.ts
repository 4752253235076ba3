// Test documents for ingestion: about `bytes` of Markdown, sections of pseudo-random words (the
// same for the same seed), varied enough that tokenizing and chunking take real time.

const WORDS = "refund shipping warranty bicycle invoice order parcel customer support account password return exchange delivery".split(" ");

export function markdown(bytes: number, seed = 7): string {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const words: string[] = [];
    for (let i = 0; i < 80; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      words.push(WORDS[seed % WORDS.length]! + (seed % 97));
    }
    const paragraph = `## Section ${parts.length}\n\n${words.join(" ")}.\n\n`;
    parts.push(paragraph);
    size += paragraph.length;
  }
  return parts.join("");
}
