import { describe, expect, it } from "vitest";
import { boundedOutput, MAX_TOOL_RESPONSE_BYTES, redactSecrets, TRUNCATION_NOTE } from "@/lib/tools/output";

describe("boundedOutput", () => {
  it("keeps text within the limit as it is", () => {
    expect(boundedOutput("hello")).toBe("hello");
    expect(boundedOutput("x".repeat(MAX_TOOL_RESPONSE_BYTES))).toHaveLength(MAX_TOOL_RESPONSE_BYTES);
  });

  it("cuts past the limit on a character boundary, with the note", () => {
    expect(boundedOutput("é".repeat(10), 5)).toBe(`éé${TRUNCATION_NOTE}`);
    expect(boundedOutput("🙂🙂", 7)).toBe(`🙂${TRUNCATION_NOTE}`);
    const big = boundedOutput("a".repeat(2 * MAX_TOOL_RESPONSE_BYTES));
    expect(Buffer.byteLength(big)).toBe(MAX_TOOL_RESPONSE_BYTES + Buffer.byteLength(TRUNCATION_NOTE));
  });
});

describe("redactSecrets", () => {
  it("takes out every secret, and a Bearer value's bare token", () => {
    expect(redactSecrets("got sk-abcdef and sk-abcdef again", ["sk-abcdef"])).toBe("got **** and **** again");
    expect(redactSecrets('{"authorization":"Bearer tok-12345"} tok-12345', ["Bearer tok-12345"])).toBe('{"authorization":"****"} ****');
    // Too short to tell from ordinary text: left alone.
    expect(redactSecrets("abc", ["abc"])).toBe("abc");
  });

  it("takes out a secret's start left at the very end, where reading stopped", () => {
    expect(redactSecrets("header: sk-abcd", ["sk-abcdef123"])).toBe("header: ****");
    expect(redactSecrets("ends with sk-", ["sk-abcdef123"])).toBe("ends with sk-");
  });
});

