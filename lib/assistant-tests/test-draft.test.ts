import { describe, expect, it } from "vitest";
import { emptyRow, rowFromSpec, specFromRow } from "@/lib/assistant-tests/assertion-form";
import { assertionSchema, type AssertionSpec } from "@/lib/assistant-tests/assertion-types";
import { testCreateSchema } from "@/lib/assistant-tests/schema";
import { draftErrors, draftOf, testOf } from "@/lib/assistant-tests/test-draft";
import { testFromThread } from "@/lib/assistant-tests/from-thread";

// The test editor's rows and drafts, and "Save as test": what a person types becomes the API's
// test (and back, unchanged), problems land on the field they belong to.

const SPECS: AssertionSpec[] = [
  { type: "icontains", value: "  Hello " },
  { type: "not-contains", value: "sorry" },
  { type: "contains-any", value: ["a", "b"] },
  { type: "regex", value: "^\\d+$", flags: "m" },
  { type: "is-json", value: { type: "object", required: ["a"] } },
  { type: "contains-json", value: "response_format" },
  { type: "equals", value: { a: 1 } },
  { type: "equals", value: "[not json" },
  { type: "tool-called", value: "get_weather", arguments: { city: "Oslo" }, times: 1 },
  { type: "tool-not-called" },
  { type: "latency", value: "first_token", threshold: 800 },
  { type: "cost", threshold: 0.01 },
  { type: "llm-rubric", value: "Is polite", threshold: 4, scale: "1-5", model: "judge/m" },
  { type: "similar", value: "Paris", threshold: 0.8 },
];

describe("assertion rows", () => {
  it.each(SPECS)("turn %j into a row and back unchanged", (spec) => {
    const back = specFromRow(rowFromSpec(spec));
    expect(back).toEqual({ ok: true, spec });
    expect(assertionSchema.safeParse(spec).success).toBe(true);
  });

  it("says which option is not JSON or not a number", () => {
    expect(specFromRow({ ...emptyRow("is-json"), value: "{oops" })).toMatchObject({ ok: false, problem: { field: "value" } });
    expect(specFromRow({ ...emptyRow("tool-called"), value: "f", args: "[1," })).toMatchObject({ ok: false, problem: { field: "args" } });
    expect(specFromRow({ ...emptyRow("latency"), threshold: "fast" })).toEqual({ ok: false, problem: { field: "threshold", message: "must be a number" } });
  });

  it("keeps spaces in text checks, one item per line in lists, and leaves options out when empty", () => {
    expect(specFromRow({ ...emptyRow("contains-all"), value: " a \n\n b" })).toEqual({ ok: true, spec: { type: "contains-all", value: ["a", "b"] } });
    expect(specFromRow({ ...emptyRow("tool-not-called"), negate: true })).toEqual({ ok: true, spec: { type: "tool-not-called" } });
  });
});

describe("test drafts", () => {
  const test = {
    name: "weather",
    tags: ["a", "b"],
    turns: [{ role: "user" as const, content: "hi", overrides: { temperature: 0 }, assertions: [{ type: "tool-called", value: "f" }] }],
    mock_outputs: { f: { format: "text" as const, output: "x" } },
    assertions: [{ type: "icontains", value: "ok" }],
  };

  it("edits a test and saves it as it was", () => {
    const result = testOf(draftOf(test));
    expect(result).toEqual({ ok: true, test });
    expect(testCreateSchema.parse((result as { test: unknown }).test)).toEqual(test);
    expect(testOf(draftOf(null))).toEqual({ ok: true, test: { name: "", tags: [], turns: [{ role: "user", content: "" }], mock_outputs: null, assertions: [] } });
  });

  it("puts JSON problems on their field, and the server's errors on the same keys", () => {
    const draft = draftOf(test);
    draft.turns[0]!.overrides = "{";
    draft.mocks = "nope";
    draft.assertions[0] = { ...emptyRow("is-json"), value: "{" };
    const result = testOf(draft);
    expect(result.ok).toBe(false);
    expect(Object.keys((result as { errors: object }).errors).sort()).toEqual(["assertions.0", "mock_outputs", "turns.0.overrides"]);
    expect(draftErrors({ "test.turns.0.assertions.1.value": ["takes a name"], "test.assertions.2.type": ["is not a type"], "test.mock_outputs.f.output": ["bad"], "test.name": ["must not be empty"] })).toEqual({
      "turns.0.assertions.1": "value: takes a name",
      "assertions.2": "is not a type",
      mock_outputs: "bad",
      name: "must not be empty",
    });
  });
});

describe("save as test", () => {
  it("makes the user messages turns, function outputs mocks, and suggests what was called and JSON", () => {
    const test = testFromThread(
      [
        { role: "user", text: "What is the weather in Oslo today, and should I bring an umbrella to the office?", runId: null, attachments: null },
        { role: "assistant", text: "It is 21 degrees.", runId: "run_1", attachments: null },
        { role: "user", text: "As JSON", runId: null, attachments: [{ file_id: "file-1", tools: [{ type: "file_search" }] }] },
        { role: "assistant", text: '{"temp": 21}', runId: "run_2", attachments: null },
      ],
      [
        { runId: "run_1", name: "get_weather", output: '{"temp": 21}' },
        { runId: "run_1", name: "get_time", output: "noon" },
        { runId: "run_9", name: "unanswered", output: null },
      ],
    );
    expect(test).toEqual({
      name: "What is the weather in Oslo today, and should I bring an um…",
      tags: [],
      turns: [
        { role: "user", content: "What is the weather in Oslo today, and should I bring an umbrella to the office?", assertions: [{ type: "tool-called", value: "get_weather" }, { type: "tool-called", value: "get_time" }] },
        { role: "user", content: "As JSON", attachments: [{ file_id: "file-1", tools: [{ type: "file_search" }] }] },
      ],
      mock_outputs: { get_weather: { format: "json", output: '{"temp": 21}' }, get_time: { format: "text", output: "noon" } },
      assertions: [{ type: "is-json" }],
    });
    expect(testCreateSchema.safeParse(test).success).toBe(true);
  });
});
