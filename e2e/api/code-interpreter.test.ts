import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { sdkClient } from "./support/http";
import { codeScenarios, python, type CodeContext } from "./support/code-scenarios";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// The code interpreter (issue 23) on the default `pyodide` sandbox, with the official SDK against
// the shared server: the scenarios every sandbox passes (./support/code-scenarios.ts), held to the
// contract, and what an assistant without the tool does with a `python` call.

let ws: TestWorkspace;
let sdk: ReturnType<typeof sdkClient>;

beforeAll(async () => {
  ({ ws } = await provision(async (lib) => ({ ws: await createTestWorkspace(lib, "code") })));
  sdk = sdkClient(ws.apiKey);
});

afterEach(async () => {
  await sdk.settled();
  expect(sdk.contractViolations(), "every response must match the contract").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(releaseDatabase);

const context: CodeContext = {
  client: () => sdk.client,
  sandbox: "pyodide",
  modelRequests: async () => {
    const response = await fetch(`${inject("modelURL").replace(/\/v1$/, "")}/__scripted/requests`);
    return ((await response.json()) as { data: never[] }).data;
  },
};

describe("code interpreter (pyodide)", () => {
  codeScenarios(context);

  it("is not offered to an assistant without the tool: a python call is then the client's function", async () => {
    const assistant = await sdk.client.beta.assistants.create({ model: "scripted-1", tools: [{ type: "function", function: { name: "python", parameters: { type: "object", properties: { code: { type: "string" } } } } }] });
    const thread = await sdk.client.beta.threads.create({ messages: [{ role: "user", content: python("print(1)") }] });
    const run = await sdk.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id }, { pollIntervalMs: 100 });
    expect(run.status).toBe("requires_action");
    await sdk.client.beta.threads.runs.cancel(run.id, { thread_id: thread.id });
  }, 60_000);
});
