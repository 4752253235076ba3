import { describe, expect, it } from "vitest";
import type { AssistantTool } from "@/lib/assistants/tools";
import {
  emptyDraft,
  expiresIn,
  functionSchemaFor,
  isDraftReady,
  mockDraft,
  outputDraftError,
  prettyArguments,
  prettyOutput,
  toToolOutputs,
} from "@/lib/playground/tool-outputs";

// The tool call cards' logic: what a call shows, and what a run waiting in requires_action is sent.

const call = (id: string, name = "get_weather", output: string | null = null) => ({ id, name, arguments: '{"city":"Oslo"}', output });

describe("prettyArguments", () => {
  it("indents arguments that parse", () => {
    expect(prettyArguments('{"city":"Oslo","days":[1,2]}')).toEqual({
      pretty: '{\n  "city": "Oslo",\n  "days": [\n    1,\n    2\n  ]\n}',
      parsed: { city: "Oslo", days: [1, 2] },
      valid: true,
    });
  });

  it("keeps text that does not parse as sent, and calls empty arguments not JSON", () => {
    expect(prettyArguments('{"city": "Os')).toEqual({ pretty: '{"city": "Os', parsed: undefined, valid: false });
    expect(prettyArguments("")).toEqual({ pretty: "", parsed: undefined, valid: false });
  });
});

describe("functionSchemaFor", () => {
  const parameters = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
  const tools: AssistantTool[] = [
    { type: "code_interpreter" },
    { type: "function", function: { name: "get_weather", parameters } },
    { type: "function", function: { name: "ping" } },
    { type: "my.plugin", auth: { type: "user_http", user_token: "t" } },
  ];

  it("finds the function's parameters, null when it declares none, unknown when there is no such function", () => {
    expect(functionSchemaFor(tools, "get_weather")).toBe(parameters);
    expect(functionSchemaFor(tools, "ping")).toBeNull();
    expect(functionSchemaFor(tools, "get_wether")).toBe("unknown");
    expect(functionSchemaFor(tools, "code_interpreter")).toBe("unknown");
    expect(functionSchemaFor([], "get_weather")).toBe("unknown");
  });
});

describe("outputDraftError", () => {
  it("says where JSON stops parsing, only in JSON mode", () => {
    expect(outputDraftError("json", '{"temp": }')).toMatch(/^Output must be valid JSON: .+ \(line 1, column 10\)$/);
    expect(outputDraftError("text", '{"temp": }')).toBeNull();
    expect(outputDraftError("json", '{"temp": 21}')).toBeNull();
    expect(outputDraftError("json", '"sunny"')).toBeNull();
  });

  it("does not flag an empty draft (nobody has typed yet)", () => {
    expect(outputDraftError("json", "")).toBeNull();
    expect(outputDraftError("json", "  \n")).toBeNull();
  });
});

describe("toToolOutputs", () => {
  it("sends every waiting call's output in call order, JSON as typed", () => {
    const calls = [call("call_1"), call("call_2", "get_time")];
    const result = toToolOutputs(calls, {
      call_2: { mode: "text", text: "12:00" },
      call_1: { mode: "json", text: '{ "temp":21,\n"unit": "C" }' },
    });
    expect(result).toEqual({
      ok: true,
      outputs: [
        { tool_call_id: "call_1", output: '{ "temp":21,\n"unit": "C" }' },
        { tool_call_id: "call_2", output: "12:00" },
      ],
    });
  });

  it("lists calls whose draft is absent, blank or not JSON", () => {
    const calls = [call("call_1"), call("call_2"), call("call_3"), call("call_4")];
    const result = toToolOutputs(calls, {
      call_1: { mode: "text", text: "fine" },
      call_2: { mode: "text", text: "   " },
      call_3: { mode: "json", text: "{nope}" },
    });
    expect(result).toEqual({ ok: false, missing: ["call_2", "call_3", "call_4"] });
  });

  it("skips calls that already have an output", () => {
    const calls = [call("call_1", "get_weather", "sunny"), call("call_2")];
    expect(toToolOutputs(calls, { call_2: { mode: "text", text: "rain" } })).toEqual({ ok: true, outputs: [{ tool_call_id: "call_2", output: "rain" }] });
  });

  it("keeps a text output's spacing", () => {
    expect(toToolOutputs([call("call_1")], { call_1: { mode: "text", text: "  two spaces\n" } })).toEqual({
      ok: true,
      outputs: [{ tool_call_id: "call_1", output: "  two spaces\n" }],
    });
  });
});

describe("isDraftReady", () => {
  it("needs text and, in JSON mode, JSON", () => {
    expect(isDraftReady(undefined)).toBe(false);
    expect(isDraftReady({ mode: "text", text: "" })).toBe(false);
    expect(isDraftReady({ mode: "json", text: "{" })).toBe(false);
    expect(isDraftReady({ mode: "json", text: "[]" })).toBe(true);
  });
});

describe("emptyDraft", () => {
  it("opens in the format of the function's mock output, else as text", () => {
    expect(emptyDraft({ format: "json", output: '{"temp":21}' })).toEqual({ mode: "json", text: "" });
    expect(emptyDraft({ format: "text", output: "sunny" })).toEqual({ mode: "text", text: "" });
    expect(emptyDraft(undefined)).toEqual({ mode: "text", text: "" });
  });
});

describe("mockDraft", () => {
  it("fills the mock's text as saved, in its format's mode", () => {
    expect(mockDraft({ format: "json", output: '{"temp":21}' })).toEqual({ mode: "json", text: '{"temp":21}' });
    expect(mockDraft({ format: "text", output: "Sunny" })).toEqual({ mode: "text", text: "Sunny" });
  });
});

describe("prettyOutput", () => {
  it("indents JSON objects and arrays, leaves anything else as sent", () => {
    expect(prettyOutput('{"temp":21}')).toEqual({ text: '{\n  "temp": 21\n}', json: true });
    expect(prettyOutput("Sunny, 21 °C")).toEqual({ text: "Sunny, 21 °C", json: false });
    expect(prettyOutput("42")).toEqual({ text: "42", json: false });
  });
});

describe("expiresIn", () => {
  const now = 1_700_000_000_000;
  const at = (secondsFromNow: number) => now / 1000 + secondsFromNow;

  it("rounds minutes down", () => {
    expect(expiresIn(at(600), now)).toBe("10 min");
    expect(expiresIn(at(599), now)).toBe("9 min");
    expect(expiresIn(at(60), now)).toBe("1 min");
  });

  it("says less than a minute, hours for long deadlines, and null without one or once passed", () => {
    expect(expiresIn(at(59), now)).toBe("less than a minute");
    expect(expiresIn(at(3600), now)).toBe("1 h");
    expect(expiresIn(at(3900), now)).toBe("1 h 5 min");
    expect(expiresIn(at(0), now)).toBeNull();
    expect(expiresIn(at(-30), now)).toBeNull();
    expect(expiresIn(null, now)).toBeNull();
  });
});
