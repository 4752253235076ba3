// Tool calls, scripted failures and dropped connections, as seen through the official openai SDK.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startScriptedModel, type ScriptedModel } from "./server";

let model: ScriptedModel;
let client: OpenAI;

beforeAll(async () => {
  model = await startScriptedModel();
  // No retries: 429 and 5xx must surface on the first attempt.
  client = new OpenAI({ baseURL: model.url, apiKey: "x", maxRetries: 0 });
});
afterAll(() => model.close());

const TWO_TOOLS = '[[tool: get_weather {"city":"Paris","units":"metric"}]] [[tool: get_time {"timezone":"Europe/Paris"}]]';
const tools: OpenAI.ChatCompletionTool[] = ["get_weather", "get_time"].map((name) => ({
  type: "function",
  function: { name, parameters: { type: "object", properties: {} } },
}));

describe("tool calls", () => {
  it("makes parallel tool calls without streaming", async () => {
    const completion = await client.chat.completions.create({
      model: "scripted-1",
      messages: [{ role: "user", content: `Weather and time? ${TWO_TOOLS}` }],
      tools,
    });
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    const calls = choice.message.tool_calls!.map((c) => {
      if (c.type !== "function") throw new Error("expected a function call");
      return { id: c.id, name: c.function.name, args: JSON.parse(c.function.arguments) as unknown };
    });
    expect(calls.map(({ name, args }) => ({ name, args }))).toEqual([
      { name: "get_weather", args: { city: "Paris", units: "metric" } },
      { name: "get_time", args: { timezone: "Europe/Paris" } },
    ]);
    expect(calls.every((c) => /^call_[A-Za-z0-9]{24}$/.test(c.id))).toBe(true);
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
  });

  it("streams parallel tool calls whose arguments reassemble", async () => {
    const stream = await client.chat.completions.create({
      model: "scripted-1",
      messages: [{ role: "user", content: TWO_TOOLS }],
      tools,
      stream: true,
    });
    const calls: { id?: string; name?: string; args: string; deltas: number }[] = [];
    let finishReason: string | null = null;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      if (!choice) continue;
      finishReason = choice.finish_reason ?? finishReason;
      for (const delta of choice.delta.tool_calls ?? []) {
        const call = (calls[delta.index] ??= { args: "", deltas: 0 });
        if (delta.id) {
          // The first delta of a call names it; arguments come afterwards.
          expect(call.id).toBeUndefined();
          expect(delta.type).toBe("function");
          call.id = delta.id;
          call.name = delta.function?.name;
        }
        call.args += delta.function?.arguments ?? "";
        call.deltas++;
      }
    }
    expect(finishReason).toBe("tool_calls");
    expect(calls.map((c) => c.name)).toEqual(["get_weather", "get_time"]);
    expect(JSON.parse(calls[0]!.args)).toEqual({ city: "Paris", units: "metric" });
    expect(JSON.parse(calls[1]!.args)).toEqual({ timezone: "Europe/Paris" });
    expect(calls.every((c) => c.deltas === 4)).toBe(true); // the header and three argument pieces
  });

  it("replies with the tool results once the conversation continues after them", async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: "user", content: TWO_TOOLS },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_a", type: "function", function: { name: "get_weather", arguments: "{}" } },
          { id: "call_b", type: "function", function: { name: "get_time", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "call_a", content: "18°C" },
      { role: "tool", tool_call_id: "call_b", content: "14:05" },
    ];
    const completion = await client.chat.completions.create({ model: "scripted-1", messages, tools });
    expect(completion.choices[0]).toMatchObject({
      message: { content: "Tool results: call_a=18°C; call_b=14:05" },
      finish_reason: "stop",
    });
    messages[0] = { role: "user", content: `${TWO_TOOLS} [[after-tools: Paris: 18°C at 14:05.]]` };
    const after = await client.chat.completions.create({ model: "scripted-1", messages, tools });
    expect(after.choices[0]!.message.content).toBe("Paris: 18°C at 14:05.");
  });
});

describe("failures", () => {
  it.each([
    [500, "server_error"],
    [429, "rate_limit_exceeded"],
  ])("[[fail: %i]] surfaces as an APIError with that status", async (status, type) => {
    for (const stream of [false, true]) {
      const error = await client.chat.completions
        .create({ model: "scripted-1", messages: [{ role: "user", content: `[[fail: ${status}]]` }], stream })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect(error).toMatchObject({ status, type, message: expect.stringContaining(`Scripted failure (${status})`) });
    }
  });

  it("[[drop: 3]] makes the stream throw after 3 text chunks", async () => {
    const stream = await client.chat.completions.create({
      model: "scripted-1",
      messages: [{ role: "user", content: "[[tokens: 10]] [[drop: 3]]" }],
      stream: true,
    });
    const texts: string[] = [];
    const read = async () => {
      for await (const chunk of stream) {
        const text = chunk.choices[0]?.delta.content;
        if (text) texts.push(text);
      }
    };
    await expect(read()).rejects.toThrow();
    expect(texts).toEqual(["tok1", " tok2", " tok3"]);
  });

  it("[[drop]] without streaming cuts the connection before answering", async () => {
    const error = await client.chat.completions
      .create({ model: "scripted-1", messages: [{ role: "user", content: "[[drop: 0]]" }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
  });
});
