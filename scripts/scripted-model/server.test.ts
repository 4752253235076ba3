// The scripted model over real HTTP, driven by the official openai SDK (and fetch where the SDK
// hides the wire), as the run engine and its tests will use it.
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startScriptedModel, type ScriptedModel } from "./server";

let model: ScriptedModel;
let client: OpenAI;

beforeAll(async () => {
  model = await startScriptedModel();
  client = new OpenAI({ baseURL: model.url, apiKey: "x", maxRetries: 0 });
});
afterAll(() => model.close());
beforeEach(() => model.clear());

const ask = (content: string) => [{ role: "user" as const, content }];

async function collect(content: string, extra: Record<string, unknown> = {}) {
  const stream = await client.chat.completions.create({
    model: "scripted-1",
    messages: ask(content),
    stream: true,
    stream_options: { include_usage: true },
    ...extra,
  });
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
  const contentChunks = chunks.filter((c) => c.choices[0]?.delta.content).length;
  return { chunks, text, contentChunks };
}

describe("scripted model over HTTP", () => {
  it("has an OpenAI-shaped URL and lists its models", async () => {
    expect(model.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(model.url).toBe(`http://127.0.0.1:${model.port}/v1`);
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(["scripted-1", "scripted-small", "scripted-embed"]);
    expect(models.data[0]).toMatchObject({ object: "model", owned_by: "atelier-scripted", created: expect.any(Number) });
  });

  it("echoes without streaming", async () => {
    const completion = await client.chat.completions.create({ model: "scripted-small", messages: ask("Hello there") });
    expect(completion).toMatchObject({
      object: "chat.completion",
      model: "scripted-small",
      choices: [{ index: 0, message: { role: "assistant", content: "You said: Hello there" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 6, completion_tokens: 4, total_tokens: 10 },
    });
    expect(completion.id).toMatch(/^chatcmpl-/);
  });

  it("echoes as a stream, with usage when include_usage is set", async () => {
    const { chunks, text } = await collect("Hello there");
    expect(text).toBe("You said: Hello there");
    expect(chunks[0]!.choices[0]!.delta.role).toBe("assistant");
    expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.model === "scripted-1")).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    expect(finish!.choices[0]!.finish_reason).toBe("stop");
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 6, completion_tokens: 4, total_tokens: 10 } });
  });

  it("streams the raw SSE format and ends with [DONE]", async () => {
    const response = await fetch(`${model.url}/chat/completions`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ model: "scripted-1", messages: ask("[[reply: ok]]"), stream: true }),
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = (await response.text()).split("\n\n").filter(Boolean);
    expect(events.every((e) => e.startsWith("data: "))).toBe(true);
    expect(events.at(-1)).toBe("data: [DONE]");
    expect(events).toHaveLength(4); // role, "ok", finish, [DONE]: no usage chunk unless asked for
  });

  it("replies exactly with [[reply]], JSON included", async () => {
    const completion = await client.chat.completions.create({
      model: "scripted-1",
      messages: ask('Classify this. [[reply: {"label":"spam"}]]'),
      response_format: { type: "json_object" },
    });
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ label: "spam" });
  });

  it("streams [[tokens: 50]] as 50 content chunks", async () => {
    const { text, contentChunks, chunks } = await collect("[[tokens: 50]]");
    expect(contentChunks).toBe(50);
    expect(text.split(" ")).toHaveLength(50);
    expect(text.startsWith("tok1 tok2 ")).toBe(true);
    expect(chunks.at(-1)!.usage!.completion_tokens).toBe(50);
  });

  it("[[delay]] spaces the chunks out and [[first-delay]] holds the first", async () => {
    let started = Date.now();
    await collect("[[tokens: 5]] [[delay: 60]]");
    expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 60 - 5);
    started = Date.now();
    await client.chat.completions.create({ model: "scripted-1", messages: ask("[[first-delay: 150]]") });
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("max_tokens truncates with finish_reason length", async () => {
    const completion = await client.chat.completions.create({
      model: "scripted-1",
      messages: ask("[[tokens: 20]]"),
      max_tokens: 5,
    });
    expect(completion.choices[0]).toMatchObject({ message: { content: "tok1 tok2 tok3 tok4 tok5" }, finish_reason: "length" });
    const streamed = await collect("[[tokens: 20]]", { max_completion_tokens: 3 });
    expect(streamed.contentChunks).toBe(3);
    expect(streamed.chunks.find((c) => c.choices[0]?.finish_reason)!.choices[0]!.finish_reason).toBe("length");
  });

  it("records requests in process and over HTTP, and clears them", async () => {
    await client.chat.completions.create({ model: "scripted-1", messages: ask("one"), temperature: 0.2 });
    await client.chat.completions.create({ model: "scripted-1", messages: ask("two") });
    expect(model.requests.map((r) => r.body.messages[0].content)).toEqual(["one", "two"]);
    expect(model.requests[0]).toMatchObject({ path: "/v1/chat/completions", authorization: "Bearer x" });
    expect(model.requests[0]!.body.temperature).toBe(0.2);
    const origin = new URL(model.url).origin;
    const log = (await (await fetch(`${origin}/__scripted/requests`)).json()) as { data: { body: { messages: unknown[] } }[] };
    expect(log.data).toHaveLength(2);
    expect(log.data[1]!.body.messages).toEqual(ask("two"));
    expect((await fetch(`${origin}/__scripted/requests`, { method: "DELETE" })).status).toBe(204);
    expect(model.requests).toEqual([]);
  });

  it("answers unknown paths with 404 and invalid JSON with 400, OpenAI-style", async () => {
    const missing = await fetch(`${model.url}/audio/speech`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { message: expect.any(String), type: "invalid_request_error" } });
    const bad = await fetch(`${model.url}/chat/completions`, { method: "POST", body: "{not json" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { type: "invalid_request_error" } });
    await expect(client.chat.completions.create({ model: "scripted-1", messages: ask("[[tokens: lots]]") })).rejects.toMatchObject({
      status: 400,
    });
  });
});

