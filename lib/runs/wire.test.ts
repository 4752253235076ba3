import { describe, expect, it } from "vitest";
import { maskSecret } from "@/lib/assistants/secrets";
import type { Run } from "@/lib/generated/prisma/client";
import { toRunObject } from "@/lib/runs/wire";

// The run object shows plugin tokens as the assistant object does: masked. The row keeps them.

const TOKEN = "run-plugin-token-abcdefgh-0001";

const row = (tools: Run["tools"]): Run => ({
  id: "run_1",
  workspaceId: "ws_1",
  threadId: "thread_1",
  assistantId: "asst_1",
  status: "completed",
  requiredAction: null,
  lastError: null,
  expiresAt: null,
  startedAt: new Date(1_700_000_001_000),
  cancelledAt: null,
  failedAt: null,
  completedAt: new Date(1_700_000_002_000),
  incompleteDetails: null,
  model: "gpt-4o-mini",
  instructions: "",
  tools,
  metadata: {},
  usage: null,
  temperature: null,
  topP: null,
  topK: null,
  maxPromptTokens: null,
  maxCompletionTokens: null,
  maxTokens: null,
  truncationStrategy: { type: "auto", last_messages: null },
  toolChoice: "auto",
  parallelToolCalls: true,
  responseFormat: "auto",
  reasoningEffort: null,
  modelCalls: null,
  createdAt: new Date(1_700_000_000_000),
});

describe("toRunObject", () => {
  it("masks plugin tokens and leaves every other tool as stored", () => {
    const weather = { type: "function", function: { name: "get_weather" } };
    const stored = row([weather, { type: "acme.crm", auth: { type: "user_http", user_token: TOKEN } }, { type: "acme.bare" }]);
    const object = toRunObject(stored);
    expect(object.tools).toEqual([weather, { type: "acme.crm", auth: { type: "user_http", user_token: maskSecret(TOKEN) } }, { type: "acme.bare" }]);
    expect(JSON.stringify(object)).not.toContain(TOKEN);
    expect((stored.tools as { auth?: { user_token: string } }[])[1]!.auth!.user_token, "the row is not changed").toBe(TOKEN);
  });
});
