import { describe, expect, it } from "vitest";
import {
  BUILTIN_EXTENSION_TOOL_TYPES,
  FUNCTION_NAME_PATTERN,
  isPluginTool,
  OPENAI_TOOL_TYPES,
  toolSchema,
  toolsSchema,
  type AssistantTool,
} from "@/lib/assistants/tools";

// One tool at a time through `toolSchema`, lists through `toolsSchema`. Issue paths are relative to
// the tool (`["function", "name"]`) or the list (`[1, "function", "name"]`).

type Problem = { path: PropertyKey[]; message: string };
type Issue = { code: string; path: PropertyKey[]; message: string; keys?: string[] };

/** Zod reports an unknown key on its parent object; like lib/validation.ts, blame the key. */
const toProblem = ({ code, path, message, keys }: Issue): Problem => ({
  path: code === "unrecognized_keys" && keys?.[0] ? [...path, keys[0]] : path,
  message,
});

function problems(tool: unknown): Problem[] {
  const result = toolSchema.safeParse(tool);
  return result.success ? [] : (result.error.issues as Issue[]).map(toProblem);
}

function listProblems(tools: unknown[]): Problem[] {
  const result = toolsSchema.safeParse(tools);
  return result.success ? [] : (result.error.issues as Issue[]).map(toProblem);
}

const plugin = (auth: unknown) => ({ type: "my_plugin", auth });

describe("toolSchema: accepted tools", () => {
  it.each<[string, Record<string, unknown>]>([
    ["code_interpreter", { type: "code_interpreter" }],
    ["file_search", { type: "file_search" }],
    ["file_search with max_num_results 1", { type: "file_search", file_search: { max_num_results: 1 } }],
    ["file_search with max_num_results 50", { type: "file_search", file_search: { max_num_results: 50 } }],
    ["file_search with score_threshold 0", { type: "file_search", file_search: { ranking_options: { score_threshold: 0 } } }],
    ["file_search with score_threshold 1", { type: "file_search", file_search: { ranking_options: { score_threshold: 1 } } }],
    [
      "file_search with ranker auto",
      { type: "file_search", file_search: { ranking_options: { ranker: "auto", score_threshold: 0.5 } } },
    ],
    [
      "file_search with ranker default_2024_08_21",
      { type: "file_search", file_search: { ranking_options: { ranker: "default_2024_08_21", score_threshold: 0.5 } } },
    ],
    ["function with name only", { type: "function", function: { name: "get_weather" } }],
    [
      "function with everything",
      {
        type: "function",
        function: {
          name: "get_weather-2",
          description: "Current weather for a city",
          parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
          strict: true,
        },
      },
    ],
    ["search (Model Studio)", { type: "search" }],
    ["web_search (Project David)", { type: "web_search" }],
    ["text_to_image (Model Studio)", { type: "text_to_image" }],
    ["computer (Project David)", { type: "computer" }],
    ["plugin with user_http auth", plugin({ type: "user_http", user_token: "t" })],
    ["plugin without auth", { type: "my_plugin" }],
    ["plugin id with dots, colons and dashes", { type: "acme.tools:crm-lookup_v2", auth: { type: "user_http", user_token: "bearer-token" } }],
  ])("%s", (_case, tool) => {
    expect(problems(tool)).toEqual([]);
    expect(toolSchema.parse(tool)).toEqual(tool);
  });
});

