import { describe, expect, it } from "vitest";
import { maskTools } from "@/lib/assistants/secrets";
import type { AssistantTool } from "@/lib/assistants/tools";
import { AppError } from "@/lib/errors";
import { effectiveSettings, type AssistantSettings } from "@/lib/runs/settings";

// A run's tools: the assistant's, or the request's override, whose masked plugin tokens stand for
// the assistant's stored ones (the same rule as an assistant update).

const plugin = (type: string, token: string): AssistantTool => ({ type, auth: { type: "user_http", user_token: token } });
const weather: AssistantTool = { type: "function", function: { name: "get_weather" } };
const STORED = "stored-plugin-token-0001";

const assistant: AssistantSettings = {
  id: "asst_1",
  version: 3,
  model: "gpt-4o-mini",
  instructions: null,
  tools: [weather, plugin("acme.crm", STORED)] as unknown as AssistantSettings["tools"],
  temperature: null,
  topP: null,
  topK: null,
  maxTokens: null,
  reasoningEffort: null,
  responseFormat: null,
};

const settingsWith = (tools: AssistantTool[] | null | undefined) => effectiveSettings(assistant, { assistant_id: "asst_1", tools });

describe("effectiveSettings: tools", () => {
  it("takes the assistant's tools, real tokens included, when there is no override", () => {
    expect(settingsWith(undefined).tools).toEqual(assistant.tools);
    expect(settingsWith(null).tools).toEqual(assistant.tools);
  });

  it("keeps a real token sent as an override", () => {
    const tools = [plugin("acme.crm", "a-run-level-token-0002")];
    expect(settingsWith(tools).tools).toEqual(tools);
  });

  it("resolves the masks of tools read back from the assistant (or a run) to the stored tokens", () => {
    const sent = maskTools(assistant.tools as AssistantTool[]);
    expect(JSON.stringify(sent)).not.toContain(STORED);
    expect(settingsWith(sent).tools).toEqual(assistant.tools);
    // Reordered and trimmed: matched by plugin type and mask.
    expect(settingsWith([sent[1]!]).tools).toEqual([plugin("acme.crm", STORED)]);
  });

  it.each([
    ["a mask of another token", [weather, plugin("acme.crm", "****9999")]],
    ["a mask of another plugin's token", [weather, maskTools([plugin("acme.other", STORED)])[0]!]],
  ])("refuses %s with a 400 on the token's field", (_case, sent) => {
    let thrown: unknown;
    try {
      settingsWith(sent);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect(thrown).toMatchObject({ code: "invalid_request", param: "tools[1].auth.user_token" });
  });
});
