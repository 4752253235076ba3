import type { ResponseFormat } from "@/lib/assistants/schema";
import { formatCost } from "@/lib/pricing/format";
import type { AssistantTool } from "@/lib/assistants/tools";
import { callsOfStep, type StreamedToolCall } from "@/lib/playground/live-run-view";
import type { RawEvent } from "@/lib/playground/run-events";
import type { ToolChoice, TruncationStrategy } from "@/lib/runs/schema";
import type { RunObject, RunStatus, RunStepObject, Usage } from "@/lib/runs/wire";

// What the playground's run inspector shows, as plain data: durations, the status timeline, the
// settings a run ran with, its steps, and its raw events (filtered, and as SSE text to copy).
// The components (components/playground/run-inspector*.tsx) only lay these out.

/** "12 ms", "1.84 s", "2 min 3 s", "1 h 5 min": as precise as a reader can use at each scale. */
export function formatDuration(ms: number): string {
  const value = Number.isFinite(ms) ? Math.max(0, ms) : 0;
  if (Math.round(value) < 1000) return `${Math.round(value)} ms`;
  const seconds = Math.round(value / 10) / 100;
  if (seconds < 60) return `${seconds} s`;
  const whole = Math.round(value / 1000);
  if (whole < 3600) {
    const rest = whole % 60;
    return rest ? `${Math.floor(whole / 60)} min ${rest} s` : `${whole / 60} min`;
  }
  const minutes = Math.round(whole / 60);
  const rest = minutes % 60;
  return rest ? `${Math.floor(minutes / 60)} h ${rest} min` : `${minutes / 60} h`;
}

export const formatOffset = (ms: number) => `+${formatDuration(ms)}`;

export const formatCount = (value: number) => value.toLocaleString("en");

/** Tokens per second to one decimal: "42.5", "1,000". */
export const formatRate = (value: number) => value.toLocaleString("en", { maximumFractionDigits: 1 });

export type BadgeVariant = "success" | "destructive" | "neutral";

export function statusVariant(status: string): BadgeVariant {
  if (status === "completed") return "success";
  if (status === "failed" || status === "cancelled" || status === "expired") return "destructive";
  return "neutral";
}

/** One status a run went through and when, from the first; `null` when the API keeps no time for it. */
export type TimelineEntry = { status: RunStatus; offsetMs: number | null };

/** The statuses the playground saw on the stream, timed to the millisecond. */
export function streamTimeline(timeline: readonly { status: RunStatus; at: number }[]): TimelineEntry[] {
  const first = timeline[0]?.at ?? 0;
  return timeline.map(({ status, at }) => ({ status, offsetMs: at - first }));
}

/**
 * A run loaded from the API keeps only some timestamps, to the second: created (queued), started
 * (in_progress) and how it ended. Statuses without one (requires_action, incomplete, expired…)
 * close the list untimed when they are the current status.
 */
export function runTimeline(run: RunObject): TimelineEntry[] {
  const stamps: [RunStatus, number | null][] = [
    ["queued", run.created_at],
    ["in_progress", run.started_at],
    ["completed", run.completed_at],
    ["failed", run.failed_at],
    ["cancelled", run.cancelled_at],
  ];
  const entries = stamps
    .filter((stamp): stamp is [RunStatus, number] => stamp[1] !== null)
    .sort((a, b) => a[1] - b[1])
    .map(([status, at]): TimelineEntry => ({ status, offsetMs: (at - run.created_at) * 1000 }));
  if (entries.at(-1)?.status !== run.status) entries.push({ status: run.status, offsetMs: null });
  return entries;
}

export type SettingRow = { label: string; value: string };

const orDefault = (value: number | null) => (value === null ? "default" : String(value));
const orNoLimit = (value: number | null) => (value === null ? "no limit" : formatCount(value));

export function describeTruncation(strategy: TruncationStrategy | null): string {
  if (!strategy || strategy.type === "auto") return "auto";
  const count = strategy.last_messages ?? 0;
  return `last ${formatCount(count)} ${count === 1 ? "message" : "messages"}`;
}

export function describeToolChoice(choice: ToolChoice | null): string {
  if (choice === null) return "auto";
  if (typeof choice === "string") return choice;
  return choice.type === "function" ? `function ${choice.function.name}` : choice.type;
}

export function describeResponseFormat(format: ResponseFormat | null): string {
  if (format === null || format === "auto") return "auto";
  if (format.type !== "json_schema") return format.type;
  return `json_schema ${format.json_schema.name}${format.json_schema.strict ? " (strict)" : ""}`;
}

/** Function tools by their function's name, the others (built-ins, plugins) by type. */
export function toolNames(tools: readonly AssistantTool[]): string[] {
  return tools.map((tool) => (tool.type === "function" && "function" in tool ? tool.function.name : tool.type));
}

