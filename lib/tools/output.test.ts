import { describe, expect, it } from "vitest";
import { boundedOutput, MAX_TOOL_RESPONSE_BYTES, TRUNCATION_NOTE } from "@/lib/tools/output";

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
