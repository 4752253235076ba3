import { describe, expect, it } from "vitest";
import {
  countPromptTokens,
  messageText,
  parseDirectives,
  planReply,
  planStream,
  randomCallId,
  splitArguments,
  tokenize,
  type ReplyPlan,
} from "./script";

const fixedIds = () => {
  let n = 0;
  return () => `call_${String(++n).padStart(24, "0")}`;
};

function reply(plan: ReplyPlan) {
  if (plan.kind !== "reply") throw new Error(`expected a reply, got ${JSON.stringify(plan)}`);
  return plan;
}

const user = (content: unknown) => ({ role: "user", content });

describe("parseDirectives", () => {
  it("removes directives and trims the visible text", () => {
    const parsed = parseDirectives("  hello [[delay: 20]] world [[first-delay:5]]  ");
    expect(parsed.visibleText).toBe("hello  world");
    expect(parsed.directives).toMatchObject({ delayMs: 20, firstDelayMs: 5, tools: [] });
    expect(parsed.errors).toEqual([]);
  });

  it("keeps reply text verbatim, JSON included", () => {
    const parsed = parseDirectives('[[reply: {"label":"spam","nested":{"a":[1,2]}}]]');
    expect(parsed.directives.reply).toBe('{"label":"spam","nested":{"a":[1,2]}}');
    expect(parsed.visibleText).toBe("");
  });

  it("collects tool calls in order, defaulting arguments to {}", () => {
    const parsed = parseDirectives('[[tool: get_weather {"city":"Paris"}]] and [[tool: now]] [[tool: a.b-c {bad json]]');
    expect(parsed.directives.tools).toEqual([
      { name: "get_weather", arguments: '{"city":"Paris"}' },
      { name: "now", arguments: "{}" },
      { name: "a.b-c", arguments: "{bad json" },
    ]);
    expect(parsed.visibleText).toBe("and");
  });

  it("reads numbers, fail statuses, drop and after-tools; accepts the form without a colon", () => {
    const parsed = parseDirectives("[[tokens 7]][[fail: 429]][[drop: 0]][[after-tools: done!]]");
    expect(parsed.directives).toMatchObject({ tokens: 7, fail: 429, drop: 0, afterTools: "done!" });
  });

  it("reads [[search]] in order with [[tool]], defaulting its query to the visible text, and [[cite]]", () => {
    const parsed = parseDirectives('What is the refund policy? [[search]] [[tool: now]] [[search: returns]] [[cite]]');
    expect(parsed.directives.tools).toEqual([
      { search: "What is the refund policy?" },
      { name: "now", arguments: "{}" },
      { search: "returns" },
    ]);
    expect(parsed.directives.cite).toBe("");
    expect(parseDirectives("[[cite: Per the handbook]]").directives.cite).toBe("Per the handbook");
    expect(parseDirectives("[[search]]").errors).toEqual(["[[search]]: no query and no message text to search for"]);
  });

  it("leaves unknown double-bracket text alone", () => {
    expect(parseDirectives("see [[Main Page]] and [[replyx: y]]").visibleText).toBe("see [[Main Page]] and [[replyx: y]]");
  });

  it("reports malformed directives", () => {
    expect(parseDirectives("[[tokens: many]]").errors).toHaveLength(1);
    expect(parseDirectives("[[fail: 42]]").errors).toHaveLength(1);
    expect(parseDirectives("[[delay: -5]]").errors).toHaveLength(1);
    expect(parseDirectives("[[tool: ]]").errors).toHaveLength(1);
  });
});

describe("helpers", () => {
  it("tokenize keeps every character and puts the space before each word", () => {
    expect(tokenize("You said: hi there")).toEqual(["You", " said:", " hi", " there"]);
    expect(tokenize("  a b  ")).toEqual(["  a", " b  "]);
    expect(tokenize("")).toEqual([]);
    expect(tokenize(" ")).toEqual([" "]);
  });

  it("messageText joins text parts", () => {
    expect(messageText([{ type: "text", text: "a" }, { type: "image_url" }, { type: "text", text: "b" }])).toBe("a\nb");
    expect(messageText(null)).toBe("");
  });

  it("countPromptTokens counts content and tool-call arguments, plus 3 per message", () => {
    const messages = [
      { role: "system", content: "12345" },
      { role: "assistant", content: null, tool_calls: [{ function: { name: "f", arguments: "{}" } }] },
    ];
    expect(countPromptTokens(messages)).toBe(2 + 3 + 1 + 3);
  });

  it("splitArguments yields about three pieces that concatenate back", () => {
    const pieces = splitArguments('{"city":"Paris"}');
    expect(pieces).toHaveLength(3);
    expect(pieces.join("")).toBe('{"city":"Paris"}');
    expect(splitArguments("{}")).toEqual(["{", "}"]);
  });

  it("randomCallId is call_ + 24 alphanumerics", () => {
    expect(randomCallId()).toMatch(/^call_[A-Za-z0-9]{24}$/);
  });
});

