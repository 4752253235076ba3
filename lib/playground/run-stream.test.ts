import { describe, expect, it } from "vitest";
import { applyRunEvent, emptyRunStream, runTimings, type RunStream } from "@/lib/playground/run-stream";

// The playground's view of a run, folded from its events in the order the API sends them.

const run = (status: string, extra: Record<string, unknown> = {}) => ({ id: "run_1", object: "thread.run", status, usage: null, ...extra });
const message = (status: string, text = "") => ({
  id: "msg_1",
  object: "thread.message",
  role: "assistant",
  status,
  content: text ? [{ type: "text", text: { value: text, annotations: [] } }] : [],
});
const textDelta = (value: string) => ({ id: "msg_1", object: "thread.message.delta", delta: { content: [{ index: 0, type: "text", text: { value } }] } });
const toolStep = (status: string, calls: { id: string; name: string; arguments: string; output: string | null }[]) => ({
  id: "step_1",
  object: "thread.run.step",
  type: "tool_calls",
  status,
  step_details: { type: "tool_calls", tool_calls: calls.map((call) => ({ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments, output: call.output } })) },
});

function fold(events: [string, unknown, number][], start = 1000): RunStream {
  return events.reduce((state, [event, data, at]) => applyRunEvent(state, event, data, at), emptyRunStream(start));
}

describe("applyRunEvent", () => {
  it("assembles streamed text, the status timeline and the timings", () => {
    const state = fold([
      ["thread.run.created", run("queued"), 1010],
      ["thread.run.queued", run("queued"), 1010],
      ["thread.run.in_progress", run("in_progress"), 1012],
      ["thread.message.created", message("in_progress"), 1015],
      ["thread.message.delta", textDelta("Hello"), 1020],
      ["thread.message.delta", textDelta(", world"), 1520],
      ["thread.message.completed", message("completed", "Hello, world"), 1525],
      ["thread.run.completed", run("completed", { usage: { prompt_tokens: 3, completion_tokens: 11, total_tokens: 14 } }), 1530],
      ["done", "[DONE]", 1531],
    ]);
    expect(state.messages.get("msg_1")).toMatchObject({ text: "Hello, world", status: "completed" });
    expect(state.timeline.map((entry) => entry.status)).toEqual(["queued", "in_progress", "completed"]);
    expect(state.timeline[1]!.at).toBe(1012);
    expect(state.done).toBe(true);
    expect(state.events).toHaveLength(9);
    // 11 tokens over the 500 ms between the first and last delta: 10 intervals.
    expect(runTimings(state)).toEqual({ timeToFirstTokenMs: 20, totalMs: 531, tokensPerSecond: 20 });
  });

  it("keeps the text assembled so far when an in-progress object arrives again", () => {
    const state = fold([
      ["thread.message.created", message("in_progress"), 1],
      ["thread.message.delta", textDelta("partial"), 2],
      ["thread.message.in_progress", message("in_progress"), 3],
    ]);
    expect(state.messages.get("msg_1")!.text).toBe("partial");
  });

  it("builds tool calls from step deltas, then takes the step object's calls with their outputs", () => {
    const streamed = fold([
      ["thread.run.step.created", toolStep("in_progress", []), 1],
      ["thread.run.step.delta", { id: "step_1", delta: { step_details: { type: "tool_calls", tool_calls: [{ index: 0, id: "call_a", type: "function", function: { name: "get_weather", arguments: "", output: null } }] } } }, 2],
      ["thread.run.step.delta", { id: "step_1", delta: { step_details: { type: "tool_calls", tool_calls: [{ index: 1, id: "call_b", type: "function", function: { name: "get_time", arguments: "{}", output: null } }] } } }, 3],
      ["thread.run.step.delta", { id: "step_1", delta: { step_details: { type: "tool_calls", tool_calls: [{ index: 0, type: "function", function: { arguments: '{"city":' } }] } } }, 4],
      ["thread.run.step.delta", { id: "step_1", delta: { step_details: { type: "tool_calls", tool_calls: [{ index: 0, type: "function", function: { arguments: '"Paris"}' } }] } } }, 5],
      ["thread.run.requires_action", run("requires_action"), 6],
    ]);
    expect(streamed.toolCalls.get("step_1")).toEqual([
      { id: "call_a", name: "get_weather", arguments: '{"city":"Paris"}', output: null },
      { id: "call_b", name: "get_time", arguments: "{}", output: null },
    ]);
    const answered = applyRunEvent(streamed, "thread.run.step.completed", toolStep("completed", [{ id: "call_a", name: "get_weather", arguments: '{"city":"Paris"}', output: "18C" }]), 7);
    expect(answered.toolCalls.get("step_1")).toEqual([{ id: "call_a", name: "get_weather", arguments: '{"city":"Paris"}', output: "18C" }]);
    expect(answered.steps.get("step_1")!.status).toBe("completed");
  });

  it("records an error event and a failed run's last error", () => {
    const state = fold([
      ["error", { code: "server_error", message: "The model provider failed (HTTP 500)", param: null, type: "server_error" }, 1],
      ["thread.run.failed", run("failed", { last_error: { code: "server_error", message: "The model provider failed (HTTP 500)" } }), 2],
    ]);
    expect(state.error).toEqual({ code: "server_error", message: "The model provider failed (HTTP 500)" });
    expect(state.run!.last_error!.code).toBe("server_error");
  });

  it("ignores a delta for a message it has not seen, and leaves the state it was given unchanged", () => {
    const before = emptyRunStream();
    const after = applyRunEvent(before, "thread.message.delta", textDelta("orphan"), 1);
    expect(after.messages.size).toBe(0);
    expect(before.events).toHaveLength(0);
    expect(runTimings(after)).toEqual({ timeToFirstTokenMs: null, totalMs: null, tokensPerSecond: null });
  });
});
