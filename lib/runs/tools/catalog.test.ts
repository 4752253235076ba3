import { describe, expect, it } from "vitest";
import type { AssistantTool } from "@/lib/assistants/tools";
import type { McpToolInfo } from "@/lib/mcp/client";
import type { PluginOperation } from "@/lib/plugins/operations";
import { buildCatalog, mcpParameters, type McpSource, type PluginSource } from "@/lib/runs/tools/catalog";

const operation = (name: string, unsupported: string | null = null): PluginOperation => ({
  name,
  method: "GET",
  path: `/${name}`,
  operationId: name,
  description: `Does ${name}.`,
  parameters: { type: "object", properties: {}, required: [], additionalProperties: false },
  mapping: { parameters: [], body: null, contentType: null },
  unsupported,
});
const mcpTool = (name: string): McpToolInfo => ({ name, title: null, description: `MCP ${name}`, inputSchema: { $schema: "http://json-schema.org/draft-07/schema#", type: "object", properties: { a: { type: "number" } } }, annotations: null });
const server = (names: string[], extra: Partial<McpSource> = {}): McpSource => ({ tools: names.map(mcpTool), allowedTools: null, requireApproval: "never", ...extra });

describe("buildCatalog", () => {
  it("offers plugin operations and MCP tools, in the run's tool order, with what each calls", () => {
    const tools: AssistantTool[] = [{ type: "weather", auth: { type: "user_http", user_token: "t" } }, { type: "mcp", server_label: "calc" }];
    const { entries, skipped } = buildCatalog({ tools, taken: [], plugins: new Map([["weather", { operations: [operation("getForecast"), operation("upload", "only application/json request bodies are supported")] }]]), mcp: new Map([["calc", server(["add"])]]) });
    expect(entries.map((entry) => [entry.name, entry.source.type, entry.needsApproval])).toEqual([["getForecast", "plugin", false], ["add", "mcp", false]]);
    expect(entries[0]!.source).toMatchObject({ pluginId: "weather", toolIndex: 0, operation: { path: "/getForecast" } });
    expect(entries[1]!.source).toEqual({ type: "mcp", serverLabel: "calc", toolIndex: 1, tool: "add" });
    expect(entries[1]!.parameters).toEqual({ type: "object", properties: { a: { type: "number" } } });
    expect(skipped).toEqual(["weather: upload (not callable: only application/json request bodies are supported)"]);
  });

  it("renames a clash with the run's own functions or an earlier source, the same way every time", () => {
    const tools: AssistantTool[] = [{ type: "mcp", server_label: "a" }, { type: "mcp", server_label: "b" }];
    const input = { tools, taken: ["search"], plugins: new Map(), mcp: new Map([["a", server(["search", "dots.in/name"])], ["b", server(["search"])]]) };
    const names = buildCatalog(input).entries.map((entry) => entry.name);
    expect(names).toEqual(["a_search", "dots_in_name", "b_search"]);
    expect(buildCatalog(input).entries.map((entry) => entry.name)).toEqual(names);
  });

  it("offers what both the registry and the assistant allow, and asks approval when either asks", () => {
    const tools: AssistantTool[] = [{ type: "mcp", server_label: "calc", allowed_tools: ["add", "echo", "fail"], require_approval: { always: { tool_names: ["echo"] } } }];
    const calc = server(["add", "echo", "slow", "fail"], { allowedTools: ["add", "echo", "slow"], requireApproval: { never: { tool_names: ["add", "echo"] } } });
    const { entries } = buildCatalog({ tools, taken: [], plugins: new Map(), mcp: new Map([["calc", calc]]) });
    expect(entries.map((entry) => [entry.name, entry.needsApproval])).toEqual([["add", false], ["echo", true]]);
  });

  it("asks approval for a plugin's operations as the plugin says (never by default)", () => {
    const tools: AssistantTool[] = [{ type: "notes" }, { type: "weather" }];
    const plugins = new Map<string, PluginSource>([
      ["notes", { operations: [operation("createNote"), operation("listNotes")], requireApproval: { never: { tool_names: ["listNotes"] } } }],
      ["weather", { operations: [operation("getForecast")] }],
    ]);
    expect(buildCatalog({ tools, taken: [], plugins, mcp: new Map() }).entries.map((entry) => [entry.name, entry.needsApproval])).toEqual([["createNote", true], ["listNotes", false], ["getForecast", false]]);
  });

  it("names what it cannot offer: unregistered plugins and servers, unlistable servers; a plugin listed twice once", () => {
    const tools: AssistantTool[] = [{ type: "gone" }, { type: "mcp", server_label: "down" }, { type: "mcp", server_label: "nope" }, { type: "weather" }, { type: "weather" }];
    const { entries, skipped } = buildCatalog({ tools, taken: [], plugins: new Map([["weather", { operations: [operation("ping")] }]]), mcp: new Map([["down", { tools: null, reason: "unreachable: refused", allowedTools: null, requireApproval: null }]]) });
    expect(entries.map((entry) => entry.name)).toEqual(["ping"]);
    expect(skipped).toEqual(["gone (no plugin with this id is registered)", "mcp down (unreachable: refused)", "mcp nope (no MCP server with this label is registered)"]);
  });
});

describe("mcpParameters", () => {
  it("gives MCP schemas an object root", () => {
    expect(mcpParameters({})).toEqual({ type: "object", properties: {} });
  });
});
