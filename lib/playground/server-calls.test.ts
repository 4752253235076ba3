import { describe, expect, it } from "vitest";
import { DENIED_OUTPUT, FORECAST, ranBody, resumedBody, waitingBody, waitingRun } from "@/lib/playground/approval-fixture";
import { sseResponse } from "@/lib/playground/fixture-bodies";
import { IDLE, initialState, reduce, type Action, type LiveRunState } from "@/lib/playground/live-run-state";
import { approvalCalls, awaitedAction, callsOf, callsOfStep, requiredCalls } from "@/lib/playground/live-run-view";
import { readRunEvents, type RunStreamEvent } from "@/lib/playground/run-events";
import { runFixture } from "@/lib/playground/run-fixture";
import { approvalsToSubmit, serverCallBadge, serverCallSummary } from "@/lib/playground/server-calls";
import type { RunStepObject, ServerToolCall } from "@/lib/runs/wire";

// Plugin and MCP calls Atelier runs on the server (issue 24), as the playground reads them: from
// steps, from a run waiting for approvals, and folded from the stream of a resumed run.

async function read(text: string): Promise<RunStreamEvent[]> {
  const events: RunStreamEvent[] = [];
  let clock = 0;
  await readRunEvents(sseResponse(text), (event) => events.push(event), () => ++clock);
  return events;
}

const fold = (state: LiveRunState, actions: Action[]) => actions.reduce(reduce, state);
const response = (events: RunStreamEvent[]): Action[] => [{ type: "response", replay: false }, ...events.map((event): Action => ({ type: "event", event }))];
const ended: Action[] = [{ type: "unfollow" }, { type: "connection", connection: IDLE }];

const PLUGIN: ServerToolCall = { type: "plugin", plugin_id: "weather", operation: "getForecast", request: "GET /forecast/{city}", status: "completed", http_status: 200, duration_ms: 84 };
const MCP: ServerToolCall = { type: "mcp", server_label: "calc", tool: "add", status: "completed", duration_ms: 12 };

describe("server call views", () => {
  it("says what a call called and how it went, only what is known yet", () => {
    expect(serverCallSummary(PLUGIN)).toBe("Plugin weather · GET /forecast/{city} · HTTP 200 · 84 ms");
    expect(serverCallSummary(MCP)).toBe("MCP calc · add · 12 ms");
    expect(serverCallSummary({ ...PLUGIN, status: "awaiting_approval", http_status: undefined, duration_ms: undefined })).toBe("Plugin weather · GET /forecast/{city}");
    expect(serverCallSummary({ ...PLUGIN, status: "failed", http_status: null, duration_ms: 1_500 })).toBe("Plugin weather · GET /forecast/{city} · 1.5 s");
  });

  it("badges each status, a decision not yet sent, and a wait that ended", () => {
    const awaiting: ServerToolCall = { ...MCP, status: "awaiting_approval" };
    expect(["in_progress", "awaiting_approval", "approved", "denied", "completed", "failed"].map((status) => serverCallBadge({ ...MCP, status } as ServerToolCall, undefined, null).label)).toEqual([
      "Running…",
      "Awaiting approval",
      "Approved",
      "Denied",
      "Completed",
      "Failed",
    ]);
    expect(serverCallBadge(awaiting, true, null)).toEqual({ label: "Approved", variant: "success" });
    expect(serverCallBadge(awaiting, false, null)).toEqual({ label: "Denied", variant: "destructive" });
    expect(serverCallBadge(awaiting, undefined, "expired").label).toBe("Expired");
    expect(serverCallBadge({ ...MCP, status: "in_progress" }, undefined, "cancelled").label).toBe("Cancelled");
  });

  it("makes the approvals once every awaiting call is decided, a deny with its reason", () => {
    const ids = ["call_a", "call_b"];
    expect(approvalsToSubmit(ids, { call_a: { approve: true, reason: null } })).toBeNull();
    expect(approvalsToSubmit([], {})).toBeNull();
    expect(approvalsToSubmit(ids, { call_b: { approve: false, reason: "too costly" }, call_a: { approve: true, reason: null }, stale: { approve: true, reason: null } })).toEqual([
      { tool_call_id: "call_a", approve: true },
      { tool_call_id: "call_b", approve: false, reason: "too costly" },
    ]);
  });

  it("reads a step's calls with their server_tool, and a client function's without", () => {
    const tool_calls = [
      { id: "call_1", type: "function", function: { name: "get_forecast", arguments: "{}", output: "{}" }, server_tool: PLUGIN },
      { id: "call_2", type: "function", function: { name: "mine", arguments: "{}", output: null } },
    ];
    const step = { step_details: { type: "tool_calls", tool_calls } } as unknown as RunStepObject;
    expect(callsOfStep(step)).toEqual([
      { id: "call_1", name: "get_forecast", arguments: "{}", output: "{}", server: PLUGIN },
      { id: "call_2", name: "mine", arguments: "{}", output: null },
    ]);
  });

  it("exposes the calls a run waits to have approved, apart from the outputs it waits for", () => {
    expect(awaitedAction(waitingRun)).toBe("approvals");
    expect(requiredCalls(waitingRun)).toEqual([]);
    expect(approvalCalls(waitingRun)).toEqual([
      { id: "call_plugin", name: "get_forecast", arguments: '{"city":"Oslo"}', output: null, server: { type: "plugin", plugin_id: "weather", operation: "getForecast", request: "GET /forecast/{city}", status: "awaiting_approval" } },
      { id: "call_mcp", name: "calc_add", arguments: '{"a":1,"b":2}', output: null, server: { type: "mcp", server_label: "calc", tool: "add", status: "awaiting_approval" } },
    ]);
    expect(awaitedAction(runFixture())).toBeNull();
    expect(approvalCalls(runFixture())).toEqual([]);
  });
});

