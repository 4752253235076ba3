import { describe, expect, it } from "vitest";
import { assertionSchema, type AssertionSpec } from "@/lib/assistant-tests/assertion-types";
import { deterministicDeps } from "@/lib/assistant-tests/check-deps";
import { evaluateAssertion, type CheckDeps, type TurnSubject } from "@/lib/assistant-tests/evaluate";

// Every assertion type on a scripted turn: each passes where it should and fails where it should,
// so removing or breaking a check fails a test here.

const subject = (overrides: Partial<TurnSubject> = {}): TurnSubject => ({
  text: "The weather in Oslo is sunny, 21 °C.",
  toolCalls: [],
  usage: { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150, cost: { amount: 0.0004, currency: "USD" } },
  firstTokenMs: 300,
  totalMs: 900,
  responseFormat: null,
  ...overrides,
});

const deps: CheckDeps = {
  ...deterministicDeps,
  judge: async () => '{"reason": "polite", "pass": true, "score": 0.8}',
  embed: async (_model, texts) => texts.map((text) => (text.includes("sunny") ? [1, 0.1] : [0, 1])),
  judgeModel: "judge-1",
  embeddingModel: "embed-1",
};

const check = async (spec: Record<string, unknown>, on: TurnSubject = subject(), using: CheckDeps = deps) => evaluateAssertion(assertionSchema.parse(spec) as AssertionSpec, on, using);
const passes = async (spec: Record<string, unknown>, on?: TurnSubject) => {
  const outcome = await check(spec, on);
  expect({ pass: outcome.pass, errored: outcome.errored }, `${JSON.stringify(spec)}: ${outcome.reason}`).toEqual({ pass: true, errored: undefined });
};
const fails = async (spec: Record<string, unknown>, on?: TurnSubject) => {
  const outcome = await check(spec, on);
  expect(outcome.pass, JSON.stringify(spec)).toBe(false);
  expect(outcome.errored, JSON.stringify(spec)).toBeUndefined();
};

describe("text assertions", () => {
  it("contains / icontains and their not- forms", async () => {
    await passes({ type: "contains", value: "sunny" });
    await fails({ type: "contains", value: "Sunny" });
    await passes({ type: "icontains", value: "SUNNY" });
    await fails({ type: "icontains", value: "rain" });
    await passes({ type: "not-contains", value: "rain" });
    await fails({ type: "not-icontains", value: "OSLO" });
  });

  it("-any and -all", async () => {
    await passes({ type: "contains-any", value: ["rain", "sunny"] });
    await fails({ type: "contains-any", value: ["rain", "snow"] });
    await passes({ type: "icontains-all", value: ["OSLO", "sunny"] });
    const partial = await check({ type: "contains-all", value: ["Oslo", "rain"] });
    expect(partial).toMatchObject({ pass: false, score: 0.5 });
    expect(partial.reason).toContain('"rain"');
  });

  it("equals text or a JSON value, starts-with and regex", async () => {
    await passes({ type: "equals", value: "The weather in Oslo is sunny, 21 °C." });
    await fails({ type: "equals", value: "The weather in Oslo is sunny" });
    await passes({ type: "equals", value: { temp: 21, city: "Oslo" } }, subject({ text: '{"city": "Oslo", "temp": 21}' }));
    await fails({ type: "equals", value: { temp: 22, city: "Oslo" } }, subject({ text: '{"city": "Oslo", "temp": 21}' }));
    await passes({ type: "starts-with", value: "The weather" });
    await fails({ type: "starts-with", value: "weather" });
    await passes({ type: "regex", value: "\\d+ °C" });
    await passes({ type: "regex", value: "OSLO", flags: "i" });
    await fails({ type: "regex", value: "^Oslo" });
  });

  it("stops a backtracking pattern and says why, undecided", async () => {
    const outcome = await check({ type: "regex", value: "^(a+)+$" }, subject({ text: `${"a".repeat(40)}!` }));
    expect(outcome).toMatchObject({ pass: false, errored: true });
    expect(outcome.reason).toContain("250 ms");
  });
});

