import "server-only";
import { STATUS_CODES } from "node:http";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { APICallError, type LanguageModelV3, type LanguageModelV3CallOptions, type LanguageModelV3StreamPart, type SharedV3Warning } from "@ai-sdk/provider";
import { isAbortError } from "@ai-sdk/provider-utils";
import { createParser } from "eventsource-parser";
import { request } from "undici";
import { chunkMapper } from "@/lib/providers/chat-chunks";
import { ProviderHttpError, withoutKey } from "@/lib/providers/http";
import { providerDispatcher } from "@/lib/providers/provider-fetch";
import { readLimited } from "@/lib/read-limited";

// The direct stream path of a chat completion (ATELIER_PROVIDER_STREAM=direct, the default): the
// request body is the AI SDK's own (its chat model's getArgs: messages, tools, response format,
// provider options), the parts are the SDK's (lib/providers/chat-chunks.ts), but the bytes go
// from undici's `request` (a Node stream) through eventsource-parser's callback parser straight
// to those parts, batched per network read. The SDK's `doStream` runs each chunk through a
// ReadableStream, TextDecoderStream, EventSourceParserStream, a JSON + zod transform and its own
// TransformStream, then the reader: under 200 streams that was ~35% of the app's CPU (V8 profile,
// bench:runs), and `npm run bench:provider` measures both paths side by side. Same rules as the
// SDK's fetch (lib/providers/http.ts): only under the base URL, no redirect followed, and the key
// replaced by its hint in anything an error answer says.

export type PartBatches = AsyncIterable<LanguageModelV3StreamPart[]>;

type SdkChatModel = LanguageModelV3 & {
  getArgs(options: LanguageModelV3CallOptions): Promise<{ args: Record<string, unknown>; warnings: SharedV3Warning[]; metadataKey: string }>;
};

const MAX_ERROR_BODY_BYTES = 1024 * 1024;

/** The request body exactly as `@ai-sdk/openai-compatible`'s `doStream` sends it. */
export async function streamRequestBody(model: LanguageModelV3, options: LanguageModelV3CallOptions): Promise<{ body: Record<string, unknown>; warnings: SharedV3Warning[]; metadataKey: string }> {
  const sdk = model as SdkChatModel;
  // Not in the SDK's types (a TypeScript-private method): the parity test fails first if it goes.
  if (typeof sdk.getArgs !== "function") throw new Error("The AI SDK chat model has no getArgs: set ATELIER_PROVIDER_STREAM=sdk.");
  const { args, warnings, metadataKey } = await sdk.getArgs({ ...options });
  return { body: { ...args, stream: true, stream_options: { include_usage: true } }, warnings, metadataKey };
}

/** The provider's error answer as the SDK reports it: `error.message` when it is OpenAI's shape, else the status text. */
async function answerError(url: string, statusCode: number, headers: Record<string, string>, body: Readable, key: string | undefined, requestBodyValues: unknown): Promise<APICallError> {
  const text = withoutKey(await readLimited(body, MAX_ERROR_BODY_BYTES, () => new ProviderHttpError(`The provider's error answer (HTTP ${statusCode}) is larger than 1 MiB.`)), key ?? null);
  let message: string | undefined;
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === "string") message = parsed.error.message;
  } catch {
    // not JSON: the status says it
  }
  return new APICallError({ message: message ?? statusText(statusCode), url, requestBodyValues, statusCode, responseHeaders: headers, responseBody: text });
}

const statusText = (status: number) => STATUS_CODES[status] ?? `HTTP ${status}`;

/** The body as sent before any content-encoding (undici's `request` returns the bytes as they came; fetch would decode them). */
function decoded(body: Readable, headers: Record<string, string>): Readable {
  const encoding = headers["content-encoding"]?.trim().toLowerCase();
  const decoder = encoding === "gzip" || encoding === "x-gzip" ? createGunzip() : encoding === "br" ? createBrotliDecompress() : encoding === "deflate" ? createInflate() : null;
  if (!decoder) return body;
  body.on("error", (error) => decoder.destroy(error));
  decoder.on("close", () => body.destroy());
  return body.pipe(decoder);
}

