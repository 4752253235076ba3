import { parse, stringify } from "lossless-json";

// JSON re-indented two spaces a level, so minified files become lines that chunking can cut between
// and citations can show. lossless-json keeps numbers as written (JSON.parse would turn
// 12345678901234567890 into 12345678901234567000). A file that is not strict JSON (comments,
// trailing commas: tsconfig.json, JSON5) is indexed as the text it is rather than failed.

export function formatJson(text: string): { text: string; parsed: boolean } {
  try {
    return { text: stringify(parse(text), null, 2) ?? text, parsed: true };
  } catch {
    return { text, parsed: false };
  }
}
