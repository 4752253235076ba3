import { describe, expect, it } from "vitest";
import type { AssistantObject } from "@/lib/assistants/wire";
import { DEFAULT_RUN_OPTIONS, changedOptionCount, draftChanges, draftOf, runOptionProblems, runRequestBody } from "@/lib/playground/run-options";

const assistant = {
  id: "asst_1",
  model: "gpt-4o-mini",
  instructions: "Be brief.",
  temperature: 1,
  top_p: null,
  response_format: "auto",
} as AssistantObject;

describe("runRequestBody", () => {
  it("asks for the assistant as it is when nothing changed", () => {
    expect(runRequestBody(assistant, draftOf(assistant), DEFAULT_RUN_OPTIONS)).toEqual({ assistant_id: "asst_1" });
  });

  it("sends the Assistant tab's unsaved changes and the per-send options, the options winning", () => {
    const draft = { ...draftOf(assistant), temperature: 0.3, instructions: "Be verbose.", model: "local/llama" };
    const body = runRequestBody(assistant, draft, {
      ...DEFAULT_RUN_OPTIONS,
      model: "scripted-1",
      toolChoice: "function:get_weather",
      parallelToolCalls: false,
      responseFormat: "json_object",
      truncation: "last_messages",
      lastMessages: "4",
      maxCompletionTokens: "512",
      additionalInstructions: "Answer in French.",
    });
    expect(body).toEqual({
      assistant_id: "asst_1",
      model: "scripted-1",
      instructions: "Be verbose.",
      temperature: 0.3,
      response_format: { type: "json_object" },
      tool_choice: { type: "function", function: { name: "get_weather" } },
      parallel_tool_calls: false,
      truncation_strategy: { type: "last_messages", last_messages: 4 },
      max_completion_tokens: 512,
      additional_instructions: "Answer in French.",
    });
  });

  it("an explicit temperature in the options overrides the draft's; none/required pass through", () => {
    const body = runRequestBody(assistant, { ...draftOf(assistant), temperature: 0.3 }, { ...DEFAULT_RUN_OPTIONS, temperature: "1.5", toolChoice: "required" });
    expect(body).toMatchObject({ temperature: 1.5, tool_choice: "required" });
  });
});

describe("draftChanges", () => {
  it("lists only the fields that differ, structurally", () => {
    const draft = { ...draftOf(assistant), response_format: "auto" as const, top_p: 0.5 };
    expect(draftChanges(assistant, draft)).toEqual({ top_p: 0.5 });
  });
});

describe("runOptionProblems", () => {
  it("flags what the API would refuse, and nothing for the defaults", () => {
    expect(runOptionProblems(DEFAULT_RUN_OPTIONS)).toEqual({});
    expect(runOptionProblems({ ...DEFAULT_RUN_OPTIONS, temperature: "3", truncation: "last_messages", lastMessages: "0", maxCompletionTokens: "12" })).toEqual({
      temperature: expect.stringContaining("0 to 2"),
      lastMessages: expect.stringContaining("at least 1"),
      maxCompletionTokens: expect.stringContaining("at least 256"),
    });
    expect(runOptionProblems({ ...DEFAULT_RUN_OPTIONS, temperature: "warm" }).temperature).toBeDefined();
  });
});

describe("changedOptionCount", () => {
  it("counts options that differ from the defaults, ignoring a hidden last-messages count", () => {
    expect(changedOptionCount(DEFAULT_RUN_OPTIONS)).toBe(0);
    expect(changedOptionCount({ ...DEFAULT_RUN_OPTIONS, lastMessages: "3" })).toBe(0);
    expect(changedOptionCount({ ...DEFAULT_RUN_OPTIONS, truncation: "last_messages", lastMessages: "3", temperature: "0" })).toBe(3);
  });
});
