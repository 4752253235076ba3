import { describe, expect, it } from "vitest";
import { fakeRun } from "@/lib/runs/testing/fake-io";
import { executeToolCall } from "@/lib/runs/tools/executor";
import { fileSearchCallView, fileSearchExecutor, parseQuery, resultsText, searchSettings, type FileSearchDeps } from "@/lib/runs/tools/file-search";
import type { StepFileSearchCall } from "@/lib/runs/wire";

type SearchCall = { workspaceId: string; ids: string[]; request: Parameters<FileSearchDeps["search"]>[2] };

const hit = (fileId: string, filename: string, score: number, text: string) => ({
  vectorStoreId: "vs_1",
  fileId, filename, chunkId: `chunk_${fileId}`, score, text, attributes: {}, start: 0, end: text.length, parts: { keyword: score, semantic: null },
});

function fakeSearch(hits = [hit("file-a", "a.md", 0.9, "Otters hold hands while sleeping."), hit("file-b", "b.txt", 0.5, "Otters eat sea urchins.")]) {
  const calls: SearchCall[] = [];
  const deps: FileSearchDeps = {
    search: async (workspaceId, ids, request) => {
      calls.push({ workspaceId, ids, request });
      return { searchQuery: [String(request.query)], hits, semantic: "off" as const };
    },
    storeIds: async () => ["vs_1", "vs_2"],
  };
  return { deps, calls };
}

const searchRun = (fileSearch?: object) => fakeRun({ tools: [{ type: "file_search", ...(fileSearch && { file_search: fileSearch }) }] });
const call = (args: string) => ({ id: "call_fs", name: "file_search", arguments: args });

describe("file_search executor", () => {
  it("handles file_search calls only for runs that have the tool", () => {
    const executor = fileSearchExecutor(fakeSearch().deps);
    expect(executor.handles(call("{}"), searchRun())).toBe(true);
    expect(executor.handles(call("{}"), fakeRun())).toBe(false);
    expect(executor.handles({ ...call("{}"), name: "lookup" }, searchRun())).toBe(false);
  });

  it("searches the run's stores with the tool's max_num_results and ranking_options, and records the call as OpenAI shows it", async () => {
    const { deps, calls } = fakeSearch();
    const run = searchRun({ max_num_results: 7, ranking_options: { ranker: "default_2024_08_21", score_threshold: 0.4 } });
    const result = await executeToolCall(fileSearchExecutor(deps), call('{"query":"otters"}'), run, new AbortController().signal, 1_000, 3);
    expect(calls).toEqual([{ workspaceId: "ws", ids: ["vs_1", "vs_2"], request: { query: "otters", max_num_results: 7, ranking_options: { score_threshold: 0.4 } } }]);
    expect(result.error).toBe(false);
    expect(result.output).toContain("【3:0†a.md】\nOtters hold hands while sleeping.");
    expect(result.output).toContain("【3:1†b.txt】\nOtters eat sea urchins.");
    expect(result.stepCall).toEqual({
      id: "call_fs",
      type: "file_search",
      file_search: {
        ranking_options: { ranker: "default_2024_08_21", score_threshold: 0.4 },
        results: [
          { file_id: "file-a", file_name: "a.md", score: 0.9, content: [{ type: "text", text: "Otters hold hands while sleeping." }] },
          { file_id: "file-b", file_name: "b.txt", score: 0.5, content: [{ type: "text", text: "Otters eat sea urchins." }] },
        ],
      },
      _model: { index: 3, arguments: '{"query":"otters"}', output: result.output },
    } satisfies StepFileSearchCall);
  });

  it("uses OpenAI's defaults when the tool names none", () => {
    expect(searchSettings(undefined)).toEqual({ maxResults: 20, ranking: { ranker: "default_2024_08_21", score_threshold: 0 } });
    expect(searchSettings({ type: "file_search", file_search: { ranking_options: { ranker: "auto", score_threshold: 0.2 } } }).ranking).toEqual({ ranker: "default_2024_08_21", score_threshold: 0.2 });
  });

  it("gives the model its error for bad arguments, still recorded as a file_search call with no results", async () => {
    const { deps, calls } = fakeSearch();
    const result = await executeToolCall(fileSearchExecutor(deps), call('{"q":1}'), searchRun(), new AbortController().signal, 1_000, 0);
    expect(calls).toHaveLength(0);
    expect(result.error).toBe(true);
    expect(result.output).toContain('"query" must be a non-empty string');
    expect(result.stepCall).toMatchObject({ type: "file_search", file_search: { results: [] }, _model: { output: result.output } });
  });

  it("says so when nothing matched", async () => {
    const result = await executeToolCall(fileSearchExecutor(fakeSearch([]).deps), call('{"query":"zebras"}'), searchRun(), new AbortController().signal, 1_000, 0);
    expect(result.output).toBe('No results for "zebras" in the attached files.');
  });

  it("accepts `queries` as some models write them", () => {
    expect(parseQuery('{"queries":["a","b"]}')).toEqual(["a", "b"]);
    expect(() => parseQuery("not json")).toThrow(/not JSON/);
    expect(resultsText(["a", "b"], 1, [])).toContain('"a | b"');
  });
});

describe("fileSearchCallView", () => {
  it("shows the recorded call with the query the model sent and each result's text", async () => {
    const result = await executeToolCall(fileSearchExecutor(fakeSearch().deps), call('{"queries":["otters","sleep"]}'), searchRun(), new AbortController().signal, 1_000, 2);
    expect(fileSearchCallView(result.stepCall as StepFileSearchCall)).toEqual({
      id: "call_fs",
      index: 2,
      query: "otters | sleep",
      results: [
        { fileId: "file-a", fileName: "a.md", score: 0.9, text: "Otters hold hands while sleeping." },
        { fileId: "file-b", fileName: "b.txt", score: 0.5, text: "Otters eat sea urchins." },
      ],
    });
  });

  it("has no query for refused arguments, nor an index or text for a call recorded without them", async () => {
    const refused = await executeToolCall(fileSearchExecutor(fakeSearch().deps), call('{"q":1}'), searchRun(), new AbortController().signal, 1_000, 0);
    expect(fileSearchCallView(refused.stepCall as StepFileSearchCall)).toMatchObject({ query: null, results: [] });
    const bare: StepFileSearchCall = { id: "call_x", type: "file_search", file_search: { ranking_options: { ranker: "auto", score_threshold: 0 }, results: [{ file_id: "file-a", file_name: "a.md", score: 1 }] } };
    expect(fileSearchCallView(bare)).toEqual({ id: "call_x", index: null, query: null, results: [{ fileId: "file-a", fileName: "a.md", score: 1, text: "" }] });
  });
});
