import { describe, expect, it } from "vitest";
import { cosine, embedText, featureHash, fnv1a, planEmbeddings, toBase64, words, type EmbeddingPlan } from "./embeddings";

function ok(plan: EmbeddingPlan) {
  if (plan.kind !== "embeddings") throw new Error(`expected embeddings, got ${JSON.stringify(plan)}`);
  return plan;
}

function vectors(plan: EmbeddingPlan): number[][] {
  return ok(plan).response.data.map((d) => d.embedding as number[]);
}

const norm = (v: number[]) => Math.hypot(...v);

describe("embedText", () => {
  it("hashes words with 32-bit FNV-1a", () => {
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
    expect(fnv1a("foobar")).toBe(0xbf9cf968);
    // MurmurHash3's fmix32 on top, so the low bits used as buckets are mixed.
    expect(featureHash("")).toBe(0xab3e7c0b);
    const buckets = ["refund", "policy", "refund policy", "x", "weather", "sunny"].map((f) => featureHash(f) % 4);
    expect(new Set(buckets).size).toBeGreaterThan(1);
    expect(words("Our REFUND-policy: 30 days, café!")).toEqual(["our", "refund", "policy", "30", "days", "café"]);
  });

  it("is a unit float32 vector of 256 non-negative numbers by default, the same every time", () => {
    const v = embedText("our refund policy is 30 days");
    expect(v).toHaveLength(256);
    expect(norm(v)).toBeCloseTo(1, 6);
    expect(v.every((x) => x >= 0 && Math.fround(x) === x)).toBe(true);
    expect(embedText("our refund policy is 30 days")).toEqual(v);
  });

  it("puts each word and word pair in bucket featureHash(feature) mod dimensions", () => {
    const v = embedText("Refund policy", 4096);
    const buckets = ["refund", "policy", "refund policy"].map((f) => featureHash(f) % 4096);
    expect(new Set(buckets).size).toBe(3);
    for (const b of buckets) expect(v[b]).toBe(Math.fround(1 / Math.sqrt(3)));
    expect(v.filter((x) => x > 0)).toHaveLength(3);
  });

  it("ignores case and punctuation, but not word order", () => {
    expect(embedText("Refund, POLICY!")).toEqual(embedText("refund policy"));
    expect(cosine(embedText("refund policy"), embedText("policy refund"))).toBeLessThan(0.99);
  });

  it("ranks texts that share words above texts that do not", () => {
    const query = embedText("refund policy");
    const refund = cosine(query, embedText("our refund policy is 30 days"));
    const weather = cosine(query, embedText("the weather is sunny"));
    const partly = cosine(query, embedText("the refund was sent"));
    expect(refund).toBeGreaterThan(partly);
    expect(partly).toBeGreaterThan(weather);
    expect(weather).toBe(0);
  });

  it("embeds a text without words as a unit vector, not zeros", () => {
    const v = embedText("?!", 8);
    expect(v).toEqual(embedText("", 8));
    expect(norm(v)).toBeCloseTo(1, 6);
  });

  it("base64 is little-endian float32 and decodes to the same numbers", () => {
    const v = embedText("base64 check", 16);
    const bytes = Buffer.from(toBase64(v), "base64");
    expect(bytes).toHaveLength(64);
    expect(Array.from({ length: 16 }, (_, i) => bytes.readFloatLE(i * 4))).toEqual(v);
  });
});

