// /v1/embeddings and the [[search]] / [[cite]] round trip over real HTTP, through the official openai
// SDK (and fetch where the SDK would hide the wire), as file ingestion and file_search will use them.
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cosine } from "./embeddings";
import { startScriptedModel, type ScriptedModel } from "./server";

let model: ScriptedModel;
let client: OpenAI;

beforeAll(async () => {
  model = await startScriptedModel();
  client = new OpenAI({ baseURL: model.url, apiKey: "x", maxRetries: 0 });
});
afterAll(() => model.close());
beforeEach(() => model.clear());

const DOCS = ["our refund policy is 30 days", "the weather is sunny"];

async function post(body: unknown) {
  const response = await fetch(`${model.url}/embeddings`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw wire bodies
}

describe("/v1/embeddings", () => {
  it("answers in OpenAI's shape with float vectors that rank by shared words", async () => {
    const { status, json } = await post({ model: "scripted-embed", input: ["refund policy", ...DOCS], encoding_format: "float" });
    expect(status).toBe(200);
    expect(json).toMatchObject({ object: "list", model: "scripted-embed", usage: { prompt_tokens: 4 + 7 + 5, total_tokens: 16 } });
    expect(json.data.map((d: { object: string; index: number }) => [d.object, d.index])).toEqual([
      ["embedding", 0],
      ["embedding", 1],
      ["embedding", 2],
    ]);
    const [query, refund, weather] = json.data.map((d: { embedding: number[] }) => d.embedding) as number[][];
    expect(query).toHaveLength(256);
    expect(cosine(query!, refund!)).toBeGreaterThan(0.5);
    expect(cosine(query!, weather!)).toBeLessThan(0.1);
  });

  it("is deterministic across requests and through the SDK's default base64 path", async () => {
    const viaSdk = await client.embeddings.create({ model: "scripted-embed", input: DOCS });
    expect(model.requests.at(-1)!.body.encoding_format).toBe("base64"); // the SDK asks for base64 and decodes it
    const viaFloat = await client.embeddings.create({ model: "scripted-embed", input: DOCS, encoding_format: "float" });
    expect(viaSdk.data.map((d) => d.embedding)).toEqual(viaFloat.data.map((d) => d.embedding));
    const again = await client.embeddings.create({ model: "scripted-embed", input: DOCS, encoding_format: "float" });
    expect(again.data).toEqual(viaFloat.data);
  });

  it("sends base64 as little-endian float32 bytes that decode to the float answer", async () => {
    const body = { model: "scripted-embed", input: "refund policy", dimensions: 32 };
    const b64 = await post({ ...body, encoding_format: "base64" });
    const floats = await post(body);
    expect(typeof b64.json.data[0].embedding).toBe("string");
    const bytes = Buffer.from(b64.json.data[0].embedding as string, "base64");
    expect(bytes).toHaveLength(32 * 4);
    const decoded = Array.from({ length: 32 }, (_, i) => bytes.readFloatLE(i * 4));
    expect(decoded).toEqual(floats.json.data[0].embedding);
  });

  it("honours dimensions and embeds token arrays", async () => {
    const sized = await client.embeddings.create({ model: "scripted-embed", input: "x", dimensions: 1536 });
    expect(sized.data[0]!.embedding).toHaveLength(1536);
    const tokens = await client.embeddings.create({ model: "scripted-embed", input: [[9906, 1917], [9906]], encoding_format: "float" });
    expect(tokens.data).toHaveLength(2);
    expect(tokens.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    expect(cosine(tokens.data[0]!.embedding, tokens.data[1]!.embedding)).toBeGreaterThan(0.4);
  });

  it("rejects bad input with OpenAI-shaped 400s", async () => {
    for (const input of ["", [], Array(2049).fill("a"), ["a", 1], { text: "a" }]) {
      const error = await client.embeddings.create({ model: "scripted-embed", input: input as string }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error).toMatchObject({ status: 400, type: "invalid_request_error", message: expect.stringContaining("'$.input' is invalid") });
    }
    const dims = await post({ model: "scripted-embed", input: "x", dimensions: 0 });
    expect(dims).toMatchObject({ status: 400, json: { error: { param: "dimensions", code: "integer_below_min_value" } } });
    expect((await post("{nope")).status).toBe(400);
    expect((await post({ input: "x" })).json.error.message).toBe("you must provide a model parameter");
  });

  it("[[fail]], [[delay]] and [[drop]] in an input fail, slow or cut the request", async () => {
    const failed = await client.embeddings.create({ model: "scripted-embed", input: ["fine", "chunk [[fail: 500]]"] }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failed).toMatchObject({ status: 500, type: "server_error", message: expect.stringContaining("Scripted failure (500)") });
    const limited = await client.embeddings.create({ model: "scripted-embed", input: "[[fail: 429]]" }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    const started = Date.now();
    await client.embeddings.create({ model: "scripted-embed", input: "slow [[delay: 120]]" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    const dropped = await client.embeddings.create({ model: "scripted-embed", input: "[[drop: 0]]" }).catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(model.requests.map((r) => r.path)).toEqual(Array(4).fill("/v1/embeddings"));
  });

  it("needs the API key like the rest of /v1", async () => {
    const guarded = await startScriptedModel({ apiKey: "sekrit" });
    try {
      const wrong = new OpenAI({ baseURL: guarded.url, apiKey: "nope", maxRetries: 0 });
      await expect(wrong.embeddings.create({ model: "scripted-embed", input: "x" })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
      const right = new OpenAI({ baseURL: guarded.url, apiKey: "sekrit", maxRetries: 0 });
      expect((await right.embeddings.create({ model: "scripted-embed", input: "x" })).data).toHaveLength(1);
    } finally {
      await guarded.close();
    }
  });
});

describe("[[search]] and [[cite]]", () => {
  const tools: OpenAI.ChatCompletionTool[] = [
    { type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } },
    {
      type: "function",
      function: { name: "file_search", parameters: { type: "object", properties: { query: { type: "string" } } } },
    },
  ];
  const question = "What is the refund policy? [[search: refund policy]] [[cite]]";
  const results = [
    { file_id: "file-refunds", filename: "refunds.md", marker: "【4:0†source】", text: "Our refund policy is 30 days from delivery." },
    { file_id: "file-faq", filename: "faq.md", marker: "【4:1†source】", text: "Refunds go back to the original card." },
  ];

  it("calls the offered search function, then answers quoting each result with its marker", async () => {
    const first = await client.chat.completions.create({ model: "scripted-1", messages: [{ role: "user", content: question }], tools });
    expect(first.choices[0]!.finish_reason).toBe("tool_calls");
    const call = first.choices[0]!.message.tool_calls![0]!;
    if (call.type !== "function") throw new Error("expected a function call");
    expect(call.function).toEqual({ name: "file_search", arguments: '{"query":"refund policy"}' });

    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: "user", content: question },
      first.choices[0]!.message,
      { role: "tool", tool_call_id: call.id, content: JSON.stringify({ results }) },
    ];
    const expected =
      "According to the documents: Our refund policy is 30 days from delivery. 【4:0†source】 Refunds go back to the original card. 【4:1†source】";
    const answer = await client.chat.completions.create({ model: "scripted-1", messages, tools });
    expect(answer.choices[0]).toMatchObject({ message: { content: expected }, finish_reason: "stop" });

    const stream = await client.chat.completions.create({ model: "scripted-1", messages, tools, stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe(expected);
  });

  it("answers in text when no search function is offered", async () => {
    const completion = await client.chat.completions.create({
      model: "scripted-1",
      messages: [{ role: "user", content: question }],
      tools: tools.slice(0, 1),
    });
    expect(completion.choices[0]).toMatchObject({
      message: { content: "No search tool was offered (offered: get_time)." },
      finish_reason: "stop",
    });
    expect(completion.choices[0]!.message.tool_calls).toBeUndefined();
  });
});
