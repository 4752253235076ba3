import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchesOf, streamChatCompletion, type PartBatches } from "@/lib/providers/chat-stream";
import { baseBoundFetch } from "@/lib/providers/http";

// The direct stream path must be the AI SDK's doStream without its Web-stream layers: the same
// request body and headers, the same parts in the same order, the same errors. Each case below is
// served over real HTTP, read by both paths (the SDK's through the fetch production gives it), and
// compared. A case that differs is a bug in lib/providers/chat-chunks.ts or chat-stream.ts.

const KEY = "sk-parity-secret-key-123456";
const sse = (...events: unknown[]) => events.map((event) => `data: ${typeof event === "string" ? event : JSON.stringify(event)}\n\n`).join("");
const chunk = (delta: Record<string, unknown> | null, finish: string | null = null, extra: Record<string, unknown> = {}) => ({ id: "chatcmpl-1", created: 1_700_000_000, model: "m", choices: [{ index: 0, delta, finish_reason: finish }], ...extra });
const usage = { id: "chatcmpl-1", created: 1_700_000_000, model: "m", choices: [], usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17, prompt_tokens_details: { cached_tokens: 2 }, completion_tokens_details: { reasoning_tokens: 1, accepted_prediction_tokens: 3, rejected_prediction_tokens: 1 } } };

type Case = { status?: number; headers?: Record<string, string>; body: string | Buffer; split?: boolean; dropAfter?: number };

