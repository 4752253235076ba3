import type { AssistantTool } from "@/lib/assistants/tools";
import type { Run } from "@/lib/generated/prisma/client";
import { citationMarker } from "@/lib/runs/citations";
import type { ToolCallRequest, ToolContext, ToolExecutor } from "@/lib/runs/tools/executor";
import type { FileSearchRanking, StepFileSearchCall } from "@/lib/runs/wire";
import type { searchStores } from "@/lib/vector-stores/search/service";

// The file_search tool, run by Atelier: when the run's assistant or thread has vector stores, the
// model is offered a `file_search` function (lib/runs/model-call.ts); its calls search those stores
// (lib/vector-stores/search/service.ts) and never wait for the client. The model gets each result
// headed by a marker `【{call}:{result}†{filename}】` to copy where it uses it (lib/runs/citations.ts
// turns them into file_citation annotations); the step records the call as OpenAI shows it: type
// `file_search`, the ranking options used and the results (their text shown only on request).

export const FILE_SEARCH_TOOL_NAME = "file_search";

export const FILE_SEARCH_DESCRIPTION =
  "Search the files attached to this assistant and thread, by meaning and keywords. Each result starts with a marker " +
  "like 【0:1†notes.md】. When your answer uses a result, copy its marker exactly, right after the sentence that uses it.";

export const FILE_SEARCH_PARAMETERS = {
  type: "object",
  properties: { query: { type: "string", description: "What to look for, in words likely to appear in the files." } },
  required: ["query"],
  additionalProperties: false,
} as const;

// OpenAI's defaults: 20 results (5 for gpt-3.5), ranker auto, which it reports as the dated ranker it chose.
const DEFAULT_MAX_RESULTS = 20;
const DEFAULT_RANKER = "default_2024_08_21";

type FileSearchTool = Extract<AssistantTool, { type: "file_search" }>;

/** The run's file_search tool definition, if it has one. */
export const fileSearchToolOf = (run: Pick<Run, "tools">): FileSearchTool | undefined =>
  (run.tools as AssistantTool[]).find((tool): tool is FileSearchTool => tool.type === "file_search");

/** The ranking options and result count a run's file_search tool asks for, defaults filled in. */
export function searchSettings(tool: FileSearchTool | undefined): { maxResults: number; ranking: FileSearchRanking } {
  const options = tool?.file_search;
  const ranker = options?.ranking_options?.ranker;
  return {
    maxResults: options?.max_num_results ?? DEFAULT_MAX_RESULTS,
    ranking: { ranker: !ranker || ranker === "auto" ? DEFAULT_RANKER : ranker, score_threshold: options?.ranking_options?.score_threshold ?? 0 },
  };
}

/** The query the model sent: `{"query": …}`, or `{"queries": […]}` as some models write it. */
export function parseQuery(args: string): string | string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(args || "{}");
  } catch {
    throw new Error(`the arguments are not JSON: ${args.slice(0, 200)}`);
  }
  const value = parsed as { query?: unknown; queries?: unknown };
  if (typeof value.query === "string" && value.query.trim()) return value.query;
  if (Array.isArray(value.queries) && value.queries.length && value.queries.every((query) => typeof query === "string" && query.trim())) return value.queries as string[];
  throw new Error('"query" must be a non-empty string');
}

export type FileSearchHit = { fileId: string; filename: string; score: number; text: string };

/** What the model reads: each result headed by its marker. */
export function resultsText(query: string | string[], callIndex: number, hits: FileSearchHit[]): string {
  const asked = Array.isArray(query) ? query.join(" | ") : query;
  if (!hits.length) return `No results for "${asked}" in the attached files.`;
  const blocks = hits.map((hit, index) => `${citationMarker(callIndex, index, hit.filename)}\n${hit.text.trim()}`);
  return `Results for "${asked}" (best first):\n\n${blocks.join("\n\n")}`;
}

/** A file_search call as the console shows it (run inspector, citations): the query the model sent, each result with its text. */
export type FileSearchCallView = {
  id: string;
  /** The call's place among the run's answered calls: the `call` of its results' markers. */
  index: number | null;
  query: string | null;
  results: { fileId: string; fileName: string; score: number; text: string }[];
};

export function fileSearchCallView(call: StepFileSearchCall): FileSearchCallView {
  let query: string | null = null;
  try {
    const asked = parseQuery(call._model?.arguments ?? "");
    query = Array.isArray(asked) ? asked.join(" | ") : asked;
  } catch {
    // Arguments the search refused: the call failed, and has no query to show.
  }
  return {
    id: call.id,
    index: call._model?.index ?? null,
    query,
    results: call.file_search.results.map((result) => ({
      fileId: result.file_id,
      fileName: result.file_name,
      score: result.score,
      text: (result.content ?? []).map((part) => part.text).join(""),
    })),
  };
}

export type FileSearchDeps = {
  search: typeof searchStores;
  /** The vector stores the run may search: its assistant's and its thread's. */
  storeIds(run: Run): Promise<string[]>;
};

export function fileSearchExecutor(deps: FileSearchDeps): ToolExecutor {
  const record = (call: ToolCallRequest, context: ToolContext, hits: FileSearchHit[], output: string): StepFileSearchCall => ({
    id: call.id,
    type: "file_search",
    file_search: {
      ranking_options: searchSettings(fileSearchToolOf(context.run)).ranking,
      results: hits.map((hit) => ({ file_id: hit.fileId, file_name: hit.filename, score: hit.score, content: [{ type: "text", text: hit.text }] })),
    },
    _model: { index: context.callIndex, arguments: call.arguments, output },
  });
  return {
    name: FILE_SEARCH_TOOL_NAME,
    stepType: "file_search",
    handles: (call, run) => call.name === FILE_SEARCH_TOOL_NAME && fileSearchToolOf(run) !== undefined,
    async execute(call, context) {
      const query = parseQuery(call.arguments);
      const { maxResults, ranking } = searchSettings(fileSearchToolOf(context.run));
      const ids = await deps.storeIds(context.run);
      const hits = ids.length
        ? // Only the threshold is passed on: the assistant's ranker names (default_2024_08_21) are not the search endpoint's.
          (await deps.search(context.run.workspaceId, ids, { query, max_num_results: maxResults, ranking_options: { score_threshold: ranking.score_threshold } })).hits
        : [];
      const output = resultsText(query, context.callIndex, hits);
      return { output, stepCall: record(call, context, hits, output) };
    },
    failedStepCall: (call, context, output) => record(call, context, [], output),
  };
}
