import { diffWords } from "diff";
import type { ResponseFormat } from "@/lib/assistants/schema";
import type { AssistantObject } from "@/lib/assistants/wire";
import type { MockOutputs } from "@/lib/assistants/mock-outputs";
import { mockDraft, toToolOutputs, type OutputDraft, type ToolOutput } from "@/lib/playground/tool-outputs";
import { inspectorTimings } from "@/lib/playground/inspector-timings";
import type { StreamedToolCall, StreamTimings } from "@/lib/playground/live-run-view";
import type { Cost } from "@/lib/pricing/cost";
import type { RunObject } from "@/lib/runs/wire";
import type { TimelineItem } from "@/lib/playground/timeline";

// The playground's compare view (issue 21), minus React: what each column is (a saved version or
// label, or the current draft with overrides), the run it asks for, what "Save as new version"
// writes, the metrics line, the mock answers to tool calls, the word diff of two replies and the
// synchronised scroll. Client-safe.

export const MAX_COLUMNS = 4;

export type DraftOverrides = {
  model: string;
  instructions: string;
  /** As typed: "" means the assistant's. */
  temperature: string;
  topP: string;
  responseFormat: "assistant" | "text" | "json_object";
  tools: boolean;
};

/** A column: `version` is a number or a label as typed ("3", "production"). */
export type Variant = { kind: "version"; ref: string } | { kind: "draft"; overrides: DraftOverrides };

export const draftOverridesOf = (assistant: AssistantObject): DraftOverrides => ({
  model: assistant.model,
  instructions: assistant.instructions ?? "",
  temperature: assistant.temperature === null ? "" : String(assistant.temperature),
  topP: assistant.top_p === null ? "" : String(assistant.top_p),
  responseFormat: "assistant",
  tools: true,
});

const numberOf = (text: string) => (text.trim() === "" ? null : Number(text));

export type OverrideProblems = Partial<Record<keyof DraftOverrides, string>>;

export function overrideProblems(overrides: DraftOverrides): OverrideProblems {
  const problems: OverrideProblems = {};
  if (!overrides.model.trim()) problems.model = "Choose a model.";
  const temperature = numberOf(overrides.temperature);
  if (temperature !== null && !(temperature >= 0 && temperature <= 2)) problems.temperature = "Temperature is a number from 0 to 2.";
  const topP = numberOf(overrides.topP);
  if (topP !== null && !(topP >= 0 && topP <= 1)) problems.topP = "top_p is a number from 0 to 1.";
  return problems;
}

export const variantInvalid = (variant: Variant) => variant.kind === "draft" && Object.keys(overrideProblems(variant.overrides)).length > 0;

/** A version ref as the API takes it: a whole number is a version, anything else a label. */
export const versionRef = (ref: string): number | string => (/^\d+$/.test(ref) ? Number(ref) : ref);

function responseFormatOf(overrides: DraftOverrides, assistant: AssistantObject): ResponseFormat | null {
  if (overrides.responseFormat === "text") return { type: "text" };
  if (overrides.responseFormat === "json_object") return { type: "json_object" };
  return assistant.response_format;
}

/**
 * What the draft changes of the saved assistant, in the assistant's own fields: the run's
 * overrides, and what "Save as new version" writes. Tools off is no tools at all.
 */
export function draftChanges(assistant: AssistantObject, overrides: DraftOverrides): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (overrides.model.trim() !== assistant.model) changes.model = overrides.model.trim();
  if (overrides.instructions !== (assistant.instructions ?? "")) changes.instructions = overrides.instructions;
  const temperature = numberOf(overrides.temperature);
  if (temperature !== assistant.temperature) changes.temperature = temperature;
  const topP = numberOf(overrides.topP);
  if (topP !== assistant.top_p) changes.top_p = topP;
  const format = responseFormatOf(overrides, assistant);
  if (JSON.stringify(format) !== JSON.stringify(assistant.response_format)) changes.response_format = format;
  if (!overrides.tools && assistant.tools.length) changes.tools = [];
  return changes;
}

/** The body of POST /threads/{id}/runs for the column (without `stream`). */
export function variantRunBody(assistant: AssistantObject, variant: Variant): Record<string, unknown> {
  if (variant.kind === "version") return { assistant_id: assistant.id, assistant_version: versionRef(variant.ref) };
  const changes = draftChanges(assistant, variant.overrides);
  // A run takes null as "the assistant's" for these; the draft cleared them, so send no override.
  for (const key of ["temperature", "top_p", "response_format"]) if (changes[key] === null) delete changes[key];
  return { assistant_id: assistant.id, ...changes };
}