describe("planEmbeddings", () => {
  it("answers a string, strings, a token array and token arrays in OpenAI's shape", () => {
    const plan = ok(planEmbeddings({ model: "scripted-embed", input: "hello world" }));
    expect(plan).toMatchObject({ delayMs: 0, drop: false });
    expect(plan.response).toEqual({
      object: "list",
      data: [{ object: "embedding", index: 0, embedding: embedText("hello world") }],
      model: "scripted-embed",
      usage: { prompt_tokens: 3, total_tokens: 3 },
    });
    expect(vectors(planEmbeddings({ model: "m", input: ["a", "b b"] }))).toEqual([embedText("a"), embedText("b b")]);
    const tokens = ok(planEmbeddings({ model: "m", input: [1, 2, 3] }));
    expect(tokens.response.data.map((d) => d.embedding)).toEqual([embedText("1 2 3")]);
    expect(tokens.response.usage.prompt_tokens).toBe(3);
    const many = ok(planEmbeddings({ model: "m", input: [[1, 2], [3]] }));
    expect(many.response.data.map((d) => d.index)).toEqual([0, 1]);
    expect(many.response.usage.total_tokens).toBe(3);
  });

  it("honours dimensions and encoding_format", () => {
    expect(vectors(planEmbeddings({ model: "m", input: "x", dimensions: 3072 }))[0]).toHaveLength(3072);
    expect(vectors(planEmbeddings({ model: "m", input: "x", dimensions: 1 }))[0]).toEqual([1]);
    const b64 = ok(planEmbeddings({ model: "m", input: "x y", dimensions: 8, encoding_format: "base64" }));
    expect(b64.response.data[0]!.embedding).toBe(toBase64(embedText("x y", 8)));
  });

  it.each([
    ["no model", { input: "x" }, "model", "you must provide a model parameter"],
    ["no input", { model: "m" }, "input", "Missing required parameter: 'input'."],
    ["empty string", { model: "m", input: "" }, null, "(empty string)"],
    ["empty array", { model: "m", input: [] }, null, "non-empty"],
    ["an empty string in an array", { model: "m", input: ["a", ""] }, null, "empty string in the array"],
    ["a number", { model: "m", input: 42 }, null, "non-empty string or array"],
    ["strings and numbers", { model: "m", input: ["a", 1] }, null, "not a mix"],
    ["a negative token", { model: "m", input: [1, -2] }, null, "not a mix"],
    ["an empty token array", { model: "m", input: [[1], []] }, null, "not a mix"],
    ["2049 inputs", { model: "m", input: Array(2049).fill("a") }, null, "array length must be 2048 or less"],
    ["encoding_format int8", { model: "m", input: "x", encoding_format: "int8" }, "encoding_format", "Supported values are: 'float' and 'base64'"],
    ["dimensions 0", { model: "m", input: "x", dimensions: 0 }, "dimensions", "Expected a value >= 1, but got 0"],
    ["dimensions 3073", { model: "m", input: "x", dimensions: 3073 }, "dimensions", "Expected a value <= 3072"],
    ["dimensions 1.5", { model: "m", input: "x", dimensions: 1.5 }, "dimensions", "expected an integer"],
    ["8193 tokens in one input", { model: "m", input: "x".repeat(32_769) }, "input", "Invalid 'input[0]': maximum input length is 8192 tokens."],
    ["320000 tokens in all", { model: "m", input: Array(40).fill("x".repeat(32_000)) }, "input", "Requested 320000 tokens, max 300000"],
    ["a malformed directive", { model: "m", input: ["ok", "[[fail: 42]]"] }, "input", "Invalid scripted-model directive"],
  ])("rejects %s with a 400 naming param %s", (_label, body, param, message) => {
    const plan = planEmbeddings(body);
    expect(plan).toMatchObject({ kind: "error", status: 400, body: { error: { type: "invalid_request_error", param } } });
    expect(plan.kind === "error" && plan.body.error.message).toContain(message);
  });

  it("starts malformed inputs with OpenAI's own wording", () => {
    const plan = planEmbeddings({ model: "m", input: "" });
    expect(plan.kind === "error" && plan.body.error.message).toMatch(/^'\$\.input' is invalid\. Please check the API reference/);
  });

  it("acts on fail, delay and drop in any input and embeds the text without them", () => {
    expect(planEmbeddings({ model: "m", input: ["fine", "boom [[fail: 500]]"] })).toEqual({
      kind: "error",
      status: 500,
      body: { error: { message: "Scripted failure (500)", type: "server_error", param: null, code: null } },
    });
    expect(planEmbeddings({ model: "m", input: "[[fail: 429]]" })).toMatchObject({ status: 429, body: { error: { type: "rate_limit_exceeded" } } });
    const slow = ok(planEmbeddings({ model: "m", input: ["a [[delay: 30]]", "b [[first-delay: 50]]", "c [[drop: 0]]"] }));
    expect(slow).toMatchObject({ delayMs: 50, drop: true });
    expect(vectors(slow)).toEqual([embedText("a"), embedText("b"), embedText("c")]);
    // Other directives are cut out of the text too; unknown double brackets are ordinary text.
    expect(vectors(planEmbeddings({ model: "m", input: "refund [[reply: x]]" }))[0]).toEqual(embedText("refund"));
    expect(vectors(planEmbeddings({ model: "m", input: "[[Main Page]]" }))[0]).toEqual(embedText("main page"));
  });
});
