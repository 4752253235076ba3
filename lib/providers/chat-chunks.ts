import { InvalidResponseDataError, JSONParseError, TypeValidationError, type LanguageModelV3FinishReason, type LanguageModelV3StreamPart, type SharedV3Warning } from "@ai-sdk/provider";
import { generateId, secureJsonParse, StreamingToolCallTracker } from "@ai-sdk/provider-utils";
import { convertOpenAICompatibleChatUsage, getResponseMetadata, mapOpenAICompatibleFinishReason } from "@ai-sdk/openai-compatible/internal";

// What one chat-completions stream means as AI SDK stream parts, chunk by chunk: the same parts, in
// the same order, as `@ai-sdk/openai-compatible`'s chat model emits from its `doStream` (v2.0.92),
// for the direct stream path (lib/providers/chat-stream.ts). Pure: data in, parts out. The SDK's
// own pieces do the parts with rules of their own (tool-call tracking, finish reasons, usage,
// response metadata); this file is the transform around them, which the SDK does not export. What
// it does not take over is the SDK's per-chunk zod validation (the largest per-token cost of its
// stream, bench:provider): the checks below accept and refuse what that schema does, by hand.
// chat-chunks.parity.test.ts holds both paths to the same parts.

type Usage = Parameters<typeof convertOpenAICompatibleChatUsage>[0];
type ToolCallDelta = { index?: number | null; id?: string | null; type?: string | null; function?: { name?: string | null; arguments?: string | null } | null; extra_content?: { google?: { thought_signature?: string | null } | null } | null };
type Delta = { content?: unknown; refusal?: unknown; reasoning_content?: string | null; reasoning?: string | null; tool_calls?: ToolCallDelta[] | null };
type Choice = { delta?: Delta | null; finish_reason?: string | null };
type Chunk = { id?: string | null; created?: number | null; model?: string | null; choices: Choice[]; usage?: Usage };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isNullish = (value: unknown) => value === null || value === undefined;
const optional = (value: unknown, type: "string" | "number") => isNullish(value) || typeof value === type;

/** The reason a value is not a chunk the SDK's schema accepts, or null when it is one. */
function chunkProblem(value: Record<string, unknown>): string | null {
  if (!optional(value.id, "string") || !optional(value.model, "string") || !optional(value.created, "number")) return "id, model or created has the wrong type";
  if (!Array.isArray(value.choices)) return "choices is not an array";
  for (const choice of value.choices) {
    if (!isObject(choice) || !optional(choice.finish_reason, "string")) return "a choice is not an object with a string finish_reason";
    const delta = choice.delta;
    if (isNullish(delta)) continue;
    if (!isObject(delta)) return "a delta is not an object";
    if (!isNullish(delta.role) && delta.role !== "assistant" && delta.role !== "") return "delta.role is not assistant";
    const content = delta.content;
    if (!isNullish(content) && typeof content !== "string" && !(Array.isArray(content) && content.every((part) => isObject(part) && typeof part.type === "string"))) return "delta.content is neither text nor parts";
    if (!optional(delta.reasoning_content, "string") || !optional(delta.reasoning, "string")) return "delta reasoning is not text";
    if (isNullish(delta.tool_calls)) continue;
    if (!Array.isArray(delta.tool_calls)) return "delta.tool_calls is not an array";
    for (const call of delta.tool_calls) {
      if (!isObject(call) || !optional(call.index, "number") || !optional(call.id, "string") || !isObject(call.function)) return "a tool call delta is malformed";
      if (!optional(call.function.name, "string") || !optional(call.function.arguments, "string")) return "a tool call's name or arguments is not text";
    }
  }
  if (!isNullish(value.usage) && !isObject(value.usage)) return "usage is not an object";
  return null;
}

/** Text and reasoning of a delta's `content` (a string, or parts as some servers send), as the SDK reads it. */
function contentParts(content: unknown): { type: "text" | "reasoning"; text: string }[] {
  if (content == null) return [];
  if (typeof content === "string") return content.length > 0 ? [{ type: "text", text: content }] : [];
  const result: { type: "text" | "reasoning"; text: string }[] = [];
  for (const part of content as Record<string, unknown>[]) {
    if (part.type === "text" && typeof part.text === "string") {
      if (part.text.length > 0) result.push({ type: "text", text: part.text });
    } else if (part.type === "thinking" && Array.isArray(part.thinking)) {
      const text = (part.thinking as unknown[])
        .filter((piece): piece is { type: "text"; text: string } => isObject(piece) && piece.type === "text" && typeof piece.text === "string")
        .map((piece) => piece.text)
        .join("");
      if (text.length > 0) result.push({ type: "reasoning", text });
    }
  }
  return result;
}

export type ChunkMapper = {
  /** One SSE event's data (`[DONE]` is ignored). */
  data(text: string): void;
  /** The stream is over: closes what is open and emits `finish`. */
  end(): void;
  /** Parts emitted since the last call. */
  take(): LanguageModelV3StreamPart[];
};

/**
 * A mapper for one stream. `providerOptionsName` keys the finish part's provider metadata, as the
 * SDK's does (the provider's name, lib/providers/registry.ts).
 */