describe("toolSchema: rejected tools", () => {
  it.each<[string, unknown, PropertyKey[]]>([
    ["not an object", "code_interpreter", []],
    ["null", null, []],
    ["an array", [{ type: "code_interpreter" }], []],
    ["no type", { function: { name: "f" } }, ["type"]],
    ["an empty type", { type: "" }, ["type"]],
    ["a numeric type", { type: 5 }, ["type"]],
    ["code_interpreter with an extra key", { type: "code_interpreter", file_ids: ["file_1"] }, ["file_ids"]],
    ["file_search with max_num_results 0", { type: "file_search", file_search: { max_num_results: 0 } }, ["file_search", "max_num_results"]],
    ["file_search with max_num_results 51", { type: "file_search", file_search: { max_num_results: 51 } }, ["file_search", "max_num_results"]],
    ["file_search with max_num_results 2.5", { type: "file_search", file_search: { max_num_results: 2.5 } }, ["file_search", "max_num_results"]],
    [
      "file_search with score_threshold -0.1",
      { type: "file_search", file_search: { ranking_options: { score_threshold: -0.1 } } },
      ["file_search", "ranking_options", "score_threshold"],
    ],
    [
      "file_search with score_threshold 1.1",
      { type: "file_search", file_search: { ranking_options: { score_threshold: 1.1 } } },
      ["file_search", "ranking_options", "score_threshold"],
    ],
    [
      "file_search ranking_options without score_threshold (required by the contract)",
      { type: "file_search", file_search: { ranking_options: { ranker: "auto" } } },
      ["file_search", "ranking_options", "score_threshold"],
    ],
    [
      "file_search with a ranker outside the contract's FileSearchRanker enum",
      { type: "file_search", file_search: { ranking_options: { ranker: "bm25", score_threshold: 0.5 } } },
      ["file_search", "ranking_options", "ranker"],
    ],
    ["file_search with an unknown option", { type: "file_search", file_search: { top_n: 3 } }, ["file_search", "top_n"]],
    ["function without a function", { type: "function" }, ["function"]],
    ["function without a name", { type: "function", function: { description: "x" } }, ["function", "name"]],
    ["function with an extra key", { type: "function", function: { name: "f", returns: {} } }, ["function", "returns"]],
    ["function with strict a string", { type: "function", function: { name: "f", strict: "true" } }, ["function", "strict"]],
    ["search with auth", { type: "search", auth: { type: "user_http", user_token: "t" } }, ["auth"]],
    ["plugin with an empty user_token", plugin({ type: "user_http", user_token: "" }), ["auth", "user_token"]],
    ["plugin with auth type basic", plugin({ type: "basic", user_token: "t" }), ["auth", "type"]],
    ["plugin with auth without type", plugin({ user_token: "t" }), ["auth", "type"]],
    ["plugin with auth without token", plugin({ type: "user_http" }), ["auth", "user_token"]],
    ["plugin with a non-string token", plugin({ type: "user_http", user_token: 42 }), ["auth", "user_token"]],
    ["plugin with an extra auth key", plugin({ type: "user_http", user_token: "t", scheme: "Bearer" }), ["auth", "scheme"]],
    ["plugin with an extra top-level key", { type: "my_plugin", config: {} }, ["config"]],
    ["plugin id with a space", { type: "my plugin", auth: { type: "user_http", user_token: "t" } }, ["type"]],
    ["plugin id starting with a digit", { type: "1plugin", auth: { type: "user_http", user_token: "t" } }, ["type"]],
  ])("%s (at %j)", (_case, tool, path) => {
    const found = problems(tool);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.path).toEqual(path);
  });

  it.each([
    ["code_interpeter", "code_interpreter"],
    ["code_interpretor", "code_interpreter"],
    ["file_serch", "file_search"],
    ["functon", "function"],
    ["web_serch", "web_search"],
    ["text_to_imag", "text_to_image"],
  ])("refuses the typo '%s' without auth and suggests '%s'", (typo, known) => {
    const found = problems({ type: typo });
    expect(found).toHaveLength(1);
    expect(found[0]!.path).toEqual(["type"]);
    expect(found[0]!.message).toContain(`did you mean '${known}'`);
  });

  it("says what a tool without a type may be", () => {
    const [problem] = problems({});
    expect(problem?.path).toEqual(["type"]);
    expect(problem?.message).toMatch(/code_interpreter/);
  });

  it("refuses auth on a known OpenAI tool instead of treating it as a plugin", () => {
    expect(problems({ type: "code_interpreter", auth: { type: "user_http", user_token: "t" } })[0]?.path).toEqual(["auth"]);
  });
});

