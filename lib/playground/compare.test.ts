import { describe, expect, it } from "vitest";
import type { AssistantObject } from "@/lib/assistants/wire";
import { columnMetrics, parseStoredColumns, draftChanges, draftOverridesOf, followScroll, lastReply, mockToolOutputs, overrideProblems, variantRunBody, variantTitle, versionRef, wordDiff } from "@/lib/playground/compare";
import type { TimelineItem } from "@/lib/playground/timeline";
import type { RunObject } from "@/lib/runs/wire";

const assistant = {
  id: "asst_1",
  version: 4,
  model: "gpt-4o-mini",
  instructions: "Be brief.",
  temperature: 0.7,
  top_p: null,
  response_format: "auto",
  tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object" } } }],
  mock_outputs: { get_weather: { format: "json", output: '{"sky":"clear"}' } },
} as unknown as AssistantObject;

describe("variants", () => {
  it("a version column pins the run to a number or a label", () => {
    expect(variantRunBody(assistant, { kind: "version", ref: "3" })).toEqual({ assistant_id: "asst_1", assistant_version: 3 });
    expect(variantRunBody(assistant, { kind: "version", ref: "production" })).toEqual({ assistant_id: "asst_1", assistant_version: "production" });
    expect(versionRef("12")).toBe(12);
    expect(versionRef("v12")).toBe("v12");
  });

  it("a draft sends only what it overrides, and the same changes save as a version", () => {
    const overrides = draftOverridesOf(assistant);
    expect(variantRunBody(assistant, { kind: "draft", overrides })).toEqual({ assistant_id: "asst_1" });
    const changed = { ...overrides, model: "gpt-4.1", instructions: "Be thorough.", temperature: "", topP: "0.5", responseFormat: "json_object" as const, tools: false };
    expect(draftChanges(assistant, changed)).toEqual({ model: "gpt-4.1", instructions: "Be thorough.", temperature: null, top_p: 0.5, response_format: { type: "json_object" }, tools: [] });
    // A run cannot take null for "the assistant's": a cleared temperature is no override there.
    expect(variantRunBody(assistant, { kind: "draft", overrides: changed })).toEqual({ assistant_id: "asst_1", model: "gpt-4.1", instructions: "Be thorough.", top_p: 0.5, response_format: { type: "json_object" }, tools: [] });
  });

  it("says what is wrong with overrides", () => {
    expect(overrideProblems({ ...draftOverridesOf(assistant), model: " ", temperature: "3", topP: "x" })).toEqual({ model: expect.any(String), temperature: expect.any(String), topP: expect.any(String) });
    expect(overrideProblems(draftOverridesOf(assistant))).toEqual({});
  });

  it("titles columns by version, label (with its version) or draft model", () => {
    expect(variantTitle({ kind: "version", ref: "2" }, {})).toBe("v2");
    expect(variantTitle({ kind: "version", ref: "production" }, { production: 3 })).toBe("production (v3)");
    expect(variantTitle({ kind: "version", ref: "gone" }, {})).toBe("gone (no such label)");
    expect(variantTitle({ kind: "draft", overrides: { ...draftOverridesOf(assistant), model: "gpt-4.1" } }, {})).toBe("Draft · gpt-4.1");
  });
});

describe("mockToolOutputs", () => {
  const call = (id: string, name: string, output: string | null = null) => ({ id, index: 0, name, arguments: "{}", output });
  it("answers every waiting call with its function's saved mock, as saved", () => {
    expect(mockToolOutputs([call("c1", "get_weather"), call("c0", "get_weather", "done")], assistant.mock_outputs)).toEqual({ ok: true, outputs: [{ tool_call_id: "c1", output: '{"sky":"clear"}' }] });
  });
  it("names the functions without a mock, and sends nothing", () => {
    expect(mockToolOutputs([call("c1", "get_weather"), call("c2", "book"), call("c3", "book")], assistant.mock_outputs)).toEqual({ ok: false, missing: ["book"] });
  });
  it("leaves plugin and MCP calls to the server (they are approved, not answered)", () => {
    const server = { ...call("c2", "calc_add"), server: { type: "mcp" as const, server_label: "calc", tool: "add", status: "awaiting_approval" as const } };
    expect(mockToolOutputs([call("c1", "get_weather"), server], assistant.mock_outputs)).toEqual({ ok: true, outputs: [{ tool_call_id: "c1", output: '{"sky":"clear"}' }] });
  });
});

