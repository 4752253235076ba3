import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countPieceTokens, countTokens, pieceRegex } from "@/lib/ingest/tokens";

// chunk.ts relies on this: a text's tokens are the sum of its pre-tokenizer pieces' tokens.
describe("tokens", () => {
  it("counts cl100k_base tokens, special-token strings as text", () => {
    expect(countTokens("hello world")).toBe(2);
    expect(countTokens("")).toBe(0);
    expect(countTokens("<|endoftext|>")).toBeGreaterThan(1);
  });

  it("splits text into pieces that cover it and whose counts add up to the text's", () => {
    const text = fc.array(
      fc.oneof(fc.string({ unit: "grapheme", maxLength: 8 }), fc.constantFrom(" ", "\n\n", "  x", "don't", "12345", "😀", "東京", "\r\n")),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(text.map((parts) => parts.join("")), (value) => {
        const pieces = [...value.matchAll(pieceRegex())].map((match) => match[0]);
        expect(pieces.join("")).toBe(value);
        expect(pieces.reduce((sum, piece) => sum + countPieceTokens(piece), 0)).toBe(countTokens(value));
      }),
      { numRuns: 300 },
    );
  });
});
