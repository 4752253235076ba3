import { describe, expect, it } from "vitest";
import { runFixture } from "@/lib/playground/run-fixture";
import {
  eventsAsSse,
  filterEvents,
  formatDuration,
  formatOffset,
  formatRate,
  prettyEventData,
  prettyJsonText,
  runTimeline,
  settingsRows,
  statusVariant,
  stepViews,
  streamTimeline,
  visibleEvents,
} from "@/lib/playground/inspector";
import type { RawEvent } from "@/lib/playground/run-events";
import type { RunStepObject } from "@/lib/runs/wire";

// The run inspector's data: what it says about a run, worked out without React.

const run = runFixture;

const step = (id: string, created_at: number, extra: Partial<RunStepObject> = {}): RunStepObject => ({
  id,
  object: "thread.run.step",
  created_at,
  assistant_id: "asst_1",
  thread_id: "thread_1",
  run_id: "run_1",
  type: "message_creation",
  status: "completed",
  step_details: { type: "message_creation", message_creation: { message_id: `msg_${id}` } },
  last_error: null,
  expired_at: null,
  cancelled_at: null,
  failed_at: null,
  completed_at: created_at,
  metadata: {},
  usage: null,
  ...extra,
});

const toolStep = (id: string, created_at: number, calls: { id: string; name: string; arguments: string; output: string | null }[]): RunStepObject =>
  step(id, created_at, {
    type: "tool_calls",
    status: "in_progress",
    step_details: { type: "tool_calls", tool_calls: calls.map(({ id: callId, ...fn }) => ({ id: callId, type: "function", function: fn })) },
  });

const events: RawEvent[] = [
  { event: "thread.run.created", data: JSON.stringify({ id: "run_1", status: "queued" }), at: 1000 },
  { event: "thread.message.delta", data: JSON.stringify({ id: "msg_1", delta: { content: [{ index: 0, type: "text", text: { value: "Hello" } }] } }), at: 1020 },
  { event: "thread.run.completed", data: JSON.stringify({ id: "run_1", status: "completed" }), at: 1500 },
  { event: "done", data: "[DONE]", at: 1501 },
];

describe("formatDuration", () => {
  it("says milliseconds, then seconds to two decimals, then minutes and hours", () => {
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(12)).toBe("12 ms");
    expect(formatDuration(12.4)).toBe("12 ms");
    expect(formatDuration(999.6)).toBe("1 s");
    expect(formatDuration(1840)).toBe("1.84 s");
    expect(formatDuration(1500)).toBe("1.5 s");
    expect(formatDuration(59_994)).toBe("59.99 s");
    expect(formatDuration(59_999)).toBe("1 min");
    expect(formatDuration(123_000)).toBe("2 min 3 s");
    expect(formatDuration(3_725_000)).toBe("1 h 2 min");
    expect(formatDuration(7_200_000)).toBe("2 h");
  });

  it("never shows a negative or non-finite duration", () => {
    expect(formatDuration(-5)).toBe("0 ms");
    expect(formatDuration(Number.NaN)).toBe("0 ms");
    expect(formatOffset(12)).toBe("+12 ms");
  });

  it("gives rates to one decimal", () => {
    expect(formatRate(42.46)).toBe("42.5");
    expect(formatRate(1000)).toBe("1,000");
  });
});

describe("statusVariant", () => {
  it("is success for completed, destructive for the failures, neutral otherwise", () => {
    expect(statusVariant("completed")).toBe("success");
    for (const status of ["failed", "cancelled", "expired"]) expect(statusVariant(status)).toBe("destructive");
    for (const status of ["queued", "in_progress", "requires_action", "incomplete", "cancelling"]) expect(statusVariant(status)).toBe("neutral");
  });
});

