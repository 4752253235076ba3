import { describe, expect, it } from "vitest";
import { buildPrompt, estimateTokens, type HistoryMessage, type RunTurn } from "@/lib/runs/prompt";

// What a run sends the model: truncation by count and by token budget, and this run's own turns.

const user = (text: string): HistoryMessage => ({ role: "user", content: [{ type: "text", text: { value: text, annotations: [] } }] });
const assistant = (text: string): HistoryMessage => ({ role: "assistant", content: [{ type: "text", text: { value: text, annotations: [] } }] });
const base = { instructions: "Be brief.", turns: [] as RunTurn[], maxPromptTokens: null, contextWindow: 128_000 };
const texts = (messages: { content: unknown }[]) => messages.map((message) => JSON.stringify(message.content));

describe("buildPrompt", () => {
  it("keeps the whole thread when it fits, with the instructions as the system prompt", () => {
    const prompt = buildPrompt({ ...base, history: [user("a"), assistant("b")], truncation: { type: "auto" } });
    expect(prompt.system).toBe("Be brief.");
    expect(prompt.messages.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(prompt.fits).toBe(true);
  });

  it("last_messages keeps the newest N", () => {
    const prompt = buildPrompt({ ...base, history: ["1", "2", "3", "4"].map(user), truncation: { type: "last_messages", last_messages: 2 } });
    expect(texts(prompt.messages)).toEqual([expect.stringContaining('"3"'), expect.stringContaining('"4"')]);
  });

  it("auto drops the oldest messages until the estimate fits the budget, never the newest", () => {
    const history = Array.from({ length: 10 }, (_, i) => user(`${i}`.repeat(400)));
    const perMessage = estimateTokens({ role: "user", content: [{ type: "text", text: "0".repeat(400) }] });
    const system = estimateTokens({ role: "system", content: "Be brief." });
    const prompt = buildPrompt({ ...base, history, truncation: { type: "auto" }, maxPromptTokens: system + perMessage * 3 });
    expect(prompt.messages).toHaveLength(3);
    expect(texts(prompt.messages)[2]).toContain("9".repeat(400));
    expect(prompt.fits).toBe(true);

    const tooSmall = buildPrompt({ ...base, history, truncation: { type: "auto" }, maxPromptTokens: 10 });
    expect(tooSmall.messages).toHaveLength(1);
    expect(tooSmall.fits).toBe(false);
  });

  it("replays this run's tool calls with their outputs after the thread", () => {
    const call = { id: "call_1", type: "function" as const, function: { name: "get_weather", arguments: '{"city":"Oslo"}', output: "21C" } };
    const prompt = buildPrompt({ ...base, history: [user("weather?")], turns: [{ type: "tool_calls", calls: [call] }], truncation: { type: "auto" } });
    expect(prompt.messages).toEqual([
      expect.objectContaining({ role: "user" }),
      { role: "assistant", content: [{ type: "tool-call", toolCallId: "call_1", toolName: "get_weather", input: { city: "Oslo" } }] },
      { role: "tool", content: [{ type: "tool-result", toolCallId: "call_1", toolName: "get_weather", output: { type: "text", value: "21C" } }] },
    ]);
  });

  it("replays a file_search call as the model made it and the results it was given, not the step's public shape", () => {
    const call = {
      id: "call_fs",
      type: "file_search" as const,
      file_search: { ranking_options: { ranker: "default_2024_08_21" as const, score_threshold: 0 }, results: [{ file_id: "file-a", file_name: "a.md", score: 0.7 }] },
      _model: { index: 0, arguments: '{"query":"otters"}', output: "【0:0†a.md】\nOtters." },
    };
    const prompt = buildPrompt({ ...base, history: [user("otters?")], turns: [{ type: "tool_calls", calls: [call] }], truncation: { type: "auto" } });
    expect(prompt.messages.slice(1)).toEqual([
      { role: "assistant", content: [{ type: "tool-call", toolCallId: "call_fs", toolName: "file_search", input: { query: "otters" } }] },
      { role: "tool", content: [{ type: "tool-result", toolCallId: "call_fs", toolName: "file_search", output: { type: "text", value: "【0:0†a.md】\nOtters." } }] },
    ]);
  });
});