/** The settings the run stored (the effective ones, after the assistant's defaults), by API field name. Instructions are left to a collapsible block. */
export function settingsRows(run: RunObject): SettingRow[] {
  const tools = toolNames(run.tools ?? []);
  const rows: SettingRow[] = [
    { label: "model", value: run.model },
    { label: "temperature", value: orDefault(run.temperature) },
    { label: "top_p", value: orDefault(run.top_p) },
    { label: "top_k", value: orDefault(run.top_k) },
    { label: "max_prompt_tokens", value: orNoLimit(run.max_prompt_tokens) },
    { label: "max_completion_tokens", value: orNoLimit(run.max_completion_tokens) },
    { label: "max_tokens", value: orNoLimit(run.max_tokens) },
    { label: "truncation_strategy", value: describeTruncation(run.truncation_strategy ?? null) },
    { label: "tool_choice", value: describeToolChoice(run.tool_choice ?? null) },
    { label: "parallel_tool_calls", value: String(run.parallel_tool_calls) },
    { label: "response_format", value: describeResponseFormat(run.response_format ?? null) },
    { label: "tools", value: tools.length ? tools.join(", ") : "none" },
  ];
  if (run.reasoning_effort) rows.push({ label: "reasoning_effort", value: run.reasoning_effort });
  // Which version of the assistant it ran (runs from before versions were kept have none).
  if (run.assistant_version) rows.unshift({ label: "assistant_version", value: String(run.assistant_version) });
  return rows;
}

export function formatUsage(usage: Usage): string {
  const tokens = `${formatCount(usage.prompt_tokens)} prompt + ${formatCount(usage.completion_tokens)} completion = ${formatCount(usage.total_tokens)} tokens`;
  return usage.cost ? `${tokens} · ${formatCost(usage.cost)}` : tokens;
}

/** JSON text indented for reading; anything else (a plain-text tool output, partial streamed arguments) as it is. */
export function prettyJsonText(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return text;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return text;
  }
}

export type StepView = {
  id: string;
  type: RunStepObject["type"];
  status: RunStepObject["status"];
  messageId: string | null;
  calls: StreamedToolCall[];
  usage: Usage | null;
  lastError: RunStepObject["last_error"];
};

/** A run's steps (as the live-run store holds them, already in creation order) as the inspector lists them. */
export function stepViews(steps: readonly RunStepObject[]): StepView[] {
  return steps.map((step) => {
    const details = step.step_details;
    return {
      id: step.id,
      type: step.type,
      status: step.status,
      messageId: details.type === "message_creation" ? details.message_creation.message_id : null,
      calls: callsOfStep(step),
      usage: step.usage,
      lastError: step.last_error,
    };
  });
}

// Events are immutable once received, so their text is worked out once, not per keystroke or render.
const searchCache = new WeakMap<RawEvent, string>();
const prettyCache = new WeakMap<RawEvent, string>();

/** An event's data for reading: pretty JSON, or the text itself (`[DONE]`). */
export function prettyEventData(event: RawEvent): string {
  let text = prettyCache.get(event);
  if (text === undefined) {
    text = prettyJsonText(event.data);
    prettyCache.set(event, text);
  }
  return text;
}

function searchText(event: RawEvent): string {
  let text = searchCache.get(event);
  if (text === undefined) {
    text = `${event.event}\n${event.data}`.toLowerCase();
    searchCache.set(event, text);
  }
  return text;
}

/** Events whose name or JSON contains `query`, ignoring case; all of them for a blank query. */
export function filterEvents(events: readonly RawEvent[], query: string): RawEvent[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [...events];
  return events.filter((event) => searchText(event).includes(needle));
}

export const MAX_SHOWN_EVENTS = 500;

export type ShownEvent = { event: RawEvent; index: number };

/** The last `limit` matching events with their position in the stream; a long stream stays quick to render. */
export function visibleEvents(events: readonly RawEvent[], query: string, limit = MAX_SHOWN_EVENTS): { rows: ShownEvent[]; matched: number; total: number } {
  const needle = query.trim().toLowerCase();
  const rows: ShownEvent[] = [];
  let matched = 0;
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    if (needle && !searchText(event).includes(needle)) continue;
    matched += 1;
    rows.push({ event, index });
  }
  return { rows: rows.slice(-limit), matched, total: events.length };
}

/** Events as the server sent them (`event: X\ndata: {json}\n\n`), for replaying or diffing elsewhere. */
export function eventsAsSse(events: readonly RawEvent[]): string {
  return events
    .map(({ event, data }) => {
      const lines = data
        .split("\n")
        .map((line) => `data: ${line}`)
        .join("\n");
      return `event: ${event}\n${lines}\n\n`;
    })
    .join("");
}
