// Directive parsing and reply planning for the scripted model server. Everything here is pure (the
// tool-call id generator is injectable) so the behaviour can be unit-tested without HTTP, and the
// server only has to turn a plan into bytes and timing.
//
// Directives, in the last user message (`[[name: args]]` or `[[name args]]`): [[reply: TEXT]],
// [[tokens: N]], [[delay: MS]], [[first-delay: MS]], [[fail: STATUS]], [[drop: N]], [[tool: NAME
// {json}]] (called whether or not the request offers NAME), [[after-tools: TEXT]]; [[search: QUERY]]
// calls the first offered function whose name contains "search" with {"query":QUERY} (or
// {"queries":[QUERY]} when its schema has only `queries`; no QUERY: the message's visible text; no
// such function: a text reply naming what was offered), and once its output follows, [[cite]] or
// [[cite: LEAD]] answers "LEAD: SNIPPET MARKER ..." from it (./search.ts); [[echo]] answers with
// what it was asked with (model, temperature, the system prompt), so variants of one assistant
// answer differently; [[cycle: A | B]] answers A, then B, then A… across requests carrying it (a
// flaky model, for repeated tests); [[python: CODE]] calls the code interpreter's `python` function
// with {"code": CODE} (CODE may span lines; it cannot contain `]]`: write `] ]`). Cheat sheet: README.
import { randomInt } from "node:crypto";
import { citeReply, findSearchTool, offeredTools, searchArguments, searchOutputs } from "./search";

export const MODEL_IDS = ["scripted-1", "scripted-small"] as const;

export type FinishReason = "stop" | "length" | "tool_calls";

export type ScriptedToolCall = { name: string; arguments: string };

/** A `[[search]]` call, resolved against the request's tools when the reply is planned. */
export type ScriptedSearch = { search: string };

export type Directives = {
  reply?: string;
  tokens?: number;
  delayMs: number;
  firstDelayMs: number;
  tools: (ScriptedToolCall | ScriptedSearch)[];
  afterTools?: string;
  /** The cite reply's opening words ("" for the default). */
  cite?: string;
  fail?: number;
  drop?: number;
  echo?: boolean;
  /** `[[cycle: A | B]]`: the replies taken in turn by the requests that carry this same directive. */
  cycle?: string[];
};

export type ParsedText = { directives: Directives; visibleText: string; errors: string[] };

export type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

export type PlannedToolCall = { id: string; name: string; arguments: string };

export type ErrorBody = {
  error: { message: string; type: string; param: string | null; code: string | null };
};

export type ReplyPlan =
  | { kind: "error"; status: number; body: ErrorBody }
  | {
      kind: "reply";
      model: string;
      /** Text tokens actually sent (after max_tokens); empty for tool calls. */
      chunks: string[];
      /** null when the turn is tool calls, as OpenAI sends it. */
      content: string | null;
      toolCalls: PlannedToolCall[];
      finishReason: FinishReason;
      usage: Usage;
      delayMs: number;
      firstDelayMs: number;
      /** Content chunks to send before the connection is destroyed; null = finish normally. */
      dropAfter: number | null;
    };

// `[[name: args]]` or `[[name args]]`. Only known names are consumed: anything else in double
// brackets (wiki links, templates) stays part of the user's text.
const DIRECTIVE = /\[\[\s*([a-z][a-z-]*)(?:\s*:\s*|\s+|(?=\]\]))([\s\S]*?)\]\]/gi;
const NUMERIC = new Set(["tokens", "delay", "first-delay", "fail", "drop"]);
const KNOWN = new Set([...NUMERIC, "reply", "tool", "after-tools", "search", "cite", "echo", "cycle", "python"]);

export function errorBody(message: string, type: string, code: string | null = null): ErrorBody {
  return { error: { message, type, param: null, code } };
}

