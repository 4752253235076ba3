import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api, sdkClient, type Json } from "./support/http";
import { waitFor } from "./support/wait";
import { createTestWorkspace, provision, releaseDatabase, type TestWorkspace } from "./support/workspace";

// Test runs (issue 22) through /api/v1/assistants/{id}/test_runs against the scripted model: every
// kind of assertion decided on real runs (the judge is the scripted model answering the verdict its
// rubric scripts), repeats, tool calls answered by mocks unattended, a pinned version, regressions
// against the previous run, cancel, and bad requests refused with nothing written.

let ws: TestWorkspace;
let sdk: ReturnType<typeof sdkClient>;

beforeAll(async () => {
  ({ ws } = await provision(async (lib) => ({ ws: await createTestWorkspace(lib, "test-runs") })));
  sdk = sdkClient(ws.apiKey);
});

afterEach(async () => {
  await sdk.settled();
  expect(sdk.contractViolations(), "every response must match the contract and its extensions").toEqual([]);
  sdk.exchanges.length = 0;
});

afterAll(releaseDatabase);

const client = () => sdk.client;
const post = (path: string, body: unknown) => client().post(path, { body }) as Promise<Json>;
const get = (path: string) => client().get(path) as Promise<Json>;

async function assistantWith(body: Record<string, unknown> = {}): Promise<string> {
  return (await client().beta.assistants.create({ model: "scripted-1", name: "under test", ...body } as never)).id;
}

async function finished(assistantId: string, runId: string): Promise<Json> {
  return waitFor(() => get(`/assistants/${assistantId}/test_runs/${runId}`), (run) => ["completed", "cancelled", "failed"].includes(run.status), 60_000);
}

const results = async (assistantId: string, runId: string) => (await get(`/assistants/${assistantId}/test_runs/${runId}/results?limit=100`)).data as Json[];
const outcome = (result: Json, type: string) => result.assertions.find((item: Json) => item.type === type);