const flatHeaders = (headers: Record<string, string | string[] | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(", ") : value]])));

/**
 * POSTs a streamed chat completion to `{baseURL}/chat/completions` and returns its parts in
 * batches. Errors as the SDK's: an answer ≥ 400 → APICallError (before any part), a connection
 * that cannot be made → APICallError "Cannot connect to API", a stream broken midway → thrown from
 * the iteration; an abort → the abort error.
 */
export async function streamChatCompletion(model: LanguageModelV3, connection: { baseURL: string; apiKey?: string; providerOptionsName: string }, options: LanguageModelV3CallOptions): Promise<PartBatches> {
  const { body, warnings } = await streamRequestBody(model, options);
  const url = `${connection.baseURL.replace(/\/+$/, "")}/chat/completions`;
  const signal = options.abortSignal;
  let response: Awaited<ReturnType<typeof request>>;
  try {
    response = await request(url, {
      method: "POST",
      dispatcher: providerDispatcher,
      headers: { "content-type": "application/json", accept: "text/event-stream", ...(connection.apiKey && { authorization: `Bearer ${connection.apiKey}` }) },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted || isAbortError(error)) throw abortError(signal, error);
    const cause = error as Error;
    throw new APICallError({ message: `Cannot connect to API: ${cause.message}`, cause, url, requestBodyValues: body, isRetryable: true });
  }
  const { statusCode } = response;
  const headers = flatHeaders(response.headers);
  if (statusCode >= 300 && statusCode < 400) {
    await response.body.dump().catch(() => {});
    throw new ProviderHttpError(`The provider answered with a redirect (HTTP ${statusCode}); Atelier does not follow redirects with a provider's key. Check the base URL.`);
  }
  const stream = decoded(response.body, headers);
  if (statusCode >= 400) throw await answerError(url, statusCode, headers, stream, connection.apiKey, body);
  return parts(stream, { url, statusCode, headers, body, warnings, providerOptionsName: connection.providerOptionsName, signal });
}

function abortError(signal: AbortSignal | undefined, error: unknown): unknown {
  return signal?.reason instanceof Error ? signal.reason : isAbortError(error) ? error : new DOMException("This operation was aborted", "AbortError");
}

type StreamContext = { url: string; statusCode: number; headers: Record<string, string>; body: unknown; warnings: SharedV3Warning[]; providerOptionsName: string; signal: AbortSignal | undefined };

async function* parts(stream: Readable, context: StreamContext): PartBatches {
  const mapper = chunkMapper(context.warnings, context.providerOptionsName);
  const parser = createParser({ onEvent: (event) => mapper.data(event.data) });
  // A character may be split across reads: the decoder holds its first bytes until the rest come.
  const utf8 = new StringDecoder("utf8");
  try {
    for await (const bytes of stream as AsyncIterable<Buffer>) {
      parser.feed(utf8.write(bytes));
      const batch = mapper.take();
      if (batch.length) yield batch;
    }
  } catch (error) {
    if (context.signal?.aborted || isAbortError(error)) throw abortError(context.signal, error);
    const { url, statusCode, headers, body } = context;
    throw new APICallError({ message: "Failed to process successful response", cause: error, url, requestBodyValues: body, statusCode, responseHeaders: headers });
  } finally {
    // A consumer that stops early (a cancel, a failure part) releases the connection.
    if (!stream.destroyed) stream.on("error", () => {}).destroy();
  }
  mapper.end();
  yield mapper.take();
}

/** The SDK path's stream as batches of one part; cancelling the reader on abort stops a provider that ignores the signal. */
export async function* batchesOf(stream: ReadableStream<LanguageModelV3StreamPart>, signal?: AbortSignal): PartBatches {
  const reader = stream.getReader();
  const onAbort = () => void reader.cancel().catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield [value];
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    reader.releaseLock();
  }
}
