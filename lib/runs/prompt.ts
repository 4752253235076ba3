import type { LanguageModelV3Message } from "@ai-sdk/provider";
import type { MessageContentPart } from "@/lib/messages/schema";
import type { TruncationStrategy } from "@/lib/runs/schema";
import type { StepToolCall } from "@/lib/runs/wire";
import { CODE_INTERPRETER_TOOL_NAME } from "@/lib/runs/tools/code-interpreter-spec";

// What the model is sent: the run's instructions, the thread's messages after truncation, then what
// this run has done so far (its text and its tool calls with their outputs, in order). Pure: the
// engine loads the rows, this decides. Messages are in the AI SDK provider interface's shape, which
// lib/runs/model-call.ts hands to the provider as they are.

type ModelMessage = LanguageModelV3Message;

export type HistoryMessage = { role: "user" | "assistant"; content: MessageContentPart[] };
export type RunTurn = { type: "text"; text: string } | { type: "tool_calls"; calls: StepToolCall[] };

/** Context windows of well-known families; anything else is assumed to have 128k. */
const CONTEXT_WINDOWS: [RegExp, number][] = [
  [/gpt-4\.1/, 1_047_576],
  [/gpt-4o|gpt-4-turbo|o1|o3|o4|gpt-5/, 128_000],
  [/gpt-3\.5/, 16_385],
  [/qwen-long/, 10_000_000],
  [/qwen/, 131_072],
];
export const contextWindowOf = (model: string) => CONTEXT_WINDOWS.find(([pattern]) => pattern.test(model))?.[1] ?? 128_000;

/** ~4 characters a token, plus a few per message for the role markers: an estimate, never sent. */
export function estimateTokens(message: ModelMessage): number {
  const text = typeof message.content === "string" ? message.content : JSON.stringify(message.content);
  return Math.ceil(text.length / 4) + 4;
}

function historyMessage(message: HistoryMessage): ModelMessage | null {
  if (message.role === "assistant") {
    const text = message.content.flatMap((part) => (part.type === "text" ? [part.text.value] : [])).join("\n");
    return text ? { role: "assistant", content: [{ type: "text", text }] } : null;
  }
  const parts = message.content.flatMap((part): ({ type: "text"; text: string } | { type: "file"; mediaType: string; data: URL })[] => {
    if (part.type === "text") return [{ type: "text", text: part.text.value }];
    if (part.type === "image_url") return [{ type: "file", mediaType: "image/*", data: new URL(part.image_url.url) }];
    return [{ type: "text", text: `[image file ${part.image_file.file_id}: files are not available to this model]` }];
  });
  return parts.length ? { role: "user", content: parts } : null;
}

/** A call as the model made it and what it was given back; a built-in tool's call keeps both in `_model`. */
function modelView(call: StepToolCall): { name: string; arguments: string; output: string } {
  if (call.type === "function") return { name: call.function.name, arguments: call.function.arguments, output: call.function.output ?? "" };
  if (call.type === "code_interpreter") return { name: CODE_INTERPRETER_TOOL_NAME, arguments: call._model?.arguments ?? JSON.stringify({ code: call.code_interpreter.input }), output: call._model?.output ?? "" };
  return { name: "file_search", arguments: call._model?.arguments ?? "{}", output: call._model?.output ?? "" };
}

function turnMessages(turn: RunTurn): ModelMessage[] {
  if (turn.type === "text") return turn.text ? [{ role: "assistant", content: [{ type: "text", text: turn.text }] }] : [];
  const input = (args: string) => {
    try {
      return JSON.parse(args) as unknown;
    } catch {
      return args; // the model's own malformed arguments, passed back as it wrote them
    }
  };
  const calls = turn.calls.map((call) => ({ id: call.id, ...modelView(call) }));
  return [
    { role: "assistant", content: calls.map((call) => ({ type: "tool-call" as const, toolCallId: call.id, toolName: call.name, input: input(call.arguments) })) },
    {
      role: "tool",
      content: calls.map((call) => ({
        type: "tool-result" as const,
        toolCallId: call.id,
        toolName: call.name,
        output: { type: "text" as const, value: call.output },
      })),
    },
  ];
}

/** `system` apart: the estimate and the tests look at it on its own; model-call.ts puts it first. */
export type Prompt = { system: string | undefined; messages: ModelMessage[]; fits: boolean };

export function buildPrompt(options: {
  instructions: string;
  history: HistoryMessage[];
  turns: RunTurn[];
  truncation: TruncationStrategy;
  maxPromptTokens: number | null;
  contextWindow: number;
}): Prompt {
  let history = options.history.map(historyMessage).filter((message): message is ModelMessage => message !== null);
  if (options.truncation.type === "last_messages" && options.truncation.last_messages) history = history.slice(-options.truncation.last_messages);
  const turns = options.turns.flatMap(turnMessages);
  const budget = Math.min(options.contextWindow, options.maxPromptTokens ?? Infinity);
  const fixed = (options.instructions ? estimateTokens({ role: "system", content: options.instructions }) : 0) + turns.reduce((sum, message) => sum + estimateTokens(message), 0);
  const costs = history.map(estimateTokens);
  let historyCost = costs.reduce((sum, cost) => sum + cost, 0);
  // `auto` drops the oldest messages until the prompt fits, keeping at least the newest one.
  let start = 0;
  if (options.truncation.type === "auto") {
    while (start < history.length - 1 && fixed + historyCost > budget) historyCost -= costs[start++]!;
  }
  return { system: options.instructions || undefined, messages: [...history.slice(start), ...turns], fits: fixed + historyCost <= budget };
}