const WEATHER = {
  type: "function",
  function: { name: "get_weather", description: "Weather now", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
};

describe("test runs", () => {
  it("decides every kind of assertion on real runs, repeats each test, and keeps each attempt's thread", async () => {
    const assistantId = await assistantWith({ tools: [WEATHER], mock_outputs: { get_weather: { format: "json", output: '{"temp": 21}' } } });
    const text = await post(`/assistants/${assistantId}/tests`, {
      name: "text checks",
      turns: [{ content: '[[reply: {"city": "Oslo", "temp": 21}]]' }],
      assertions: [
        { type: "contains", value: "Oslo" },
        { type: "icontains", value: "oslo" },
        { type: "not-contains", value: "Bergen" },
        { type: "starts-with", value: "{" },
        { type: "regex", value: "temp\\W+\\d+" },
        { type: "is-json", value: { type: "object", required: ["city", "temp"] } },
        { type: "contains-json" },
        { type: "jsonata", value: "temp > 20 and city = 'Oslo'" },
        { type: "equals", value: { city: "Oslo", temp: 21 } },
        { type: "tokens", threshold: 10_000 },
        { type: "latency", threshold: 30_000 },
        { type: "tool-not-called" },
        { type: "llm-rubric", value: 'Mentions a city. [[reply: {"reason": "names Oslo", "pass": true, "score": 0.9}]]' },
      ],
    });
    const failing = await post(`/assistants/${assistantId}/tests`, {
      name: "fails on purpose",
      turns: [{ content: "[[reply: It is sunny.]]" }],
      assertions: [
        { type: "contains", value: "rain" },
        { type: "llm-rubric", value: 'Says it rains. [[reply: {"reason": "it says sunny", "pass": false, "score": 0.1}]]' },
      ],
    });
    const tools = await post(`/assistants/${assistantId}/tests`, {
      name: "calls the weather tool",
      tags: ["tools"],
      turns: [
        { content: '[[tool: get_weather {"city": "Oslo"}]] [[after-tools: It is 21 degrees.]]', assertions: [{ type: "tool-called", value: "get_weather", arguments: { city: "Oslo" }, times: 1 }, { type: "contains", value: "21" }] },
        { content: "Thanks" },
      ],
      assertions: [{ type: "icontains", value: "thanks" }],
    });

    const created = await post(`/assistants/${assistantId}/test_runs`, { repeat: 2 });
    expect(created).toMatchObject({ object: "assistant.test_run", assistant_id: assistantId, version: null, assistant_version: 1, repeat: 2, trigger: "api" });
    expect(["queued", "in_progress"]).toContain(created.status);
    expect(created.totals).toMatchObject({ total: 6 });
    const run = await finished(assistantId, created.id);
    expect(run).toMatchObject({ status: "completed", totals: { passed: 4, failed: 2, errored: 0, cancelled: 0, pending: 0, total: 6 }, pass_rate: 0.6667 });
    expect(run.completed_at).toBeGreaterThanOrEqual(run.started_at);
    expect(run.tests).toEqual([
      { test_id: text.id, test_name: "text checks", attempts: 2, passed: 2, pass_rate: 1, flaky: false, status: "passed" },
      { test_id: failing.id, test_name: "fails on purpose", attempts: 2, passed: 0, pass_rate: 0, flaky: false, status: "failed" },
      { test_id: tools.id, test_name: "calls the weather tool", attempts: 2, passed: 2, pass_rate: 1, flaky: false, status: "passed" },
    ]);

    const all = await results(assistantId, run.id);
    expect(all.map((result) => [result.test_name, result.attempt, result.status])).toEqual([
      ["text checks", 1, "passed"],
      ["text checks", 2, "passed"],
      ["fails on purpose", 1, "failed"],
      ["fails on purpose", 2, "failed"],
      ["calls the weather tool", 1, "passed"],
      ["calls the weather tool", 2, "passed"],
    ]);
    const [first] = all;
    expect(first.assertions.map((item: Json) => [item.type, item.pass])).toEqual([
      ["contains", true],
      ["icontains", true],
      ["not-contains", true],
      ["starts-with", true],
      ["regex", true],
      ["is-json", true],
      ["contains-json", true],
      ["jsonata", true],
      ["equals", true],
      ["tokens", true],
      ["latency", true],
      ["tool-not-called", true],
      ["llm-rubric", true],
    ]);
    expect(outcome(first, "llm-rubric")).toMatchObject({ score: 0.9, reason: "The judge passed the reply (score 0.9 on 0-1): names Oslo" });
    expect(outcome(first, "llm-rubric").details.judge).toMatchObject({ model: "scripted-1", prompt: [{ role: "system" }, { role: "user" }] });
    expect(first.turns).toEqual([{ content: '[[reply: {"city": "Oslo", "temp": 21}]]', run_id: expect.stringMatching(/^run_/), reply: '{"city": "Oslo", "temp": 21}', outcomes: [] }]);
    expect(first.usage.total_tokens).toBeGreaterThan(0);
    expect(first.latency_ms).toBeGreaterThanOrEqual(0);

    const failed = all[2]!;
    expect(outcome(failed, "contains")).toMatchObject({ pass: false, reason: 'The reply does not contain "rain".' });
    expect(outcome(failed, "llm-rubric")).toMatchObject({ pass: false, score: 0.1 });
    expect(outcome(failed, "llm-rubric").reason).toContain("it says sunny");

    // The tool test ran unattended: the assistant's mock answered get_weather, and each turn was checked.
    const toolResult = all[4]!;
    expect(toolResult.turns[0].outcomes.map((item: Json) => item.pass)).toEqual([true, true]);
    expect(toolResult.turns[1]).toMatchObject({ content: "Thanks", reply: "You said: Thanks" });
    // The attempt is a real thread: its messages and runs are there to inspect.
    const messages = await client().beta.threads.messages.list(toolResult.thread_id, { order: "asc" });
    expect(messages.data.map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant"]);
    const toolRun = await client().beta.threads.runs.retrieve(toolResult.turns[0].run_id, { thread_id: toolResult.thread_id });
    expect(toolRun).toMatchObject({ status: "completed", metadata: { test_run_id: run.id, test_id: tools.id } });
    const steps = await client().beta.threads.runs.steps.list(toolResult.turns[0].run_id, { thread_id: toolResult.thread_id });
    expect(JSON.stringify(steps.data)).toContain('{\\"temp\\": 21}');

    // Only failed results, and pages.
    const onlyFailed = await get(`/assistants/${assistantId}/test_runs/${run.id}/results?status=failed`);
    expect(onlyFailed.data.map((result: Json) => result.id)).toEqual([all[2]!.id, all[3]!.id]);
    const page = await get(`/assistants/${assistantId}/test_runs/${run.id}/results?limit=4`);
    expect(page).toMatchObject({ has_more: true, last_id: all[3]!.id });
    expect((await get(`/assistants/${assistantId}/test_runs`)).data.map((item: Json) => item.id)).toEqual([run.id]);
  }, 90_000);

  it("measures flakiness: a test repeated against a model that answers differently passes some attempts", async () => {
    const assistantId = await assistantWith();
    // A directive of its own (the scripted model counts per directive text): yes, no, yes, no.
    const marker = `flaky-${Date.now()}`;
    const flaky = await post(`/assistants/${assistantId}/tests`, { name: "flaky", turns: [{ content: `[[cycle: yes ${marker} | no ${marker}]]` }], assertions: [{ type: "starts-with", value: "yes" }] });
    const steady = await post(`/assistants/${assistantId}/tests`, { name: "steady", turns: [{ content: "[[reply: yes]]" }], assertions: [{ type: "equals", value: "yes" }] });
    const run = await finished(assistantId, (await post(`/assistants/${assistantId}/test_runs`, { repeat: 4 })).id);
    expect(run).toMatchObject({ status: "completed", totals: { passed: 6, failed: 2, total: 8 }, pass_rate: 0.75 });
    expect(run.tests).toEqual([
      { test_id: flaky.id, test_name: "flaky", attempts: 4, passed: 2, pass_rate: 0.5, flaky: true, status: "failed" },
      { test_id: steady.id, test_name: "steady", attempts: 4, passed: 4, pass_rate: 1, flaky: false, status: "passed" },
    ]);
  }, 60_000);

  it("errors an attempt whose tool call has no mock, and one whose run fails, with the reason", async () => {
    const assistantId = await assistantWith({ tools: [WEATHER] });
    await post(`/assistants/${assistantId}/tests`, { name: "no mock", turns: [{ content: '[[tool: get_weather {"city": "Rome"}]]' }], assertions: [{ type: "contains", value: "x" }] });
    await post(`/assistants/${assistantId}/tests`, { name: "model fails", turns: [{ content: "[[fail: 500]]" }], assertions: [{ type: "contains", value: "x" }] });
    // A check that cannot be decided (no price for the model) errors the attempt rather than pass or fail it.
    await post(`/assistants/${assistantId}/tests`, { name: "no price", turns: [{ content: "hi" }], assertions: [{ type: "contains", value: "hi" }, { type: "cost", threshold: 1 }] });
    const run = await finished(assistantId, (await post(`/assistants/${assistantId}/test_runs`, {})).id);
    expect(run).toMatchObject({ status: "completed", totals: { passed: 0, failed: 0, errored: 3 }, pass_rate: null });
    const [noMock, failing, noPrice] = await results(assistantId, run.id);
    expect(noPrice).toMatchObject({ status: "errored", error: null });
    expect(outcome(noPrice, "cost")).toMatchObject({ pass: false, errored: true, reason: "The run's model has no price (Settings → Providers), so its cost is unknown." });
    expect(noMock).toMatchObject({ status: "errored", error: "Turn 1 called get_weather, which has no mock output (give the test or the assistant one)." });
    expect(failing.status).toBe("errored");
    expect(failing.error).toMatch(/^Turn 1's run failed: /);
  }, 60_000);

  it("approves the calls of MCP tools that ask first (a test runs unattended), and the run goes on", async () => {
    // The server's tool list is its cache, seeded fresh; its URL is one this app may not call, so the
    // approved call's output is the refusal: what matters is that the run got past the approval.
    const server = await post("/mcp_servers", { server_label: "test_runs_guarded", server_url: "https://localhost/mcp", require_approval: "always" });
    const tools = [{ name: "approve_me", title: null, description: "Asks first.", inputSchema: { type: "object", properties: {} }, annotations: null }];
    await provision((lib) => lib.db.getDb().mcpServer.update({ where: { id: server.id }, data: { tools, toolsFetchedAt: new Date() } }));
    const assistantId = await assistantWith({ tools: [{ type: "mcp", server_label: "test_runs_guarded" }] });
    const test = await post(`/assistants/${assistantId}/tests`, {
      name: "asks for approval",
      turns: [{ content: "[[tool: approve_me {}]] [[after-tools: Went on.]]", assertions: [{ type: "tool-called", value: "approve_me", times: 1 }, { type: "contains", value: "Went on." }] }],
    });
    const run = await finished(assistantId, (await post(`/assistants/${assistantId}/test_runs`, {})).id);
    expect(run.status).toBe("completed");
    const [result] = await results(assistantId, run.id);
    expect(result).toMatchObject({ test_id: test.id, status: "passed" });
  });

  it("runs a pinned version or label, and reports what broke since the previous run", async () => {
    const assistantId = await assistantWith({ instructions: "Answer in French." });
    await client().beta.assistants.update(assistantId, { instructions: "Answer in German." });
    const test = await post(`/assistants/${assistantId}/tests`, { name: "French", turns: [{ content: "[[echo]]" }], assertions: [{ type: "contains", value: "French" }] });
    await post(`/assistants/${assistantId}/labels`, { label: "prod", version: 1 });

    const onProd = await finished(assistantId, (await post(`/assistants/${assistantId}/test_runs`, { version: "prod" })).id);
    expect(onProd).toMatchObject({ version: "prod", assistant_version: 1, totals: { passed: 1 }, previous_test_run_id: null, regressions: null });
    const onDraft = await finished(assistantId, (await post(`/assistants/${assistantId}/test_runs`, { tests: [test.id] })).id);
    expect(onDraft).toMatchObject({ version: null, assistant_version: 2, totals: { failed: 1 }, previous_test_run_id: onProd.id, regressions: { broke: [test.id], fixed: [], pass_rate_change: -1 } });
    // Overrides: the draft with its instructions changed for this run only.
    const overridden = await finished(assistantId, (await post(`/assistants/${assistantId}/test_runs`, { overrides: { instructions: "Answer in French, always." } })).id);
    expect(overridden).toMatchObject({ overrides: { instructions: "Answer in French, always." }, totals: { passed: 1 }, regressions: { broke: [], fixed: [test.id], pass_rate_change: 1 } });
  }, 60_000);

  it("cancels a test run: attempts under way stop, those not started never run", async () => {
    const assistantId = await assistantWith();
    for (const name of ["slow 1", "slow 2", "slow 3"]) await post(`/assistants/${assistantId}/tests`, { name, turns: [{ content: "[[first-delay: 4000]] [[reply: late]]" }] });
    const run = await post(`/assistants/${assistantId}/test_runs`, { concurrency: 1 });
    await waitFor(() => results(assistantId, run.id), (rows) => rows[0]?.status === "running" && rows[0]?.thread_id !== null);
    const cancelled = await post(`/assistants/${assistantId}/test_runs/${run.id}/cancel`, {});
    expect(cancelled).toMatchObject({ status: "cancelled" });
    expect(cancelled.cancelled_at).toEqual(expect.any(Number));
    const rows = await waitFor(() => results(assistantId, run.id), (items) => items.every((item) => item.status === "cancelled"), 15_000);
    expect(rows.map((row) => row.error), JSON.stringify(rows[0])).toEqual(Array(3).fill("The test run was cancelled."));
    // The attempt under way had its run cancelled; the others never made a thread.
    const runs = await client().beta.threads.runs.list(rows[0]!.thread_id);
    await waitFor(() => client().beta.threads.runs.retrieve(runs.data[0]!.id, { thread_id: rows[0]!.thread_id }), (item) => item.status === "cancelled");
    expect(rows.slice(1).map((row) => row.thread_id)).toEqual([null, null]);
    const again = await api("POST", `/assistants/${assistantId}/test_runs/${run.id}/cancel`, { key: ws.apiKey });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toBe("Cannot cancel a test run whose status is 'cancelled'.");
  }, 60_000);

  it("refuses bad requests with the parameter named, and writes nothing", async () => {
    const assistantId = await assistantWith();
    const empty = await api("POST", `/assistants/${assistantId}/test_runs`, { key: ws.apiKey, json: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ type: "invalid_request_error", param: "tests", message: "This assistant has no tests to run: add one first." });
    const test = await post(`/assistants/${assistantId}/tests`, { name: "t", turns: [{ content: "hi" }] });
    const cases: [unknown, string, number][] = [
      [{ repeat: 0 }, "repeat", 400],
      [{ repeat: 21 }, "repeat", 400],
      [{ tests: [test.id, "test_nope"] }, "tests[1]", 400],
      [{ tests: [] }, "tests", 400],
      [{ tag: "missing" }, "tag", 400],
      [{ version: 9 }, "version", 404],
      [{ overrides: { temperature: 5 } }, "overrides.temperature", 400],
      [{ surprise: true }, "surprise", 400],
      ["[]", "", 400],
    ];
    for (const [body, param, status] of cases) {
      const response = await api("POST", `/assistants/${assistantId}/test_runs`, { key: ws.apiKey, ...(typeof body === "string" ? { rawBody: body, headers: { "content-type": "application/json" } } : { json: body }) });
      expect(response.status, JSON.stringify(body)).toBe(status);
      if (param) expect(response.body.error.param, JSON.stringify(body)).toBe(param);
    }
    expect((await get(`/assistants/${assistantId}/test_runs`)).data).toEqual([]);
    const missing = await api("GET", `/assistants/${assistantId}/test_runs/testrun_0000000000000000000000`, { key: ws.apiKey });
    expect(missing.status).toBe(404);
    expect((await api("GET", `/assistants/asst_0000000000000000000000/test_runs`, { key: ws.apiKey })).status).toBe(404);
    expect((await api("GET", `/assistants/${assistantId}/test_runs/testrun_0000000000000000000000/results?status=odd`, { key: ws.apiKey })).body.error.param).toBe("status");
  });
});
