import { describe, expect, it } from "vitest";
import { callOutcome, foldPart, initialFold, type FoldEffect, type FoldState } from "@/lib/runs/fold";
import { textParts, toolParts } from "@/lib/runs/testing/fake-io";
import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";

function foldAll(parts: LanguageModelV3StreamPart[]): { state: FoldState; effects: FoldEffect[] } {
  let state = initialFold();
  const effects: FoldEffect[] = [];
  parts.forEach((part, index) => {
    const [next, out] = foldPart(state, part, 1000 + index);
    state = next;
    effects.push(...out);
  });
  return { state, effects };
}

describe("foldPart", () => {
  it("collects text, opens the message once, stamps the first token and usage", () => {
    const { state, effects } = foldAll(textParts("a", "", "b"));
    expect(state.text).toBe("ab");
    expect(effects).toEqual([{ type: "text", delta: "a", open: true }, { type: "text", delta: "b", open: false }]);
    expect(state.firstTokenAt).toBe(1002); // the first non-empty delta, not stream-start
    expect(state.usage).toEqual({ prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 });
    expect(callOutcome(state, null)).toEqual({ kind: "completed" });
  });

  it("streams a tool call's arguments and does not repeat it when the whole call follows", () => {
    const parts: LanguageModelV3StreamPart[] = [
      { type: "tool-input-start", id: "c1", toolName: "lookup" },
      { type: "tool-input-delta", id: "c1", delta: '{"q":' },
      { type: "tool-input-delta", id: "c1", delta: '"x"}' },
      { type: "tool-input-end", id: "c1" },
      { type: "tool-call", toolCallId: "c1", toolName: "lookup", input: '{"q":"x"}' },
      { type: "tool-call", toolCallId: "c2", toolName: "other", input: "" },
    ];
    const { state, effects } = foldAll(parts);
    expect(state.calls).toEqual([
      { index: 0, id: "c1", name: "lookup", arguments: '{"q":"x"}' },
      { index: 1, id: "c2", name: "other", arguments: "{}" },
    ]);
    expect(effects.map((effect) => effect.type)).toEqual(["call", "call_arguments", "call_arguments", "call"]);
    expect(effects[0]).toMatchObject({ open: true });
    expect(effects[3]).toMatchObject({ open: false });
    expect(callOutcome(state, null)).toMatchObject({ kind: "tool_calls" });
  });

  it("does not change the state it was given", () => {
    const state = initialFold();
    foldPart(state, { type: "text-delta", id: "t", delta: "x" }, 1);
    expect(state).toEqual(initialFold());
  });
});

describe("callOutcome", () => {
  const tools = foldAll(toolParts([{ id: "c", name: "f", input: "{}" }])).state;
  it("cancel wins over everything, then Atelier's stop, then errors", () => {
    expect(callOutcome(tools, { kind: "cancelled" })).toEqual({ kind: "cancelled" });
    expect(callOutcome(tools, { kind: "stopped", message: "m" })).toEqual({ kind: "failed", error: null, stopped: "m" });
    expect(callOutcome({ ...tools, failure: "e" }, null)).toEqual({ kind: "failed", error: "e" });
  });
  it("a length finish is incomplete", () => {
    expect(callOutcome({ ...initialFold(), finishReason: "length" }, null)).toEqual({ kind: "incomplete" });
  });
});