describe("planReply", () => {
  it("echoes the visible text by default", () => {
    const plan = reply(planReply({ model: "m", messages: [user("hi [[delay: 3]]")] }));
    expect(plan).toMatchObject({ model: "m", content: "You said: hi", finishReason: "stop", delayMs: 3, dropAfter: null });
    expect(plan.usage).toEqual({ prompt_tokens: 4 + 3, completion_tokens: 3, total_tokens: 10 });
  });

  it("uses the last user message only", () => {
    const messages = [user("[[reply: old]]"), { role: "assistant", content: "old" }, user([{ type: "text", text: "new" }])];
    expect(reply(planReply({ messages })).content).toBe("You said: new");
  });

  it("makes N tokens and truncates at max_tokens with finish_reason length", () => {
    expect(reply(planReply({ messages: [user("[[tokens: 3]]")] })).chunks).toEqual(["tok1", " tok2", " tok3"]);
    const cut = reply(planReply({ messages: [user("[[tokens: 10]]")], max_completion_tokens: 4 }));
    expect(cut).toMatchObject({ content: "tok1 tok2 tok3 tok4", finishReason: "length" });
    expect(cut.usage.completion_tokens).toBe(4);
  });

  it("[[cycle: A | B]] answers what the server's count picks, in turn", () => {
    const asked: [string, number][] = [];
    const picks = [0, 1, 2];
    const replies = picks.map((n) => reply(planReply({ messages: [user("[[cycle: yes | no]]")] }, undefined, (key, count) => (asked.push([key, count]), n))).content);
    expect(replies).toEqual(["yes", "no", "yes"]);
    expect(asked[0]).toEqual(["yes|no", 2]);
  });

  it("[[python: CODE]] calls the python function with the code as written, lines and quotes kept", () => {
    const code = 'import statistics\nfor x in [1, 2]:\n    print("n", x)\nprint(statistics.stdev([2, 4, 4, 5]))';
    const plan = reply(planReply({ messages: [user(`Compute it [[python:\n${code}\n]] [[after-tools: Done.]]`)] }, () => "call_1"));
    expect(plan.toolCalls).toEqual([{ id: "call_1", name: "python", arguments: JSON.stringify({ code }) }]);
    expect(parseDirectives("[[python: ]]").errors).toEqual(["[[python: ]]: expected [[python: CODE]]"]);
  });

  it("[[echo]] answers with the request's model, temperature and system prompt", () => {
    const system = { role: "system", content: "Be brief." };
    expect(reply(planReply({ model: "scripted-small", temperature: 0.2, messages: [system, user("[[echo]]")] })).content).toBe("model scripted-small, temperature 0.2, instructions: Be brief.");
    expect(reply(planReply({ messages: [user("hi [[echo]]")] })).content).toBe("model scripted-1, temperature default, instructions: none");
  });

  it("plans parallel tool calls and streams their arguments in pieces", () => {
    const body = { messages: [user('[[tool: a {"x":1}]] [[tool: b {"y":"long value"}]]')] };
    const plan = reply(planReply(body, fixedIds()));
    expect(plan).toMatchObject({ content: null, finishReason: "tool_calls", chunks: [] });
    expect(plan.toolCalls.map((c) => [c.name, c.arguments])).toEqual([["a", '{"x":1}'], ["b", '{"y":"long value"}']]);
    expect(plan.usage.completion_tokens).toBe(2 + 5);
    const steps = planStream(plan);
    expect(steps[0]).toMatchObject({ kind: "role", delta: { role: "assistant", content: null } });
    expect(steps[1]!.delta).toEqual({
      tool_calls: [{ index: 0, id: plan.toolCalls[0]!.id, type: "function", function: { name: "a", arguments: "" } }],
    });
    expect(steps.at(-1)).toMatchObject({ kind: "finish", finishReason: "tool_calls" });
  });

  it("cuts tool arguments at max_tokens", () => {
    const plan = reply(planReply({ messages: [user('[[tool: a {"x":"0123456789"}]] [[tool: b]]')], max_tokens: 2 }, fixedIds()));
    expect(plan.finishReason).toBe("length");
    expect(plan.toolCalls).toEqual([{ id: expect.any(String), name: "a", arguments: '{"x":"01' }]);
  });

  it("summarises trailing tool results, or uses after-tools", () => {
    const messages = [
      user("[[tool: a {}]] [[tool: b {}]]"),
      { role: "assistant", content: null, tool_calls: [] },
      { role: "tool", tool_call_id: "call_1", content: "sunny" },
      { role: "tool", tool_call_id: "call_2", content: [{ type: "text", text: "12:00" }] },
    ];
    expect(reply(planReply({ messages })).content).toBe("Tool results: call_1=sunny; call_2=12:00");
    messages[0] = user("[[tool: a {}]] [[after-tools: All done.]]");
    expect(reply(planReply({ messages })).content).toBe("All done.");
  });

  const searchTool = (properties: Record<string, unknown>) => ({
    type: "function",
    function: { name: "file_search", parameters: { type: "object", properties } },
  });
  const timeTool = { type: "function", function: { name: "get_time" } };

  it("[[search]] calls the offered search function with the query its schema asks for", () => {
    const body = { messages: [user("[[search: refund policy]]")], tools: [timeTool, searchTool({ query: {} })] };
    expect(reply(planReply(body, fixedIds())).toolCalls).toEqual([
      { id: "call_000000000000000000000001", name: "file_search", arguments: '{"query":"refund policy"}' },
    ]);
    const plural = { messages: [user("refunds? [[search]] [[tool: get_time]]")], tools: [searchTool({ queries: {} }), timeTool] };
    expect(reply(planReply(plural, fixedIds())).toolCalls.map((c) => [c.name, c.arguments])).toEqual([
      ["file_search", '{"queries":["refunds?"]}'],
      ["get_time", "{}"],
    ]);
  });

  it("[[search]] without a search function offered answers in text, naming what was offered", () => {
    const plan = reply(planReply({ messages: [user("[[search: x]] [[tool: get_time]]")], tools: [timeTool] }));
    expect(plan).toMatchObject({ toolCalls: [], finishReason: "stop", content: "No search tool was offered (offered: get_time)." });
    expect(reply(planReply({ messages: [user("[[search: x]]")] })).content).toBe("No search tool was offered (offered: none).");
  });

  it("[[cite]] answers from the search output with its markers, before [[after-tools]]", () => {
    const messages = [
      user("[[search: refund policy]] [[cite]] [[after-tools: ignored]]"),
      { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "file_search", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "c1", content: JSON.stringify([{ text: "Refunds within 30 days.", marker: "【4:0†source】" }]) },
    ];
    const plan = reply(planReply({ messages, tools: [searchTool({ query: {} })] }));
    expect(plan).toMatchObject({ content: "According to the documents: Refunds within 30 days. 【4:0†source】", finishReason: "stop" });
    expect(plan.chunks.at(-1)).toBe(" 【4:0†source】");
  });

  it("returns scripted failures and 400s for bad requests", () => {
    expect(planReply({ messages: [user("[[fail: 429]]")] })).toEqual({
      kind: "error",
      status: 429,
      body: { error: { message: "Scripted failure (429)", type: "rate_limit_exceeded", param: null, code: null } },
    });
    expect(planReply({ messages: [user("[[fail: 503]]")] })).toMatchObject({ status: 503, body: { error: { type: "server_error" } } });
    expect(planReply({ model: "m" })).toMatchObject({ kind: "error", status: 400 });
    expect(planReply({ messages: [user("[[tokens: x]]")] })).toMatchObject({ kind: "error", status: 400 });
    expect(planReply({ messages: [], max_tokens: -1 })).toMatchObject({ kind: "error", status: 400 });
  });
});
