// The retrieval half of the script: `[[search]]` calls whichever search function the request
// offers, and `[[cite]]` answers from the search results with their source markers (`【4:0†source】`)
// copied verbatim, so the server's citation plumbing can be tested without guessing its format.

/** OpenAI's file-citation markers as the model writes them in text, e.g. `【4:0†source】`. */
export const MARKER = /【[^【】]*】/g;
const SNIPPET_CHARS = 80;
// Field names that hold a search result's text, in order of preference.
const TEXT_KEYS = ["text", "content", "snippet", "chunk", "excerpt", "quote"];

export type OfferedTool = { name: string; parameters: unknown };
export type Citation = { snippet: string; marker: string };

/** The function tools a chat.completions request offers. */
export function offeredTools(tools: unknown): OfferedTool[] {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool) => {
    const fn = isRecord(tool) && tool.type === "function" && isRecord(tool.function) ? tool.function : null;
    return fn && typeof fn.name === "string" ? [{ name: fn.name, parameters: fn.parameters }] : [];
  });
}

/** The first offered function whose name contains "search" (any case). */
export function findSearchTool(tools: OfferedTool[]): OfferedTool | undefined {
  return tools.find((tool) => tool.name.toLowerCase().includes("search"));
}

/** `{"queries":[query]}` when the tool's schema has `queries` but no `query`; else `{"query":query}`. */
export function searchArguments(tool: OfferedTool, query: string): string {
  const properties = isRecord(tool.parameters) && isRecord(tool.parameters.properties) ? tool.parameters.properties : {};
  const plural = "queries" in properties && !("query" in properties);
  return JSON.stringify(plural ? { queries: [query] } : { query });
}

/** Search results in a tool output: JSON (objects with a text field) or text with markers. */
export function extractCitations(output: string): Citation[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch {
    return fromText(output, true);
  }
  return typeof parsed === "string" ? fromText(parsed, true) : fromJson(parsed);
}

/**
 * The text of the trailing tool outputs that answer search calls (named "*search*" in the
 * assistant message before them); all of them when none can be matched to a search call.
 */
export function searchOutputs(messages: unknown[], trailingTools: Record<string, unknown>[]): string[] {
  const assistant = messages[messages.length - trailingTools.length - 1];
  const names = new Map<unknown, string>();
  const calls = isRecord(assistant) && Array.isArray(assistant.tool_calls) ? assistant.tool_calls : [];
  for (const call of calls) {
    if (isRecord(call) && isRecord(call.function)) names.set(call.id, String(call.function.name));
  }
  const searches = trailingTools.filter((message) => names.get(message.tool_call_id)?.toLowerCase().includes("search"));
  return (searches.length > 0 ? searches : trailingTools).map((message) => textOf(message.content, false) ?? "");
}

/** "LEAD: snippet 【marker】 snippet 【marker】", or "LEAD: no results." */
export function citeReply(lead: string, outputs: string[]): string {
  const parts = outputs
    .flatMap(extractCitations)
    .map(({ snippet, marker }) => [snippet, marker].filter(Boolean).join(" "))
    .filter(Boolean);
  return `${lead || "According to the documents"}: ${parts.length > 0 ? parts.join(" ") : "no results."}`;
}

function fromJson(value: unknown): Citation[] {
  if (Array.isArray(value)) return value.flatMap(fromJson);
  // A bare string inside JSON is an id, a query or a title unless it carries markers itself.
  if (typeof value === "string") return value.match(MARKER) ? fromText(value, false) : [];
  if (!isRecord(value)) return [];
  const key = TEXT_KEYS.find((name) => textOf(value[name]) !== null);
  if (key === undefined) return Object.values(value).flatMap(fromJson);
  const text = textOf(value[key])!;
  const marker =
    [text, ...Object.values(value).filter((v): v is string => typeof v === "string")].join("\n").match(MARKER)?.[0] ?? "";
  return [{ snippet: snippet(text), marker }];
}

/**
 * Text with markers: each marker goes with the text on one side of it. When text follows the last
 * marker, markers head their results (`# 【0†a.pdf】 text…`); otherwise they close them (`text 【0†a】`).
 */
function fromText(text: string, keepUnmarked: boolean): Citation[] {
  const markers = text.match(MARKER) ?? [];
  const segments = text.split(MARKER);
  if (markers.length === 0) return keepUnmarked && hasWords(text) ? [{ snippet: snippet(text), marker: "" }] : [];
  const leading = hasWords(segments.at(-1)!);
  return markers.map((marker, i) => ({ snippet: snippet(segments[leading ? i + 1 : i]!), marker }));
}

/** The first 80 characters of a result, whitespace collapsed, list and heading marks trimmed. */
function snippet(text: string): string {
  const clean = text
    .replace(MARKER, " ")
    .replace(/\s+/g, " ")
    .replace(/^[\s#*:>-]+|[\s#*:>-]+$/g, "");
  const chars = [...clean];
  return chars.length > SNIPPET_CHARS ? `${chars.slice(0, SNIPPET_CHARS).join("").trimEnd()}…` : clean;
}

/**
 * A string, or the joined text of `[{type:"text", text}]` parts; null for anything else. `typed`
 * false accepts parts without a type, as message content does.
 */
function textOf(value: unknown, typed = true): string | null {
  if (typeof value === "string") return value;
  if (!Array.isArray(value)) return null;
  const parts = value.filter(
    (part) => isRecord(part) && (!typed || part.type === "text") && typeof part.text === "string",
  );
  return parts.length > 0 ? parts.map((part: { text: string }) => part.text).join("\n") : null;
}

function hasWords(text: string): boolean {
  return /\p{L}{2}/u.test(text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