describe("a run waiting for approvals, streamed", () => {
  it("shows the streamed calls as awaiting approval (the step's deltas do not say so; the run's required_action does)", async () => {
    const state = fold(reduce(initialState("thread_1"), { type: "follow", runId: null, requestedAt: 0 }), [...response(await read(waitingBody)), ...ended]);
    const calls = callsOf(state, "run_1");
    expect(calls.map((call) => [call.id, call.arguments, call.server?.status])).toEqual([
      ["call_plugin", '{"city":"Oslo"}', "awaiting_approval"],
      ["call_mcp", '{"a":1,"b":2}', "awaiting_approval"],
    ]);
    expect(calls[0]!.server).toMatchObject({ type: "plugin", request: "GET /forecast/{city}" });
  });

  it("after the decisions: the output and timing arrive as a delta, merged into server_tool by key, the status never joined", async () => {
    const events = await read(resumedBody);
    const objects = events.filter((event) => event.event.startsWith("thread.run.step.")).map((event) => callsOfStep(event.object as RunStepObject));
    const [decided, ran, completed] = objects;
    expect(decided!.map((call) => [call.server?.status, call.output])).toEqual([
      ["approved", null],
      ["denied", DENIED_OUTPUT],
    ]);
    // The delta sends only what the step lacks: the status stays "approved", not "approvedapproved".
    expect(ran![0]).toMatchObject({ output: FORECAST, server: { status: "approved", duration_ms: 84, http_status: 200, plugin_id: "weather", approval: { approved: true, reason: null } } });
    // The earlier copy kept what it said then.
    expect(decided![0]!.server).not.toHaveProperty("duration_ms");
    expect(completed![0]!.server).toMatchObject({ status: "completed", duration_ms: 84 });
    expect(serverCallSummary(ran![0]!.server!)).toBe("Plugin weather · GET /forecast/{city} · HTTP 200 · 84 ms");
  });

  it("sets a whole server_tool sent again in a later delta (a call run without approval): values replaced, not concatenated or added", async () => {
    const events = await read(ranBody);
    const last = callsOfStep(events.filter((event) => event.event === "thread.run.step.delta").at(-1)!.object as RunStepObject);
    expect(last).toEqual([{ id: "call_mcp", name: "calc_add", arguments: '{"a":1,"b":2}', output: "3", server: { type: "mcp", server_label: "calc", tool: "add", status: "completed", duration_ms: 12 } }]);
  });
});