describe("api key and shutdown", () => {
  it("enforces the api key when one is given", async () => {
    const guarded = await startScriptedModel({ apiKey: "sekrit" });
    try {
      const wrong = new OpenAI({ baseURL: guarded.url, apiKey: "nope", maxRetries: 0 });
      const error = await wrong.models.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect(error).toMatchObject({ status: 401, code: "invalid_api_key", type: "invalid_request_error" });
      const right = new OpenAI({ baseURL: guarded.url, apiKey: "sekrit", maxRetries: 0 });
      const completion = await right.chat.completions.create({ model: "scripted-1", messages: ask("hi") });
      expect(completion.choices[0]!.message.content).toBe("You said: hi");
      // The control endpoints stay open; unauthorised attempts are recorded too.
      await wrong.chat.completions.create({ model: "scripted-1", messages: ask("x") }).catch(() => undefined);
      const log = (await (await fetch(`${new URL(guarded.url).origin}/__scripted/requests`)).json()) as {
        data: { authorization: string | null }[];
      };
      expect(log.data.map((r) => r.authorization)).toEqual(["Bearer sekrit", "Bearer nope"]);
    } finally {
      await guarded.close();
    }
  });

  it("close() resolves promptly while a slow stream is in flight", async () => {
    const slow = await startScriptedModel();
    const slowClient = new OpenAI({ baseURL: slow.url, apiKey: "x", maxRetries: 0 });
    const stream = await slowClient.chat.completions.create({
      model: "scripted-1",
      messages: ask("[[tokens: 100]] [[delay: 1000]]"),
      stream: true,
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next(); // the role chunk
    await iterator.next(); // tok1; tok2 is a second away
    const started = Date.now();
    await slow.close();
    expect(Date.now() - started).toBeLessThan(500);
    await expect(iterator.next()).rejects.toThrow();
  });
});
