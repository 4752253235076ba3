import { describe, expect, it } from "vitest";
import { citeReply, extractCitations, findSearchTool, offeredTools, searchArguments, searchOutputs } from "./search";

const fn = (name: string, properties: Record<string, unknown> = {}) => ({
  type: "function",
  function: { name, parameters: { type: "object", properties } },
});

describe("search tool", () => {
  it("finds the first offered function whose name contains 'search'", () => {
    const tools = offeredTools([fn("get_time"), { type: "file_search" }, fn("msearch"), fn("File_Search")]);
    expect(tools.map((t) => t.name)).toEqual(["get_time", "msearch", "File_Search"]);
    expect(findSearchTool(tools)?.name).toBe("msearch");
    expect(findSearchTool(offeredTools([fn("get_time")]))).toBeUndefined();
    expect(offeredTools(undefined)).toEqual([]);
  });

  it("passes the query as `query`, or as `queries` when that is the tool's only query parameter", () => {
    const [single, plural, both, bare] = offeredTools([
      fn("file_search", { query: { type: "string" } }),
      fn("file_search", { queries: { type: "array" } }),
      fn("file_search", { query: {}, queries: {} }),
      { type: "function", function: { name: "file_search" } },
    ]);
    expect(JSON.parse(searchArguments(single!, "refund policy"))).toEqual({ query: "refund policy" });
    expect(JSON.parse(searchArguments(plural!, "refund policy"))).toEqual({ queries: ["refund policy"] });
    expect(JSON.parse(searchArguments(both!, 'say "hi"'))).toEqual({ query: 'say "hi"' });
    expect(JSON.parse(searchArguments(bare!, "x"))).toEqual({ query: "x" });
  });
});

describe("extractCitations", () => {
  const long = "Refunds are accepted within 30 days of purchase when the item is unused and in its original packaging.";

  it("reads JSON results with a text field and a marker field, in order", () => {
    const output = JSON.stringify({
      query: "refund policy",
      results: [
        { file_id: "file-a", filename: "refunds.md", score: 0.9, marker: "【4:0†source】", text: long },
        { file_id: "file-b", filename: "faq.md", marker: "【4:1†faq.md】", text: "Shipping takes\n  five days." },
      ],
    });
    expect(extractCitations(output)).toEqual([
      { snippet: `${[...long].slice(0, 80).join("").trimEnd()}…`, marker: "【4:0†source】" },
      { snippet: "Shipping takes five days.", marker: "【4:1†faq.md】" },
    ]);
  });

  it("reads content as text parts, markers inside the text, and results without markers", () => {
    const output = JSON.stringify([
      { file_id: "f1", content: [{ type: "text", text: "【0†a.pdf】 Alpha text" }] },
      { file_id: "f2", text: "Beta text" },
      [{ nested: { snippet: "Gamma text", citation: "【0:2†source】" } }],
    ]);
    expect(extractCitations(output)).toEqual([
      { snippet: "Alpha text", marker: "【0†a.pdf】" },
      { snippet: "Beta text", marker: "" },
      { snippet: "Gamma text", marker: "【0:2†source】" },
    ]);
  });

  it("reads text whose markers head their results, as ChatGPT's file browser shows them", () => {
    const output = "[4]\n# 【4:0†refunds.md】\nRefunds within 30 days.\n# 【4:1†faq.md】\nShipping is free.\n";
    expect(extractCitations(output)).toEqual([
      { snippet: "Refunds within 30 days.", marker: "【4:0†refunds.md】" },
      { snippet: "Shipping is free.", marker: "【4:1†faq.md】" },
    ]);
    // The same inside a JSON string value.
    expect(extractCitations(JSON.stringify({ results: output }))).toHaveLength(2);
  });

  it("reads text whose markers close their results", () => {
    expect(extractCitations("Refunds within 30 days.【1:0†source】 Shipping is free. 【1:1†source】")).toEqual([
      { snippet: "Refunds within 30 days.", marker: "【1:0†source】" },
      { snippet: "Shipping is free.", marker: "【1:1†source】" },
    ]);
  });

  it("takes plain text as one unmarked result, and finds nothing in ids or empty lists", () => {
    expect(extractCitations("just some text")).toEqual([{ snippet: "just some text", marker: "" }]);
    expect(extractCitations(JSON.stringify({ query: "q", results: [], file_ids: ["file-1"] }))).toEqual([]);
    expect(extractCitations("")).toEqual([]);
  });
});

describe("citeReply and searchOutputs", () => {
  it("quotes every result with its marker after the opening words", () => {
    const outputs = [JSON.stringify([{ text: "Alpha", marker: "【0:0†source】" }]), "Beta 【1:0†source】"];
    expect(citeReply("", outputs)).toBe("According to the documents: Alpha 【0:0†source】 Beta 【1:0†source】");
    expect(citeReply("Per the handbook", outputs.slice(1))).toBe("Per the handbook: Beta 【1:0†source】");
    expect(citeReply("", ["[]"])).toBe("According to the documents: no results.");
  });

  it("keeps the outputs of search calls when other tools ran too", () => {
    const tools = [
      { role: "tool", tool_call_id: "c1", content: "12:00" },
      { role: "tool", tool_call_id: "c2", content: [{ type: "text", text: "found 【0†a】" }] },
    ];
    const assistant = {
      role: "assistant",
      content: null,
      tool_calls: [
        { id: "c1", type: "function", function: { name: "get_time", arguments: "{}" } },
        { id: "c2", type: "function", function: { name: "file_search", arguments: "{}" } },
      ],
    };
    expect(searchOutputs([{ role: "user", content: "q" }, assistant, ...tools], tools)).toEqual(["found 【0†a】"]);
    // Without a matching assistant message every output counts.
    expect(searchOutputs(tools, tools)).toEqual(["12:00", "found 【0†a】"]);
  });
});