describe("toolsSchema", () => {
  it("accepts 128 tools and rejects 129", () => {
    const tools = (n: number) => Array.from({ length: n }, (_, i) => ({ type: "function", function: { name: `f${i}` } }));
    expect(listProblems(tools(128))).toEqual([]);
    const over = listProblems(tools(129));
    expect(over).toHaveLength(1);
    expect(over[0]!.path).toEqual([]);
  });

  it("reports a problem inside a tool with the tool's index first", () => {
    expect(listProblems([{ type: "code_interpreter" }, { type: "function", function: { name: "a b" } }])[0]!.path).toEqual([
      1,
      "function",
      "name",
    ]);
  });

  it("reports a duplicate function name on the later tool and names the earlier one", () => {
    const found = listProblems([
      { type: "function", function: { name: "lookup" } },
      { type: "code_interpreter" },
      { type: "function", function: { name: "lookup" } },
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]!.path).toEqual([2, "function", "name"]);
    expect(found[0]!.message).toContain("lookup");
    expect(found[0]!.message).toContain("tools[0]");
  });

  it("reports every repeat of a name, not only the first repeat", () => {
    const f = { type: "function", function: { name: "x" } };
    expect(listProblems([f, f, f]).map((p) => p.path)).toEqual([
      [1, "function", "name"],
      [2, "function", "name"],
    ]);
  });

  it("treats function names as case-sensitive", () => {
    expect(
      listProblems([
        { type: "function", function: { name: "Lookup" } },
        { type: "function", function: { name: "lookup" } },
      ]),
    ).toEqual([]);
  });

  it("allows several plugins and built-ins side by side", () => {
    expect(
      listProblems([
        { type: "search" },
        { type: "search" },
        { type: "plugin_a", auth: { type: "user_http", user_token: "a" } },
        { type: "plugin_b" },
      ]),
    ).toEqual([]);
  });
});

describe("FUNCTION_NAME_PATTERN", () => {
  it.each([
    ["a", true],
    ["get_weather-2", true],
    ["A".repeat(64), true],
    ["A".repeat(65), false],
    ["", false],
    ["a b", false],
    ["ü", false],
    ["a.b", false],
    ["name\n", false],
  ])("%j → %s", (name, ok) => {
    expect(FUNCTION_NAME_PATTERN.test(name)).toBe(ok);
  });
});

describe("isPluginTool", () => {
  it.each([...OPENAI_TOOL_TYPES, ...BUILTIN_EXTENSION_TOOL_TYPES])("%s is not a plugin", (type) => {
    expect(isPluginTool({ type } as AssistantTool)).toBe(false);
  });

  it("a tool of any other type is a plugin", () => {
    expect(isPluginTool({ type: "my_plugin", auth: { type: "user_http", user_token: "t" } })).toBe(true);
    expect(isPluginTool({ type: "my_plugin" })).toBe(true);
  });
});

describe("mcp tools", () => {
  it("takes a registered server's label, with allowed tools (a list or OpenAI's filter) and approvals", () => {
    expect(problems({ type: "mcp", server_label: "calc" })).toEqual([]);
    expect(problems({ type: "mcp", server_label: "calc", allowed_tools: ["add"], require_approval: { never: { tool_names: ["add"] } } })).toEqual([]);
    expect(problems({ type: "mcp", server_label: "calc", allowed_tools: { tool_names: ["add"] }, require_approval: "never" })).toEqual([]);
    expect(problems({ type: "mcp", server_label: "deepwiki", server_url: "https://mcp.deepwiki.com/mcp", server_description: "Docs" })).toEqual([]);
  });

  it("refuses a bad label, inline secrets and unknown keys at their paths", () => {
    expect(problems({ type: "mcp" })[0]?.path).toEqual(["server_label"]);
    expect(problems({ type: "mcp", server_label: "has space" })[0]?.path).toEqual(["server_label"]);
    expect(problems({ type: "mcp", server_label: "calc", headers: { "x-key": "secret" } })[0]).toMatchObject({ path: ["headers"], message: expect.stringMatching(/registry/) });
    expect(problems({ type: "mcp", server_label: "calc", authorization: "secret" })[0]?.path).toEqual(["authorization"]);
    expect(problems({ type: "mcp", server_label: "calc", allowed_tools: ["add", "add"] })[0]?.path).toEqual(["allowed_tools", 1]);
    expect(problems({ type: "mcp", server_label: "calc", require_approval: "sometimes" })[0]?.path).toEqual(["require_approval"]);
  });

  it("refuses two tools of one server label, and is not a plugin", () => {
    expect(listProblems([{ type: "mcp", server_label: "calc" }, { type: "mcp", server_label: "calc" }])[0]).toMatchObject({ path: [1, "server_label"], message: expect.stringMatching(/duplicate/) });
    expect(isPluginTool({ type: "mcp", server_label: "calc" } as AssistantTool)).toBe(false);
  });
});