describe("structure assertions", () => {
  const json = subject({ text: '{"city": "Oslo", "temp": 21}' });
  const schema = { type: "object", properties: { city: { type: "string" }, temp: { type: "number" } }, required: ["city", "temp"] };

  it("is-json, with and without a schema, fenced JSON included", async () => {
    await passes({ type: "is-json" }, json);
    await passes({ type: "is-json" }, subject({ text: '```json\n{"a": 1}\n```' }));
    await fails({ type: "is-json" });
    await passes({ type: "is-json", value: schema }, json);
    const wrong = await check({ type: "is-json", value: { ...schema, required: ["city", "wind"] } }, json);
    expect(wrong).toMatchObject({ pass: false });
    expect(wrong.reason).toContain("wind");
  });

  it("is-json against the run's json_schema response format, undecided without one", async () => {
    const format = { type: "json_schema" as const, json_schema: { name: "weather", schema } };
    await passes({ type: "is-json", value: "response_format" }, { ...json, responseFormat: format });
    await fails({ type: "is-json", value: "response_format" }, subject({ text: '{"city": 3}', responseFormat: format }));
    expect(await check({ type: "is-json", value: "response_format" }, json)).toMatchObject({ errored: true });
  });

  it("contains-json finds JSON inside prose", async () => {
    await passes({ type: "contains-json", value: schema }, subject({ text: 'Here: {"city": "Oslo", "temp": 21} as asked.' }));
    await fails({ type: "contains-json" });
    await fails({ type: "contains-json", value: schema }, subject({ text: 'Here: {"city": "Oslo"}' }));
  });

  it("jsonata on the reply's JSON, or on { text }", async () => {
    await passes({ type: "jsonata", value: 'city = "Oslo" and temp > 20' }, json);
    await fails({ type: "jsonata", value: "temp > 25" }, json);
    await passes({ type: "jsonata", value: '$contains(text, "sunny")' });
    expect(await check({ type: "jsonata", value: "$foo(" }).catch((error: Error) => error.message)).toContain("JSONata");
  });

  it("stops a runaway JSONata expression", async () => {
    const outcome = await check({ type: "jsonata", value: "($f := function($n) { $f($n + 1) }; $f(0))" }, json);
    expect(outcome).toMatchObject({ errored: true });
    expect(outcome.reason).toMatch(/recursed deeper|ran over/);
  });
});

describe("tool assertions", () => {
  const calls = subject({
    toolCalls: [
      { type: "function", name: "get_weather", arguments: '{"city": "Oslo", "unit": "c"}' },
      { type: "function", name: "get_weather", arguments: '{"city": "Paris"}' },
      { type: "file_search", name: "file_search", arguments: "" },
    ],
  });

  it("tool-called by name, times, partial arguments and an arguments schema", async () => {
    await passes({ type: "tool-called", value: "get_weather" }, calls);
    await fails({ type: "tool-called", value: "book_flight" }, calls);
    await passes({ type: "tool-called", value: "get_weather", times: 2 }, calls);
    await fails({ type: "tool-called", value: "get_weather", times: 1 }, calls);
    await passes({ type: "tool-called", value: "get_weather", arguments: { city: "Paris" } }, calls);
    await fails({ type: "tool-called", value: "get_weather", arguments: { city: "Rome" } }, calls);
    await passes({ type: "tool-called", value: "get_weather", arguments: { city: "Oslo" }, times: 1 }, calls);
    await passes({ type: "tool-called", value: "get_weather", arguments_schema: { type: "object", required: ["unit"] } }, calls);
    await fails({ type: "tool-called", value: "get_weather", arguments_schema: { type: "object", required: ["days"] } }, calls);
    await passes({ type: "tool-called", value: "file_search" }, calls);
    await fails({ type: "tool-called" });
  });

  it("tool-not-called and not-tool-called", async () => {
    await passes({ type: "tool-not-called", value: "book_flight" }, calls);
    await fails({ type: "tool-not-called", value: "get_weather" }, calls);
    await passes({ type: "tool-not-called" });
    await fails({ type: "tool-not-called" }, calls);
    await passes({ type: "not-tool-called", value: "code_interpreter" }, calls);
  });
});