describe("replies", () => {
  it("finds the last assistant reply", () => {
    const message = (id: string, role: "user" | "assistant", text: string): TimelineItem => ({ kind: "message", key: id, message: { id, role, text } as never });
    expect(lastReply([message("1", "user", "hi"), message("2", "assistant", "hello"), { kind: "outcome", key: "o", runId: "r" }])).toBe("hello");
    expect(lastReply([message("1", "user", "hi")])).toBeNull();
  });
  it("diffs two replies word by word", () => {
    expect(wordDiff("The sky is clear today", "The sky is cloudy today")).toEqual([
      { kind: "same", text: "The sky is " },
      { kind: "removed", text: "clear" },
      { kind: "added", text: "cloudy" },
      { kind: "same", text: " today" },
    ]);
  });
});

describe("followScroll", () => {
  it("moves a column to the same fraction of its own height", () => {
    expect(followScroll({ scrollTop: 500, scrollHeight: 1_500, clientHeight: 500 }, { scrollTop: 0, scrollHeight: 3_500, clientHeight: 500 })).toBe(1_500);
    // A list with nothing to scroll counts as at its end.
    expect(followScroll({ scrollTop: 0, scrollHeight: 400, clientHeight: 500 }, { scrollTop: 0, scrollHeight: 900, clientHeight: 500 })).toBe(400);
    expect(followScroll({ scrollTop: 100, scrollHeight: 600, clientHeight: 500 }, { scrollTop: 0, scrollHeight: 300, clientHeight: 500 })).toBe(0);
  });
});

describe("columnMetrics", () => {
  it("reads the latest run's timings, tokens and cost", () => {
    const run = {
      usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30, cost: { amount: 0.0001, currency: "USD" } },
      timings: { created_at: 1_000, ended_at: 2_000, model_calls: [{ started_at: 1_100, first_token_at: 1_300, ended_at: 1_900, completion_tokens: 10 }] },
    } as unknown as RunObject;
    expect(columnMetrics(run, null)).toEqual({ timeToFirstTokenMs: 300, totalMs: 1_000, promptTokens: 20, completionTokens: 10, tokensPerSecond: 12.5, cost: { amount: 0.0001, currency: "USD" } });
    expect(columnMetrics(null, null)).toBeNull();
    expect(columnMetrics({ ...run, usage: null, timings: null } as unknown as RunObject, null)).toMatchObject({ promptTokens: null, cost: null });
  });
});

describe("parseStoredColumns", () => {
  it("reads back what the view stored, and nothing of another shape", () => {
    const columns = [
      { variant: { kind: "version", ref: "production" }, threadId: "thread_abc123" },
      { variant: { kind: "draft", overrides: draftOverridesOf(assistant) }, threadId: null },
    ];
    expect(parseStoredColumns(JSON.stringify(columns))).toEqual(columns);
    expect(parseStoredColumns(JSON.stringify([{ variant: { kind: "version", ref: "2" }, threadId: "../../etc" }]))).toEqual([{ variant: { kind: "version", ref: "2" }, threadId: null }]);
    expect(parseStoredColumns(JSON.stringify([{ variant: { kind: "draft", overrides: { model: 3 } } }]))).toBeNull();
    expect(parseStoredColumns(JSON.stringify(Array.from({ length: 5 }, () => columns[0])))).toBeNull();
    expect(parseStoredColumns("{not json")).toBeNull();
    expect(parseStoredColumns(null)).toBeNull();
  });
});