const CASES: Record<string, Case> = {
  text: { body: sse(chunk({ role: "assistant", content: "" }), chunk({ content: "Hel" }), chunk({ content: "lo" }), chunk({}, "stop"), usage, "[DONE]") },
  "text split byte by byte, CRLF and comments": { body: `: keep-alive\r\n\r\n${sse(chunk({ content: "a€b" }), chunk({}, "stop")).replaceAll("\n", "\r\n")}data: [DONE]\r\n\r\n`, split: true },
  reasoning: { body: sse(chunk({ reasoning_content: "think " }), chunk({ reasoning: "more" }), chunk({ content: "answer" }), chunk({ reasoning_content: "again" }), chunk({}, "stop"), "[DONE]") },
  refusal: { body: sse(chunk({ refusal: "I can't" }), chunk({ refusal: false }), chunk({}, "stop"), "[DONE]") },
  "content parts and thinking": { body: sse(chunk({ content: [{ type: "thinking", thinking: [{ type: "text", text: "hmm" }] }, { type: "text", text: "yes" }, { type: "image" }] }), chunk({}, "stop"), "[DONE]") },
  "parallel tool calls": {
    body: sse(
      chunk({ content: "Let me look. " }),
      chunk({ tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "get_weather", arguments: "" } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      chunk({ tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "get_time", arguments: '{"tz":"UTC"}' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
      chunk({}, "tool_calls"),
      usage,
      "[DONE]",
    ),
  },
  "arguments before the name": { body: sse(chunk({ tool_calls: [{ index: 0, id: "call_x", function: { arguments: '{"a":' } }] }), chunk({ tool_calls: [{ index: 0, function: { name: "f", arguments: "1}" } }] }), chunk({}, "tool_calls"), "[DONE]") },
  "arguments that never get a name": { body: sse(chunk({ tool_calls: [{ index: 0, id: "call_y", function: { arguments: "{}" } }] }), chunk({}, "tool_calls"), "[DONE]") },
  "tool call without index": { body: sse(chunk({ tool_calls: [{ id: "call_g", function: { name: "g", arguments: '{"x":1}' }, extra_content: { google: { thought_signature: "sig" } } }] }), chunk({}, "tool_calls"), "[DONE]") },
  "length finish": { body: sse(chunk({ content: "cut" }), chunk({}, "length"), "[DONE]") },
  "error chunk": { body: sse(chunk({ content: "par" }), { error: { message: "The server is overloaded", type: "server_error", code: 503 } }, "[DONE]") },
  "malformed JSON": { body: sse(chunk({ content: "x" }), "{not json", chunk({}, "stop"), "[DONE]") },
  "wrong shape": { body: sse(chunk({ content: "x" }), { choices: "nope" }, { choices: [{ delta: { content: 5 } }] }, chunk({}, "stop"), "[DONE]") },
  "no finish reason": { body: sse(chunk({ content: "x" }), "[DONE]") },
  "prototype keys": { body: sse(chunk({ content: "p" }), `{"choices":[],"__proto__":{"polluted":true}}`, `{"choices":[],"constructor":{"prototype":{"x":1}}}`, chunk({ content: "constructor" }), chunk({}, "stop"), "[DONE]") },
  gzipped: { headers: { "content-encoding": "gzip" }, body: gzipSync(sse(chunk({ content: "zipped" }), chunk({}, "stop"), "[DONE]")) },
  "400 quoting the key": { status: 400, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}`, type: "invalid_request_error", code: "invalid_api_key" } }) },
  "429": { status: 429, headers: { "content-type": "application/json" }, body: JSON.stringify({ error: { message: "Rate limit reached", type: "rate_limit_exceeded" } }) },
  "500 without a body": { status: 500, body: "" },
  "503 with HTML": { status: 503, headers: { "content-type": "text/html" }, body: "<html>down</html>" },
  "302 redirect": { status: 302, headers: { location: "http://127.0.0.1:1/steal" }, body: "" },
  "stream cut midway": { body: sse(chunk({ content: "half" }), chunk({ content: " more" })), dropAfter: 1 },
};

let server: Server;
let baseURL: string;
const requests: { body: unknown; headers: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", async () => {
      const body = JSON.parse(Buffer.concat(parts).toString("utf8")) as { model: string };
      requests.push({ body, headers: { authorization: req.headers.authorization, "content-type": req.headers["content-type"] } });
      const served = CASES[body.model]!;
      res.writeHead(served.status ?? 200, { "content-type": "text/event-stream", ...served.headers });
      const bytes = Buffer.from(served.body);
      if (served.dropAfter !== undefined) {
        res.write(bytes.subarray(0, bytes.indexOf("\n\n") + 2), () => setTimeout(() => res.destroy(), 20));
        return;
      }
      if (!served.split) return res.end(bytes);
      for (const byte of bytes) {
        res.write(Buffer.from([byte]));
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The model as lib/providers/registry.ts makes it (same settings and fetch). */
const modelFor = (modelId: string, base = baseURL): LanguageModelV3 =>
  createOpenAICompatible({ name: "atelier", baseURL: base, apiKey: KEY, includeUsage: true, supportsStructuredOutputs: true, fetch: baseBoundFetch(base) }).chatModel(modelId);

const OPTIONS: Omit<LanguageModelV3CallOptions, "abortSignal"> = {
  prompt: [
    { role: "system", content: "Be brief." },
    { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
  ],
  tools: [{ type: "function", name: "get_weather", description: "Weather", inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }, strict: true }],
  toolChoice: { type: "auto" },
  responseFormat: { type: "json", schema: { type: "object", properties: { a: { type: "string" } } }, name: "out" },
  temperature: 0.3,
  topP: 0.9,
  maxOutputTokens: 200,
  providerOptions: { atelier: { parallel_tool_calls: false, top_k: 5, strictJsonSchema: true, reasoningEffort: "low" } },
};

type Outcome = { parts: unknown[]; error: Record<string, unknown> | null };

/** Parts with what may legitimately differ made comparable: generated ids numbered, errors by name and message. */
function normalized(parts: LanguageModelV3StreamPart[], error: unknown): Outcome {
  const ids = new Map<string, string>();
  const id = (value: string) => (value.startsWith("call_") ? value : (ids.get(value) ?? (ids.set(value, `generated-${ids.size}`), `generated-${ids.size - 1}`)));
  const describe = (value: unknown) => {
    const e = value as { name?: string; message?: string; statusCode?: number; responseBody?: string; isRetryable?: boolean };
    // A chunk of the wrong shape: the SDK's message quotes zod's issues, ours names the field; the error is the same kind.
    const message = e?.name === "AI_TypeValidationError" ? e.message?.split("Error message:")[0] : e?.message;
    return { name: e?.name, message, statusCode: e?.statusCode, responseBody: e?.responseBody, isRetryable: e?.isRetryable };
  };
  return {
    parts: parts.map((part) => {
      if (part.type === "error") return { type: "error", error: describe(part.error) };
      if (part.type === "tool-input-start" || part.type === "tool-input-delta" || part.type === "tool-input-end") return { ...part, id: id(part.id) };
      if (part.type === "tool-call") return { ...part, toolCallId: id(part.toolCallId) };
      return part;
    }),
    error: error === null ? null : describe(error),
  };
}

async function collect(start: () => Promise<PartBatches>): Promise<Outcome> {
  const parts: LanguageModelV3StreamPart[] = [];
  try {
    for await (const batch of await start()) parts.push(...batch);
    return normalized(parts, null);
  } catch (error) {
    return normalized(parts, error);
  }
}

const viaSdk = (model: LanguageModelV3, signal = new AbortController().signal) => collect(async () => batchesOf((await model.doStream({ ...OPTIONS, abortSignal: signal })).stream, signal));
const viaDirect = (model: LanguageModelV3, base = baseURL, signal = new AbortController().signal) => collect(() => streamChatCompletion(model, { baseURL: base, apiKey: KEY, providerOptionsName: "atelier" }, { ...OPTIONS, abortSignal: signal }));

describe("the direct stream path against the AI SDK's doStream", () => {
  it.each(Object.keys(CASES))("%s: same request, same parts, same error", async (name) => {
    requests.length = 0;
    const model = modelFor(name);
    const sdk = await viaSdk(model);
    const direct = await viaDirect(model);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.body).toEqual(requests[0]!.body);
    expect(requests[1]!.headers).toEqual(requests[0]!.headers);
    expect(direct.parts).toEqual(sdk.parts);
    if (name === "stream cut midway") {
      // The SDK's error comes from its Web-stream layers, ours from undici's request: both are an APICallError thrown after the same parts.
      expect(sdk.error).toMatchObject({ name: "AI_APICallError" });
      expect(direct.error).toMatchObject({ name: "AI_APICallError", message: "Failed to process successful response" });
    } else {
      expect(direct.error).toEqual(sdk.error);
    }
    expect(JSON.stringify(direct)).not.toContain(KEY);
  });

  it("sends the request body the SDK sends (tools, response format, provider options, stream options)", async () => {
    requests.length = 0;
    await viaDirect(modelFor("text"));
    expect(requests[0]!.body).toMatchObject({
      model: "text",
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 200,
      temperature: 0.3,
      top_p: 0.9,
      parallel_tool_calls: false,
      top_k: 5,
      reasoning_effort: "low",
      response_format: { type: "json_schema", json_schema: { name: "out", strict: true } },
      tools: [{ type: "function", function: { name: "get_weather", strict: true } }],
      tool_choice: "auto",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Weather in Paris?" },
      ],
    });
    expect(requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("a provider that cannot be reached: the same APICallError, retryable", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/v1`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const sdk = await viaSdk(modelFor("text", base));
    const direct = await viaDirect(modelFor("text", base), base);
    expect(direct.error).toEqual(sdk.error);
    expect(direct.error).toMatchObject({ name: "AI_APICallError", isRetryable: true, message: expect.stringMatching(/^Cannot connect to API: .*ECONNREFUSED/) });
  });

  it("an abort mid-stream ends the iteration with the abort reason", async () => {
    const controller = new AbortController();
    const reason = new Error("stopped by the watchdog");
    const batches = await streamChatCompletion(modelFor("text split byte by byte, CRLF and comments"), { baseURL, apiKey: KEY, providerOptionsName: "atelier" }, { ...OPTIONS, abortSignal: controller.signal });
    const seen: LanguageModelV3StreamPart[] = [];
    const error = await (async () => {
      for await (const batch of batches) {
        seen.push(...batch);
        controller.abort(reason);
      }
    })().catch((caught: unknown) => caught);
    expect(error).toBe(reason);
    expect(seen.some((part) => part.type === "finish")).toBe(false);
  });
});
