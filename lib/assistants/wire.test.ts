import { describe, expect, it } from "vitest";
import type { Assistant } from "@/lib/generated/prisma/client";
import { isMaskedSecret, maskSecret } from "@/lib/assistants/secrets";
import { toAssistantObject, toDeletedObject } from "@/lib/assistants/wire";

const LONG_TOKEN = "sk-plugin-0123456789abcdefWXYZ";

function row(overrides: Partial<Assistant> = {}): Assistant {
  return {
    id: "asst_0000abcdEFGHijklMNOPqrst",
    workspaceId: "ws_0000abcdEFGHijklMNOPqrst",
    name: "Mathy",
    description: "test_case",
    model: "llama3.1",
    instructions: "You are a helpful math tutor.",
    temperature: 0.3,
    topP: 1,
    topK: 20,
    maxTokens: 1500,
    reasoningEffort: "low",
    tools: [
      { type: "code_interpreter" },
      { type: "function", function: { name: "add", parameters: { type: "object" } } },
      { type: "my_plugin", auth: { type: "user_http", user_token: LONG_TOKEN } },
    ],
    toolResources: { code_interpreter: { file_ids: ["file_1"] } },
    metadata: { department: "math" },
    responseFormat: { type: "json_object" },
    userId: "user_xyz",
    webhookUrl: "https://hooks.example.com/atelier",
    mockOutputs: { add: { format: "json", output: '{"sum": 3}' } },
    version: 3,
    createdAt: new Date("2025-06-29T04:03:49.999Z"),
    updatedAt: new Date("2025-07-01T00:00:00.000Z"),
    ...overrides,
  };
}