export function chunkMapper(warnings: SharedV3Warning[], providerOptionsName: string): ChunkMapper {
  let out: LanguageModelV3StreamPart[] = [{ type: "stream-start", warnings }];
  const emit = (part: LanguageModelV3StreamPart) => void out.push(part);
  const tracker = new StreamingToolCallTracker<ToolCallDelta>(
    { enqueue: emit },
    {
      generateId,
      extractMetadata: (delta) => {
        const thoughtSignature = delta.extra_content?.google?.thought_signature;
        return thoughtSignature ? { [providerOptionsName]: { thoughtSignature } } : undefined;
      },
      buildToolCallProviderMetadata: (metadata) => metadata,
    },
  );
  // A call's arguments wait until its name arrives (some servers send them first), as in the SDK.
  const pending = new Map<number, { id: string | null; bufferedArguments: string; extraContent: ToolCallDelta["extra_content"] }>();
  const forwarded = new Set<number>();
  let finishReason: LanguageModelV3FinishReason | undefined;
  let rawFinishReason: string | undefined;
  let usage: Usage;
  let first = true;
  let reasoning = false;
  let text = false;
  let hasRefusal = false;

  const fail = (error: unknown) => {
    finishReason = { unified: "error", raw: undefined };
    emit({ type: "error", error });
  };
  const reasoningDelta = (delta: string) => {
    if (text) emit({ type: "text-end", id: "txt-0" });
    text = false;
    if (!reasoning) emit({ type: "reasoning-start", id: "reasoning-0" });
    reasoning = true;
    emit({ type: "reasoning-delta", id: "reasoning-0", delta });
  };
  const textDelta = (delta: string) => {
    if (reasoning) emit({ type: "reasoning-end", id: "reasoning-0" });
    reasoning = false;
    if (!text) emit({ type: "text-start", id: "txt-0" });
    text = true;
    emit({ type: "text-delta", id: "txt-0", delta });
  };
  const toolCallDelta = (delta: ToolCallDelta) => {
    const index = delta.index;
    if (index == null || forwarded.has(index)) return tracker.processDelta(delta);
    let call = pending.get(index);
    if (!call) pending.set(index, (call = { id: delta.id ?? null, bufferedArguments: "", extraContent: delta.extra_content ?? null }));
    else {
      if (call.id == null && delta.id != null) call.id = delta.id;
      if (call.extraContent == null && delta.extra_content != null) call.extraContent = delta.extra_content;
    }
    if (delta.function?.arguments != null) call.bufferedArguments += delta.function.arguments;
    const name = delta.function?.name;
    if (name != null) {
      tracker.processDelta({ index, id: call.id, function: { name, arguments: call.bufferedArguments }, extra_content: call.extraContent ?? undefined });
      pending.delete(index);
      forwarded.add(index);
    }
  };

  const chunk = (value: Chunk) => {
    if (first) {
      first = false;
      emit({ type: "response-metadata", ...getResponseMetadata(value) });
    }
    if (value.usage != null) usage = value.usage;
    const choice = value.choices[0];
    if (choice?.finish_reason != null) rawFinishReason = choice.finish_reason;
    const delta = choice?.delta;
    if (delta == null) return;
    const thinking = delta.reasoning_content ?? delta.reasoning;
    if (thinking) reasoningDelta(thinking);
    for (const part of contentParts(delta.content)) (part.type === "reasoning" ? reasoningDelta : textDelta)(part.text);
    // Servers send `refusal: false` and the like: only text counts, as in the SDK's schema.
    if (typeof delta.refusal === "string" && delta.refusal.length > 0) {
      hasRefusal = true;
      textDelta(delta.refusal);
    }
    if (delta.tool_calls?.length) {
      if (reasoning) emit({ type: "reasoning-end", id: "reasoning-0" });
      reasoning = false;
      for (const call of delta.tool_calls) toolCallDelta(call);
    }
  };

  return {
    data(data) {
      if (data === "[DONE]") return;
      let value: unknown;
      try {
        // The SDK refuses `__proto__` and `constructor.prototype` keys; only a chunk that has
        // either word pays for its check.
        value = data.includes("__proto__") || data.includes("constructor") ? secureJsonParse(data) : JSON.parse(data);
      } catch (cause) {
        return fail(new JSONParseError({ text: data, cause }));
      }
      if (isObject(value) && isObject(value.error) && typeof value.error.message === "string") return fail(value.error);
      const problem = isObject(value) ? chunkProblem(value) : "not an object";
      if (problem) return fail(new TypeValidationError({ value, cause: new Error(problem) }));
      chunk(value as Chunk);
    },
    end() {
      if (reasoning) emit({ type: "reasoning-end", id: "reasoning-0" });
      if (text) emit({ type: "text-end", id: "txt-0" });
      for (const [index, call] of pending) tracker.processDelta({ index, id: call.id, function: { arguments: call.bufferedArguments } });
      pending.clear();
      tracker.flush();
      if (rawFinishReason != null) finishReason = { unified: mapOpenAICompatibleFinishReason(rawFinishReason, { hasRefusal }), raw: rawFinishReason };
      if (finishReason == null) fail(new InvalidResponseDataError({ data: undefined, message: "Response stream ended without a finish reason." }));
      const metadata: Record<string, Record<string, number>> = { [providerOptionsName]: {} };
      const details = (usage as { completion_tokens_details?: { accepted_prediction_tokens?: number | null; rejected_prediction_tokens?: number | null } | null } | undefined)?.completion_tokens_details;
      if (details?.accepted_prediction_tokens != null) metadata[providerOptionsName]!.acceptedPredictionTokens = details.accepted_prediction_tokens;
      if (details?.rejected_prediction_tokens != null) metadata[providerOptionsName]!.rejectedPredictionTokens = details.rejected_prediction_tokens;
      emit({ type: "finish", finishReason: finishReason!, usage: convertOpenAICompatibleChatUsage(usage), providerMetadata: metadata });
    },
    take() {
      const parts = out;
      out = [];
      return parts;
    },
  };
}
