import { describe, expect, it } from "vitest";
import { createMcpServerSchema, requireApprovalSchema } from "@/lib/mcp/schema";
import { isToolAllowed, offeredInputSchema, requiresApproval, toMcpServerObject } from "@/lib/mcp/wire";

// How an MCP server's settings read: its approval policy per tool (OpenAI's shapes), its allowed
// tools, the schema a model is offered, and masks as the only trace of its secrets.

describe("requiresApproval", () => {
  it.each([
    ["always", "add", true],
    ["never", "add", false],
    [{ never: { tool_names: ["add"] } }, "add", false],
    [{ never: { tool_names: ["add"] } }, "sub", true],
    [{ always: { tool_names: ["delete"] } }, "delete", true],
    [{ always: { tool_names: ["delete"] } }, "add", true],
    [{ always: { tool_names: ["delete"] }, never: { tool_names: ["add"] } }, "add", false],
    [{}, "add", true],
  ] as const)("%j for %s → %s", (policy, tool, expected) => {
    expect(requiresApproval(requireApprovalSchema.parse(policy), tool)).toBe(expected);
  });

  it("refuses a tool under both", () => {
    expect(requireApprovalSchema.safeParse({ always: { tool_names: ["a"] }, never: { tool_names: ["a"] } }).success).toBe(false);
  });
});

describe("isToolAllowed", () => {
  it("null allows every tool, a list only its own", () => {
    expect(isToolAllowed(null, "x")).toBe(true);
    expect(isToolAllowed(["a"], "a")).toBe(true);
    expect(isToolAllowed(["a"], "b")).toBe(false);
    expect(isToolAllowed([], "a")).toBe(false);
  });
});

describe("offeredInputSchema", () => {
  it("drops the $schema SDKs add, and nothing else", () => {
    const schema = { $schema: "http://json-schema.org/draft-07/schema#", type: "object", properties: { a: { type: "number" } } };
    expect(offeredInputSchema(schema)).toEqual({ type: "object", properties: { a: { type: "number" } } });
    expect(schema.$schema).toBeDefined();
  });
});

describe("createMcpServerSchema", () => {
  it("takes the token alone when pasted with 'Bearer '", () => {
    const parsed = createMcpServerSchema.parse({ server_label: "a", server_url: "https://x.example", authorization: "Bearer abc" });
    expect(parsed.authorization).toBe("abc");
  });
});

describe("toMcpServerObject", () => {
  const row = { id: "mcp_x", serverLabel: "calc", serverUrl: "https://x.example/mcp", description: "", allowedTools: null, requireApproval: "always", createdAt: new Date(1000), updatedAt: new Date(2000) };

  it("shows masks, and null for no secrets", () => {
    expect(toMcpServerObject({ ...row, secretHints: { authorization: "****abcd", headers: { "X-Team": "****" } } })).toMatchObject({ authorization: "****abcd", headers: { "X-Team": "****" } });
    expect(toMcpServerObject({ ...row, secretHints: null })).toMatchObject({ authorization: null, headers: null, created_at: 1, updated_at: 2 });
    expect(toMcpServerObject({ ...row, secretHints: { authorization: "****", headers: {} } }).headers).toBeNull();
  });
});