/** Parses the directives out of one user text; malformed ones are reported, not guessed at. */
export function parseDirectives(text: string): ParsedText {
  const directives: Directives = { delayMs: 0, firstDelayMs: 0, tools: [] };
  const errors: string[] = [];
  const visible = text.replace(DIRECTIVE, (whole, rawName: string, rawArgs: string) => {
    const name = rawName.toLowerCase();
    if (!KNOWN.has(name)) return whole;
    const args = rawArgs.trim();
    if (NUMERIC.has(name)) {
      if (!/^\d{1,9}$/.test(args)) {
        errors.push(`${whole}: expected a non-negative integer`);
        return "";
      }
      const value = Number(args);
      if (name === "tokens") directives.tokens = value;
      else if (name === "delay") directives.delayMs = value;
      else if (name === "first-delay") directives.firstDelayMs = value;
      else if (name === "drop") directives.drop = value;
      else if (value < 100 || value > 599) errors.push(`${whole}: expected an HTTP status (100-599)`);
      else directives.fail = value;
    } else if (name === "reply") directives.reply = args;
    else if (name === "after-tools") directives.afterTools = args;
    else if (name === "cite") directives.cite = args;
    else if (name === "echo") directives.echo = true;
    else if (name === "cycle") directives.cycle = args.split("|").map((option) => option.trim());
    else if (name === "search") directives.tools.push({ search: args });
    else if (name === "python") {
      // The code as written, indentation and all (only the directive's own surrounding blank lines go).
      const code = rawArgs.replace(/^[ \t]*\n/, "").replace(/\s+$/, "");
      if (!code.trim()) errors.push(`${whole}: expected [[python: CODE]]`);
      else directives.tools.push({ name: "python", arguments: JSON.stringify({ code }) });
    }
    else {
      // Arguments are passed through verbatim (not validated) so malformed JSON can be scripted.
      const match = /^([A-Za-z0-9_.-]+)\s*([\s\S]*)$/.exec(args);
      if (!match) errors.push(`${whole}: expected [[tool: NAME {json-args}]]`);
      else directives.tools.push({ name: match[1]!, arguments: match[2]!.trim() || "{}" });
    }
    return "";
  });
  const visibleText = visible.trim();
  for (const tool of directives.tools) {
    if (!("search" in tool) || tool.search) continue;
    if (visibleText) tool.search = visibleText;
    else errors.push("[[search]]: no query and no message text to search for");
  }
  return { directives, visibleText, errors };
}

/** Joins a message's text: content is a string or an array of `{ type: "text", text }` parts. */
export function messageText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter((part): part is { text: string } => isRecord(part) && typeof part.text === "string")
    .map((part) => part.text)
    .join("\n");
}

/** Words with their preceding whitespace; chunks concatenate back to exactly `text`. */
export function tokenize(text: string): string[] {
  const tokens = text.match(/\s*\S+/g) ?? [];
  const trailing = /\s*$/.exec(text)?.[0] ?? "";
  if (tokens.length === 0) return text ? [text] : [];
  if (trailing) tokens[tokens.length - 1] += trailing;
  return tokens;
}

export function toolArgumentTokens(args: string): number {
  return Math.ceil(args.length / 4);
}

/** ceil(chars / 4) + 3 per message, counting text content and tool-call arguments. */
export function countPromptTokens(messages: unknown[]): number {
  let total = 0;
  for (const message of messages) {
    if (!isRecord(message)) continue;
    let chars = messageText(message.content).length;
    if (Array.isArray(message.tool_calls)) {
      for (const call of message.tool_calls) {
        const args = isRecord(call) && isRecord(call.function) ? call.function.arguments : undefined;
        if (typeof args === "string") chars += args.length;
      }
    }
    total += Math.ceil(chars / 4) + 3;
  }
  return total;
}