describe("toAssistantObject", () => {
  it("maps a row to the snake_case assistant object", () => {
    expect(toAssistantObject(row())).toEqual({
      id: "asst_0000abcdEFGHijklMNOPqrst",
      object: "assistant",
      created_at: 1751169829,
      name: "Mathy",
      description: "test_case",
      model: "llama3.1",
      instructions: "You are a helpful math tutor.",
      tools: [
        { type: "code_interpreter" },
        { type: "function", function: { name: "add", parameters: { type: "object" } } },
        { type: "my_plugin", auth: { type: "user_http", user_token: maskSecret(LONG_TOKEN) } },
      ],
      tool_resources: { code_interpreter: { file_ids: ["file_1"] } },
      metadata: { department: "math" },
      temperature: 0.3,
      top_p: 1,
      response_format: { type: "json_object" },
      reasoning_effort: "low",
      top_k: 20,
      max_tokens: 1500,
      user_id: "user_xyz",
      webhook_url: "https://hooks.example.com/atelier",
      mock_outputs: { add: { format: "json", output: '{"sum": 3}' } },
      version: 3,
    });
  });

  it("gives created_at in whole unix seconds, rounded down", () => {
    expect(toAssistantObject(row({ createdAt: new Date(1_700_000_000_999) })).created_at).toBe(1_700_000_000);
    expect(toAssistantObject(row({ createdAt: new Date(1_700_000_000_000) })).created_at).toBe(1_700_000_000);
    expect(Number.isInteger(toAssistantObject(row({ createdAt: new Date(1_700_000_000_500) })).created_at)).toBe(true);
  });

  it("leaves out database-only columns", () => {
    const object = toAssistantObject(row());
    for (const key of ["workspaceId", "workspace_id", "updatedAt", "updated_at", "createdAt", "topP", "toolResources"]) {
      expect(object).not.toHaveProperty(key);
    }
  });

  it("has every field the contract's AssistantObject requires", () => {
    const object = toAssistantObject(row());
    for (const key of ["id", "object", "created_at", "name", "description", "model", "instructions", "tools", "metadata"]) {
      expect(object).toHaveProperty(key);
    }
  });

  it("answers response_format 'auto' when none is stored", () => {
    expect(toAssistantObject(row({ responseFormat: null })).response_format).toBe("auto");
  });

  it("passes a stored json_schema response_format through", () => {
    const format = { type: "json_schema", json_schema: { name: "r", schema: { type: "object" }, strict: true } };
    expect(toAssistantObject(row({ responseFormat: format })).response_format).toEqual(format);
  });

  it("keeps nulls for cleared fields", () => {
    const object = toAssistantObject(
      row({ name: null, description: null, instructions: null, temperature: null, topP: null, topK: null, maxTokens: null, reasoningEffort: null, userId: null, webhookUrl: null }),
    );
    expect(object).toMatchObject({
      name: null,
      description: null,
      instructions: null,
      temperature: null,
      top_p: null,
      top_k: null,
      max_tokens: null,
      reasoning_effort: null,
      user_id: null,
      webhook_url: null,
    });
  });

  it("answers {} for tool_resources and metadata stored as null", () => {
    const object = toAssistantObject(row({ toolResources: null, metadata: null }));
    expect(object.tool_resources).toEqual({});
    expect(object.metadata).toEqual({});
  });

  it("never returns a plugin token in full, anywhere in the object", () => {
    const object = toAssistantObject(row());
    expect(JSON.stringify(object)).not.toContain(LONG_TOKEN);
    const plugin = object.tools[2] as { auth: { user_token: string } };
    expect(plugin.auth.user_token).not.toBe(LONG_TOKEN);
    expect(plugin.auth.user_token.endsWith(LONG_TOKEN.slice(-4))).toBe(true);
    expect(isMaskedSecret(plugin.auth.user_token)).toBe(true);
  });

  it.each(["t", "bearer-token", "123456789012"])("masks a short plugin token (%s) completely", (token) => {
    const object = toAssistantObject(row({ tools: [{ type: "my_plugin", auth: { type: "user_http", user_token: token } }] }));
    const masked = (object.tools[0] as { auth: { user_token: string } }).auth.user_token;
    expect(masked).toBe("****");
    expect(masked).not.toContain(token);
  });

  it("masks the token of every plugin", () => {
    const tools = [
      { type: "plugin_a", auth: { type: "user_http", user_token: "aaaaaaaaaaaaaaaaaaaa1111" } },
      { type: "plugin_b", auth: { type: "user_http", user_token: "bbbbbbbbbbbbbbbbbbbb2222" } },
    ];
    const json = JSON.stringify(toAssistantObject(row({ tools })));
    expect(json).not.toContain("aaaaaaaaaaaaaaaaaaaa1111");
    expect(json).not.toContain("bbbbbbbbbbbbbbbbbbbb2222");
  });

  it("does not touch the row's own token (the mask is a copy)", () => {
    const source = row();
    toAssistantObject(source);
    expect((source.tools as { auth?: { user_token: string } }[])[2]!.auth!.user_token).toBe(LONG_TOKEN);
  });

  it("leaves a plugin without auth as it is", () => {
    expect(toAssistantObject(row({ tools: [{ type: "my_plugin" }] })).tools).toEqual([{ type: "my_plugin" }]);
  });
});

describe("maskSecret", () => {
  it.each([
    ["", "****"],
    ["abc", "****"],
    ["123456789012", "****"],
    ["1234567890123", "****0123"],
    [LONG_TOKEN, "****WXYZ"],
  ])("%j → %j", (secret, masked) => {
    expect(maskSecret(secret)).toBe(masked);
    expect(isMaskedSecret(maskSecret(secret))).toBe(true);
  });

  it("does not take a real token for a mask", () => {
    expect(isMaskedSecret("bearer-token")).toBe(false);
  });
});

describe("toDeletedObject", () => {
  it("is the contract's DeleteAssistantResponse", () => {
    expect(toDeletedObject("asst_abc")).toEqual({ id: "asst_abc", object: "assistant.deleted", deleted: true });
  });
});
