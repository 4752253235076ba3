import { describe, expect, it } from "vitest";
import { maskSecret } from "@/lib/assistants/secrets";
import type { Run, RunStep } from "@/lib/generated/prisma/client";
import { toolCallsDelta, toRunObject, toRunStepObject, type StepFileSearchCall } from "@/lib/runs/wire";

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
  webhookUrl: null,
  assistantVersion: null,
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

describe("file_search calls on the wire", () => {
  const call: StepFileSearchCall = {
    id: "call_fs",
    type: "file_search",
    file_search: { ranking_options: { ranker: "default_2024_08_21", score_threshold: 0.1 }, results: [{ file_id: "file-a", file_name: "a.md", score: 0.6, content: [{ type: "text", text: "secret chunk" }] }] },
    _model: { index: 0, arguments: "{}", output: "the model's view" },
  };
  const step = { id: "step_1", runId: "run_1", threadId: "thread_1", assistantId: "asst_1", type: "tool_calls", status: "completed", createdAt: new Date(), stepDetails: { type: "tool_calls", tool_calls: [call] }, metadata: {}, usage: null } as unknown as RunStep;

  it("shows results without their content unless include[] asks, and never the model's own view", () => {
    const plain = JSON.stringify(toRunStepObject(step));
    expect(plain).not.toContain("secret chunk");
    expect(plain).not.toContain("_model");
    expect(plain).toContain('"file_name":"a.md"');
    const included = toRunStepObject(step, { fileSearchContent: true });
    expect(included.step_details).toEqual({ type: "tool_calls", tool_calls: [{ id: "call_fs", type: "file_search", file_search: call.file_search }] });
  });

  it("streams deltas in the same shape", () => {
    const delta = JSON.stringify(toolCallsDelta("step_1", [{ index: 0, ...call }]));
    expect(delta).not.toContain("secret chunk");
    expect(delta).not.toContain("_model");
  });
});