/** Splits tool-call arguments into about `parts` pieces, as OpenAI streams them over several deltas. */
export function splitArguments(args: string, parts = 3): string[] {
  if (!args) return [];
  const size = Math.ceil(args.length / parts);
  const pieces: string[] = [];
  for (let i = 0; i < args.length; i += size) pieces.push(args.slice(i, i + size));
  return pieces;
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function randomCallId(): string {
  let id = "call_";
  for (let i = 0; i < 24; i++) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return id;
}

/** Turns a chat.completions request body into what to send back. */
/** Which of `count` replies a `[[cycle]]` gives: the server counts requests per directive. */
export type CyclePick = (key: string, count: number) => number;

export function planReply(body: unknown, newCallId: () => string = randomCallId, pick: CyclePick = () => 0): ReplyPlan {
  if (!isRecord(body) || !Array.isArray(body.messages)) {
    return invalid("'messages' is required and must be an array.");
  }
  const messages: unknown[] = body.messages;
  const model = typeof body.model === "string" && body.model ? body.model : MODEL_IDS[0];
  const limit = body.max_completion_tokens ?? body.max_tokens;
  if (limit != null && !(Number.isInteger(limit) && (limit as number) >= 0)) {
    return invalid("'max_tokens' / 'max_completion_tokens' must be a non-negative integer.");
  }
  const maxTokens = typeof limit === "number" ? limit : Infinity;

  const lastUser = [...messages].reverse().find((m) => isRecord(m) && m.role === "user");
  const { directives, visibleText, errors } = parseDirectives(
    isRecord(lastUser) ? messageText(lastUser.content) : "",
  );
  if (errors.length > 0) return invalid(`Invalid scripted-model directive: ${errors.join("; ")}`);
  if (directives.fail !== undefined) {
    const status = directives.fail;
    const type = status === 429 ? "rate_limit_exceeded" : "server_error";
    return { kind: "error", status, body: errorBody(`Scripted failure (${status})`, type) };
  }

  const trailingTools = trailingToolMessages(messages);
  const common = {
    kind: "reply" as const,
    model,
    delayMs: directives.delayMs,
    firstDelayMs: directives.firstDelayMs,
    dropAfter: directives.drop ?? null,
  };
  const promptTokens = countPromptTokens(messages);
  const usage = (completion: number): Usage => ({
    prompt_tokens: promptTokens,
    completion_tokens: completion,
    total_tokens: promptTokens + completion,
  });

  // Once the conversation continues after tool outputs, tool directives have been acted on.
  const offered = offeredTools(body.tools);
  const searchTool = findSearchTool(offered);
  const missingSearch = !searchTool && directives.tools.some((tool) => "search" in tool);
  if (trailingTools.length === 0 && directives.tools.length > 0 && !missingSearch) {
    const toolCalls: PlannedToolCall[] = [];
    let spent = 0;
    let finishReason: FinishReason = "tool_calls";
    for (const directive of directives.tools) {
      const tool =
        "search" in directive ? { name: searchTool!.name, arguments: searchArguments(searchTool!, directive.search) } : directive;
      const cost = toolArgumentTokens(tool.arguments);
      if (spent >= maxTokens) {
        finishReason = "length";
        break;
      }
      if (spent + cost > maxTokens) {
        // Cut mid-arguments like a real model hitting its limit: the JSON is left unfinished.
        const args = tool.arguments.slice(0, (maxTokens - spent) * 4);
        toolCalls.push({ id: newCallId(), name: tool.name, arguments: args });
        spent = maxTokens;
        finishReason = "length";
        break;
      }
      toolCalls.push({ id: newCallId(), name: tool.name, arguments: tool.arguments });
      spent += cost;
    }
    return { ...common, chunks: [], content: null, toolCalls, finishReason, usage: usage(spent) };
  }

  let text: string;
  if (trailingTools.length === 0 && missingSearch) {
    text = `No search tool was offered (offered: ${offered.map((tool) => tool.name).join(", ") || "none"}).`;
  } else if (trailingTools.length > 0 && directives.cite !== undefined) {
    text = citeReply(directives.cite, searchOutputs(messages, trailingTools));
  } else if (trailingTools.length > 0) {
    text =
      directives.afterTools ??
      "Tool results: " +
        trailingTools.map((m) => `${String(m.tool_call_id ?? "")}=${messageText(m.content)}`).join("; ");
  } else if (directives.reply !== undefined) text = directives.reply;
  else if (directives.cycle) text = directives.cycle[pick(directives.cycle.join("|"), directives.cycle.length) % directives.cycle.length]!;
  else if (directives.echo) text = echoText(body, messages, model);
  else if (directives.tokens !== undefined) {
    text = Array.from({ length: directives.tokens }, (_, i) => `tok${i + 1}`).join(" ");
  } else text = `You said: ${visibleText}`;

  const all = tokenize(text);
  const chunks = all.length > maxTokens ? all.slice(0, maxTokens) : all;
  const finishReason: FinishReason = chunks.length < all.length ? "length" : "stop";
  return { ...common, chunks, content: chunks.join(""), toolCalls: [], finishReason, usage: usage(chunks.length) };
}

/** `[[echo]]`: the request's model, temperature and system prompt, as one line. */
function echoText(body: Record<string, unknown>, messages: unknown[], model: string): string {
  const system = messages.filter((m) => isRecord(m) && (m.role === "system" || m.role === "developer")).map((m) => messageText((m as Record<string, unknown>).content)).join(" ");
  const temperature = typeof body.temperature === "number" ? String(body.temperature) : "default";
  return `model ${model}, temperature ${temperature}, instructions: ${system.trim() || "none"}`;
}

export type StreamStep = {
  kind: "role" | "content" | "finish";
  delta: Record<string, unknown>;
  finishReason: FinishReason | null;
};

/** The deltas of a streamed reply, in order, shaped like OpenAI's chat.completion.chunk choices. */
export function planStream(plan: Extract<ReplyPlan, { kind: "reply" }>): StreamStep[] {
  const tools = plan.toolCalls.length > 0;
  const steps: StreamStep[] = [
    { kind: "role", delta: { role: "assistant", content: tools ? null : "" }, finishReason: null },
  ];
  for (const chunk of plan.chunks) steps.push({ kind: "content", delta: { content: chunk }, finishReason: null });
  plan.toolCalls.forEach((call, index) => {
    // First delta names the call; the arguments follow in later deltas keyed by `index`.
    const head = { index, id: call.id, type: "function", function: { name: call.name, arguments: "" } };
    steps.push({ kind: "content", delta: { tool_calls: [head] }, finishReason: null });
    for (const piece of splitArguments(call.arguments)) {
      const delta = { tool_calls: [{ index, function: { arguments: piece } }] };
      steps.push({ kind: "content", delta, finishReason: null });
    }
  });
  steps.push({ kind: "finish", delta: {}, finishReason: plan.finishReason });
  return steps;
}

function trailingToolMessages(messages: unknown[]): Record<string, unknown>[] {
  const tools: Record<string, unknown>[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (!isRecord(message) || message.role !== "tool") break;
    tools.unshift(message);
  }
  return tools;
}

function invalid(message: string): ReplyPlan {
  return { kind: "error", status: 400, body: errorBody(message, "invalid_request_error") };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