describe("timelines", () => {
  it("offsets streamed statuses from the first", () => {
    const entries = streamTimeline([
      { status: "queued", at: 5000 },
      { status: "in_progress", at: 5012 },
      { status: "completed", at: 6840 },
    ]);
    expect(entries.map(({ status, offsetMs }) => `${status} ${formatOffset(offsetMs!)}`)).toEqual(["queued +0 ms", "in_progress +12 ms", "completed +1.84 s"]);
    expect(streamTimeline([])).toEqual([]);
  });

  it("builds a loaded run's timeline from its timestamps, to the second", () => {
    expect(runTimeline(run())).toEqual([
      { status: "queued", offsetMs: 0 },
      { status: "in_progress", offsetMs: 1000 },
      { status: "completed", offsetMs: 4000 },
    ]);
    expect(runTimeline(run({ status: "failed", completed_at: null, failed_at: 1_700_000_002 })).at(-1)).toEqual({ status: "failed", offsetMs: 2000 });
    expect(runTimeline(run({ status: "queued", started_at: null, completed_at: null }))).toEqual([{ status: "queued", offsetMs: 0 }]);
  });

  it("ends with the current status, untimed, when the API keeps no time for it", () => {
    expect(runTimeline(run({ status: "requires_action", completed_at: null }))).toEqual([
      { status: "queued", offsetMs: 0 },
      { status: "in_progress", offsetMs: 1000 },
      { status: "requires_action", offsetMs: null },
    ]);
    expect(runTimeline(run({ status: "incomplete", completed_at: null })).at(-1)).toEqual({ status: "incomplete", offsetMs: null });
  });
});

describe("settingsRows", () => {
  const value = (rows: { label: string; value: string }[], label: string) => rows.find((row) => row.label === label)?.value;

  it("describes defaults plainly", () => {
    const rows = settingsRows(run());
    expect(Object.fromEntries(rows.map((row) => [row.label, row.value]))).toEqual({
      model: "gpt-4o-mini",
      temperature: "default",
      top_p: "default",
      top_k: "default",
      max_prompt_tokens: "no limit",
      max_completion_tokens: "no limit",
      max_tokens: "no limit",
      truncation_strategy: "auto",
      tool_choice: "auto",
      parallel_tool_calls: "true",
      response_format: "auto",
      tools: "none",
    });
  });

  it("starts with the assistant version the run ran, when it has one", () => {
    expect(settingsRows(run({ assistant_version: 12 }))[0]).toEqual({ label: "assistant_version", value: "12" });
    expect(settingsRows(run()).map((row) => row.label)).not.toContain("assistant_version");
  });

  it("names what was set", () => {
    const rows = settingsRows(
      run({
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        max_prompt_tokens: 20_000,
        max_completion_tokens: 512,
        max_tokens: 300,
        truncation_strategy: { type: "last_messages", last_messages: 5 },
        tool_choice: { type: "function", function: { name: "get_weather" } },
        parallel_tool_calls: false,
        response_format: { type: "json_schema", json_schema: { name: "answer", strict: true, schema: { type: "object" } } },
        tools: [{ type: "function", function: { name: "get_weather" } }, { type: "file_search" }, { type: "web_search" }],
        reasoning_effort: "low",
      }),
    );
    expect(value(rows, "temperature")).toBe("0.2");
    expect(value(rows, "top_k")).toBe("40");
    expect(value(rows, "max_prompt_tokens")).toBe("20,000");
    expect(value(rows, "max_tokens")).toBe("300");
    expect(value(rows, "truncation_strategy")).toBe("last 5 messages");
    expect(value(rows, "tool_choice")).toBe("function get_weather");
    expect(value(rows, "parallel_tool_calls")).toBe("false");
    expect(value(rows, "response_format")).toBe("json_schema answer (strict)");
    expect(value(rows, "tools")).toBe("get_weather, file_search, web_search");
    expect(value(rows, "reasoning_effort")).toBe("low");
  });

  it("covers the other tool choices, formats and a single message", () => {
    expect(value(settingsRows(run({ tool_choice: "required" })), "tool_choice")).toBe("required");
    expect(value(settingsRows(run({ tool_choice: "none" })), "tool_choice")).toBe("none");
    expect(value(settingsRows(run({ tool_choice: { type: "file_search" } })), "tool_choice")).toBe("file_search");
    expect(value(settingsRows(run({ response_format: { type: "text" } })), "response_format")).toBe("text");
    expect(value(settingsRows(run({ response_format: { type: "json_object" } })), "response_format")).toBe("json_object");
    expect(value(settingsRows(run({ response_format: { type: "json_schema", json_schema: { name: "loose" } } })), "response_format")).toBe("json_schema loose");
    expect(value(settingsRows(run({ truncation_strategy: { type: "last_messages", last_messages: 1 } })), "truncation_strategy")).toBe("last 1 message");
  });
});