/** The column's title: `v3`, `production (v3)`, `Draft · gpt-4o`. */
export function variantTitle(variant: Variant, labels: Readonly<Record<string, number>>): string {
  if (variant.kind === "draft") return `Draft · ${variant.overrides.model.trim() || "no model"}`;
  if (/^\d+$/.test(variant.ref)) return `v${variant.ref}`;
  const version = labels[variant.ref];
  return version === undefined ? `${variant.ref} (no such label)` : `${variant.ref} (v${version})`;
}

/** The outputs "Answer all with mock outputs" sends for a column's waiting calls, or the functions lacking a mock. */
export function mockToolOutputs(calls: readonly StreamedToolCall[], mocks: MockOutputs): { ok: true; outputs: ToolOutput[] } | { ok: false; missing: string[] } {
  // Plugin and MCP calls run on the server (approved on their cards): no mock answers them.
  const waiting = calls.filter((call) => call.output === null && !call.server);
  const drafts: Record<string, OutputDraft> = {};
  const missing: string[] = [];
  for (const call of waiting) {
    const mock = Object.hasOwn(mocks, call.name) ? mocks[call.name] : undefined;
    if (mock) drafts[call.id] = mockDraft(mock);
    else if (!missing.includes(call.name)) missing.push(call.name);
  }
  if (missing.length) return { ok: false, missing };
  const result = toToolOutputs(waiting, drafts);
  return result.ok ? result : { ok: false, missing: result.missing };
}

/** The text of the column's last assistant reply, or null before one. */
export function lastReply(items: readonly TimelineItem[]): string | null {
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index]!;
    if (item.kind === "message" && item.message.role === "assistant") return item.message.text;
  }
  return null;
}

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

/** Word diff of two replies: what `b` removed from and added to `a`. */
export const wordDiff = (a: string, b: string): DiffPart[] =>
  diffWords(a, b).map((part) => ({ kind: part.added ? "added" : part.removed ? "removed" : "same", text: part.value }));

type ScrollBox = { scrollTop: number; scrollHeight: number; clientHeight: number };

/** Where another column scrolls to follow `source`: the same fraction of its own scrollable height. */
export function followScroll(source: ScrollBox, target: ScrollBox): number {
  const range = source.scrollHeight - source.clientHeight;
  const fraction = range > 0 ? source.scrollTop / range : 1;
  return Math.round(fraction * Math.max(0, target.scrollHeight - target.clientHeight));
}

export type ColumnMetrics = {
  timeToFirstTokenMs: number | null;
  totalMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  tokensPerSecond: number | null;
  /** Null without a price for the run's model (Settings → Providers). */
  cost: Cost | null;
};

/** The metrics line of a column: its latest run's, from what the run stored (the stream's while its first call streams). */
export function columnMetrics(run: RunObject | null, streamed: StreamTimings | null): ColumnMetrics | null {
  if (!run) return null;
  const timings = inspectorTimings(run.timings, streamed);
  return {
    timeToFirstTokenMs: timings.timeToFirstTokenMs,
    totalMs: timings.totalMs,
    promptTokens: run.usage?.prompt_tokens ?? null,
    completionTokens: run.usage?.completion_tokens ?? null,
    tokensPerSecond: timings.tokensPerSecond,
    cost: run.usage?.cost ?? null,
  };
}

/** A column as the browser keeps it between visits (sessionStorage): its variant and its thread. */
export type StoredColumn = { variant: Variant; threadId: string | null };

const isOverrides = (value: unknown): value is DraftOverrides => {
  if (value === null || typeof value !== "object") return false;
  const record = value as Record<string, unknown>;
  return (
    ["model", "instructions", "temperature", "topP"].every((key) => typeof record[key] === "string") &&
    ["assistant", "text", "json_object"].includes(record.responseFormat as string) &&
    typeof record.tools === "boolean"
  );
};

/** The columns stored for an assistant, or null when what is stored is not (or no longer) that shape. */
export function parseStoredColumns(text: string | null): StoredColumn[] | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_COLUMNS) return null;
  const columns: StoredColumn[] = [];
  for (const item of value as { variant?: { kind?: unknown; ref?: unknown; overrides?: unknown }; threadId?: unknown }[]) {
    const variant = item?.variant;
    const threadId = typeof item?.threadId === "string" && /^thread_[A-Za-z0-9]{1,60}$/.test(item.threadId) ? item.threadId : null;
    if (variant?.kind === "version" && typeof variant.ref === "string" && variant.ref) columns.push({ variant: { kind: "version", ref: variant.ref }, threadId });
    else if (variant?.kind === "draft" && isOverrides(variant.overrides)) columns.push({ variant: { kind: "draft", overrides: variant.overrides }, threadId });
    else return null;
  }
  return columns;
}
