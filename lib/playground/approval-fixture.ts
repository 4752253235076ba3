import { runFixture } from "@/lib/playground/run-fixture";
import type { RunObject, RunStepObject, StepFunctionCall } from "@/lib/runs/wire";

// A run that calls a plugin operation and an MCP tool needing approval (issue 24), as the engine
// streams it (lib/runs/segment.ts, lib/runs/server-calls.ts): the model's calls as deltas with no
// `server_tool` (the waiting step is not published), the run in requires_action with
// submit_tool_approvals; then, after the decisions, the step with them recorded, the approved
// call's result as a delta carrying only what the step lacks, and the step completed. For the
// playground's unit tests only.

const PLUGIN = { type: "plugin", plugin_id: "weather", operation: "getForecast", request: "GET /forecast/{city}" } as const;
const MCP = { type: "mcp", server_label: "calc", tool: "add" } as const;
export const DENIED_OUTPUT = "The user denied this call: not now. It was not run.";
export const FORECAST = '{"city":"Oslo","temperature":-3}';

const sse = (events: [string, unknown][]) => events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join("") + "event: done\ndata: [DONE]\n\n";

const step = (status: RunStepObject["status"], calls: StepFunctionCall[]): RunStepObject => ({
  id: "step_1",
  object: "thread.run.step",
  created_at: 1_700_000_001,
  assistant_id: "asst_1",
  thread_id: "thread_1",
  run_id: "run_1",
  type: "tool_calls",
  status,
  step_details: { type: "tool_calls", tool_calls: calls },
  last_error: null,
  expired_at: null,
  cancelled_at: null,
  failed_at: null,
  completed_at: status === "completed" ? 1_700_000_003 : null,
  metadata: {},
  usage: null,
});

const delta = (call: Record<string, unknown>) => ({ id: "step_1", object: "thread.run.step.delta", delta: { step_details: { type: "tool_calls", tool_calls: [call] } } });

const run = (status: RunObject["status"], extra: Partial<RunObject> = {}) => runFixture({ status, completed_at: null, usage: null, ...extra });

export const waitingRun = run("requires_action", {
  expires_at: 1_700_000_600,
  required_action: {
    type: "submit_tool_approvals",
    submit_tool_approvals: {
      tool_calls: [
        { id: "call_plugin", type: "function", function: { name: "get_forecast", arguments: '{"city":"Oslo"}' }, server_tool: PLUGIN },
        { id: "call_mcp", type: "function", function: { name: "calc_add", arguments: '{"a":1,"b":2}' }, server_tool: MCP },
      ],
    },
  },
});

/** The run up to its wait: started, the model's two calls, requires_action. */
export const waitingBody = sse([
  ["thread.run.created", run("queued")],
  ["thread.run.in_progress", run("in_progress")],
  ["thread.run.step.created", step("in_progress", [])],
  ["thread.run.step.delta", delta({ index: 0, id: "call_plugin", type: "function", function: { name: "get_forecast", arguments: "", output: null } })],
  ["thread.run.step.delta", delta({ index: 0, type: "function", function: { arguments: '{"city":"Oslo"}' } })],
  ["thread.run.step.delta", delta({ index: 1, id: "call_mcp", type: "function", function: { name: "calc_add", arguments: '{"a":1,"b":2}', output: null } })],
  ["thread.run.requires_action", waitingRun],
]);

const decided: StepFunctionCall[] = [
  { id: "call_plugin", type: "function", function: { name: "get_forecast", arguments: '{"city":"Oslo"}', output: null }, server_tool: { ...PLUGIN, status: "approved", approval: { approved: true, reason: null } } },
  { id: "call_mcp", type: "function", function: { name: "calc_add", arguments: '{"a":1,"b":2}', output: DENIED_OUTPUT }, server_tool: { ...MCP, status: "denied", approval: { approved: false, reason: "not now" } } },
];

/** The submit_tool_approvals stream: the step with the decisions, the approved call's result, the step and run done. */
export const resumedBody = sse([
  ["thread.run.step.in_progress", step("in_progress", decided)],
  ["thread.run.queued", run("queued")],
  ["thread.run.in_progress", run("in_progress")],
  ["thread.run.step.delta", delta({ index: 0, type: "function", function: { output: FORECAST }, server_tool: { duration_ms: 84, http_status: 200 } })],
  [
    "thread.run.step.completed",
    step("completed", [{ ...decided[0]!, function: { ...decided[0]!.function, output: FORECAST }, server_tool: { ...PLUGIN, status: "completed", http_status: 200, duration_ms: 84, approval: { approved: true, reason: null } } }, decided[1]!]),
  ],
  ["thread.run.completed", runFixture()],
]);

/** A call that ran without approval, as the engine streams its result: the whole `server_tool` in the last delta. */
export const ranBody = sse([
  ["thread.run.step.created", step("in_progress", [])],
  ["thread.run.step.delta", delta({ index: 0, id: "call_mcp", type: "function", function: { name: "calc_add", arguments: '{"a":1,"b":2}', output: null }, server_tool: { ...MCP, status: "in_progress" } })],
  ["thread.run.step.delta", delta({ index: 0, type: "function", function: { output: "3" }, server_tool: { ...MCP, status: "completed", duration_ms: 12 } })],
]);