describe("budget assertions", () => {
  it("latency (total or first token), tokens and cost at most a threshold", async () => {
    await passes({ type: "latency", threshold: 900 });
    await fails({ type: "latency", threshold: 899 });
    await passes({ type: "latency", value: "first_token", threshold: 300 });
    await fails({ type: "latency", value: "first_token", threshold: 200 });
    await passes({ type: "tokens", threshold: 150 });
    await fails({ type: "tokens", value: "completion", threshold: 29 });
    await passes({ type: "tokens", value: "prompt", threshold: 120 });
    await passes({ type: "cost", threshold: 0.0004 });
    await fails({ type: "cost", threshold: 0.0003 });
  });

  it("is undecided without timings, usage or a price", async () => {
    expect(await check({ type: "latency", threshold: 1 }, subject({ totalMs: null }))).toMatchObject({ errored: true });
    expect(await check({ type: "tokens", threshold: 1 }, subject({ usage: null }))).toMatchObject({ errored: true });
    const unpriced = await check({ type: "cost", threshold: 1 }, subject({ usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
    expect(unpriced).toMatchObject({ errored: true });
    expect(unpriced.reason).toContain("no price");
    // not- leaves an undecided outcome undecided.
    expect(await check({ type: "not-cost", threshold: 1 }, subject({ usage: null }))).toMatchObject({ pass: false, errored: true });
  });
});

describe("judged assertions", () => {
  it("llm-rubric: the judge's verdict, threshold and scale, with the prompt recorded", async () => {
    const outcome = await check({ type: "llm-rubric", value: "Mentions the temperature" });
    expect(outcome).toMatchObject({ pass: true, score: 0.8 });
    expect(outcome.details).toMatchObject({ judge: { model: "judge-1", prompt: [{ role: "system" }, { role: "user", content: expect.stringContaining("Mentions the temperature") }] } });
    await fails({ type: "llm-rubric", value: "x", threshold: 0.9 });
    const strict = { ...deps, judge: async () => 'Verdict: {"reason": "too short", "pass": false, "score": 2}' };
    const onFive = await check({ type: "llm-rubric", value: "x", scale: "1-5" }, subject(), strict);
    expect(onFive).toMatchObject({ pass: false, score: 0.25 });
    expect((await check({ type: "llm-rubric", value: "x", scale: "1-5", threshold: 2 }, subject(), strict)).pass).toBe(true);
    expect(await check({ type: "llm-rubric", value: "x" }, subject(), { ...deps, judge: async () => "I think it is fine." })).toMatchObject({ errored: true });
    expect(await check({ type: "llm-rubric", value: "x" }, subject(), { ...deps, judgeModel: null })).toMatchObject({ errored: true });
    expect(await check({ type: "llm-rubric", value: "x" }, subject(), { ...deps, judge: () => Promise.reject(new Error("HTTP 500")) })).toMatchObject({ errored: true, reason: expect.stringContaining("HTTP 500") });
  });

  it("similar: cosine of the embeddings against a threshold", async () => {
    await passes({ type: "similar", value: "It is sunny in Oslo." });
    await fails({ type: "similar", value: "It rains in Bergen." });
    await passes({ type: "not-similar", value: "It rains in Bergen." });
    expect(await check({ type: "similar", value: "x" }, subject(), { ...deps, embeddingModel: null })).toMatchObject({ errored: true });
  });
});

describe("assertionSchema", () => {
  it("refuses unknown types, missing values and bad patterns, naming the field", () => {
    const problems = (spec: Record<string, unknown>) => assertionSchema.safeParse(spec).error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) ?? [];
    expect(problems({ type: "containz", value: "x" })[0]).toMatch(/^type: 'containz' is not an assertion type/);
    expect(problems({ type: "contains" })[0]).toMatch(/^value: contains takes a string/);
    expect(problems({ type: "contains-any", value: [] })[0]).toMatch(/^value:/);
    expect(problems({ type: "regex", value: "(" })[0]).toMatch(/^value: is not a valid regular expression/);
    expect(problems({ type: "latency" })[0]).toMatch(/^threshold:/);
    expect(problems({ type: "llm-rubric", value: "ok", scale: "1-5", threshold: 6 })[0]).toMatch(/^threshold:/);
    expect(problems({ type: "not-tool-not-called" })[0]).toMatch(/^type:/);
    expect(problems({ type: "jsonata", value: "a +" })[0]).toMatch(/^value: is not a valid JSONata expression/);
    expect(problems({ type: "contains", value: "x", extra: 1 })).toHaveLength(1);
    expect(problems({ type: "is-json", value: { type: "objekt" } })[0]).toMatch(/^value\.type: is not a valid JSON Schema/);
    expect(problems({ type: "tool-called", value: "f", arguments_schema: { required: "city" } })[0]).toMatch(/^arguments_schema\.required: is not a valid JSON Schema/);
  });
});
