import { describe, expect, it } from "vitest";
import { asksApproval, deniedOutput } from "@/lib/tools/approval";

describe("asksApproval", () => {
  it("follows OpenAI's require_approval: never lists run freely, anything else asks", () => {
    expect(asksApproval("always", "x")).toBe(true);
    expect(asksApproval("never", "x")).toBe(false);
    expect(asksApproval({ never: { tool_names: ["x"] } }, "x")).toBe(false);
    expect(asksApproval({ never: { tool_names: ["x"] } }, "y")).toBe(true);
    expect(asksApproval({ always: { tool_names: ["x"] } }, "x")).toBe(true);
    expect(asksApproval({}, "x")).toBe(true);
  });
});

describe("deniedOutput", () => {
  it("tells the model the call was denied and not run, with the reason as a sentence", () => {
    expect(deniedOutput(null)).toBe("The user denied this call. It was not run.");
    expect(deniedOutput("  ")).toBe("The user denied this call. It was not run.");
    expect(deniedOutput("not now")).toBe("The user denied this call: not now. It was not run.");
    expect(deniedOutput("Not without a ticket!")).toBe("The user denied this call: Not without a ticket! It was not run.");
  });
});
