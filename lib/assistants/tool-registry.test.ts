import { describe, expect, it } from "vitest";
import {
  allowedToolsText,
  approvalChoice,
  mcpToolFor,
  parseAllowedTools,
  pluginToolFor,
  toRegistryMcpServer,
  toRegistryPlugin,
  withMcpField,
} from "@/lib/assistants/tool-registry";

describe("allowed tools text", () => {
  it("joins a list or a {tool_names} object with commas", () => {
    expect(allowedToolsText(undefined)).toBe("");
    expect(allowedToolsText(["a", "b"])).toBe("a, b");
    expect(allowedToolsText({ tool_names: ["x"] })).toBe("x");
  });

  it("parses comma-separated names, dropping blanks; nothing is undefined", () => {
    expect(parseAllowedTools(" a, b ,,c ")).toEqual(["a", "b", "c"]);
    expect(parseAllowedTools("")).toBeUndefined();
    expect(parseAllowedTools(" , ,")).toBeUndefined();
  });

  it("round-trips", () => {
    expect(parseAllowedTools(allowedToolsText(["get_weather", "search"]))).toEqual(["get_weather", "search"]);
  });
});

describe("approval choice", () => {
  it("maps absent, the two words and per-tool lists", () => {
    expect(approvalChoice(undefined)).toBe("default");
    expect(approvalChoice("always")).toBe("always");
    expect(approvalChoice("never")).toBe("never");
    expect(approvalChoice({ never: { tool_names: ["a"] } })).toBe("custom");
  });
});

describe("pluginToolFor", () => {
  it("gives no auth to plugins without user auth", () => {
    expect(pluginToolFor("weather", "none", { type: "old", auth: { type: "user_http", user_token: "t" } })).toEqual({ type: "weather" });
    expect(pluginToolFor("weather", "service", { type: "" })).toEqual({ type: "weather" });
    expect(pluginToolFor("weather", undefined, { type: "" })).toEqual({ type: "weather" });
  });

  it("keeps the token (a mask included) for the same plugin, and starts empty for another", () => {
    const previous = { type: "weather", auth: { type: "user_http" as const, user_token: "****abcd" } };
    expect(pluginToolFor("weather", "user", previous)).toEqual(previous);
    expect(pluginToolFor("maps", "user", previous)).toEqual({ type: "maps", auth: { type: "user_http", user_token: "" } });
  });
});

describe("MCP tool fields", () => {
  const tool = { type: "mcp" as const, server_label: "docs", server_url: "https://mcp.example.com", server_description: "Docs", allowed_tools: ["a"], require_approval: "never" as const };

  it("sets a field, or leaves it out when undefined", () => {
    expect(withMcpField(tool, "allowed_tools", ["b"]).allowed_tools).toEqual(["b"]);
    expect("allowed_tools" in withMcpField(tool, "allowed_tools", undefined)).toBe(false);
    expect("require_approval" in withMcpField(tool, "require_approval", undefined)).toBe(false);
  });

  it("on a new server keeps narrowing and approvals, drops the direct URL", () => {
    expect(mcpToolFor("search", tool)).toEqual({ type: "mcp", server_label: "search", allowed_tools: ["a"], require_approval: "never" });
    expect(mcpToolFor("search", { type: "mcp", server_label: "" })).toEqual({ type: "mcp", server_label: "search" });
  });
});

describe("registry summaries", () => {
  it("maps rows to plain data", () => {
    expect(toRegistryPlugin({ id: "w", name: "Weather", authType: "user" })).toEqual({ id: "w", name: "Weather", auth: "user" });
    expect(toRegistryPlugin({ id: "w", name: "Weather", authType: "odd" }).auth).toBe("none");
    expect(toRegistryMcpServer({ serverLabel: "docs", serverUrl: "https://x", description: "", requireApproval: "always" })).toEqual({ server_label: "docs", server_url: "https://x", description: "", require_approval: "always" });
  });
});