describe("stepViews", () => {
  it("lists each step with its message or its calls, outputs included once submitted", () => {
    const views = stepViews([toolStep("a", 1, [{ id: "call_1", name: "lookup", arguments: "{}", output: "42" }]), step("b", 2)]);
    expect(views.map((view) => view.id)).toEqual(["a", "b"]);
    expect(views[0]!.calls).toEqual([{ id: "call_1", name: "lookup", arguments: "{}", output: "42" }]);
    expect(views[1]).toMatchObject({ type: "message_creation", messageId: "msg_b", calls: [] });
  });

  it("shows calls still streaming as far as their arguments came", () => {
    // A step as AssistantStream folds it from deltas: no output yet, arguments cut short.
    const streaming = toolStep("a", 1, []);
    streaming.step_details = { type: "tool_calls", tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q": "os' } } as never] };
    expect(stepViews([streaming])[0]!.calls).toEqual([{ id: "call_1", name: "lookup", arguments: '{"q": "os', output: null }]);
  });
});

describe("prettyJsonText", () => {
  it("indents JSON and leaves other text alone", () => {
    expect(prettyJsonText('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJsonText("[1,2]")).toBe("[\n  1,\n  2\n]");
    expect(prettyJsonText('{"a":')).toBe('{"a":');
    expect(prettyJsonText("sunny, 21 °C")).toBe("sunny, 21 °C");
    expect(prettyJsonText("42")).toBe("42");
  });
});

describe("event filtering", () => {
  it("matches event names and JSON text, ignoring case", () => {
    expect(filterEvents(events, "")).toHaveLength(4);
    expect(filterEvents(events, "  ")).toHaveLength(4);
    expect(filterEvents(events, "RUN.").map((event) => event.event)).toEqual(["thread.run.created", "thread.run.completed"]);
    expect(filterEvents(events, "hello").map((event) => event.event)).toEqual(["thread.message.delta"]);
    expect(filterEvents(events, '"status":"queued"').map((event) => event.event)).toEqual(["thread.run.created"]);
    expect(filterEvents(events, "[done]").map((event) => event.event)).toEqual(["done"]);
    expect(filterEvents(events, "nothing like this")).toEqual([]);
  });

  it("shows the last matching events with their positions, and counts them all", () => {
    const many: RawEvent[] = Array.from({ length: 1200 }, (_, index) => ({ event: index % 2 ? "thread.message.delta" : "thread.run.step.delta", data: JSON.stringify({ n: index }), at: index }));
    const all = visibleEvents(many, "");
    expect(all).toMatchObject({ matched: 1200, total: 1200 });
    expect(all.rows).toHaveLength(500);
    expect(all.rows[0]!.index).toBe(700);
    expect(all.rows.at(-1)!.index).toBe(1199);
    const some = visibleEvents(many, "message", 10);
    expect(some).toMatchObject({ matched: 600, total: 1200 });
    expect(some.rows.map((row) => row.index)).toEqual([1181, 1183, 1185, 1187, 1189, 1191, 1193, 1195, 1197, 1199]);
  });

  it("renders an event's data as pretty JSON, or as its text", () => {
    expect(prettyEventData(events[0]!)).toBe('{\n  "id": "run_1",\n  "status": "queued"\n}');
    expect(prettyEventData(events[3]!)).toBe("[DONE]");
  });
});

describe("eventsAsSse", () => {
  it("writes events as the server sent them", () => {
    expect(eventsAsSse([events[0]!, events[3]!])).toBe('event: thread.run.created\ndata: {"id":"run_1","status":"queued"}\n\nevent: done\ndata: [DONE]\n\n');
    expect(eventsAsSse([])).toBe("");
  });

  it("keeps a multi-line text payload valid SSE", () => {
    expect(eventsAsSse([{ event: "note", data: "a\nb", at: 0 }])).toBe("event: note\ndata: a\ndata: b\n\n");
  });
});
