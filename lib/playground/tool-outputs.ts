import type { AssistantTool, FunctionTool } from "@/lib/assistants/tools";
import type { MockOutput } from "@/lib/assistants/mock-outputs";
import type { StreamedToolCall } from "@/lib/playground/live-run-view";
import { describeJsonError, parseJsonText } from "@/lib/schema-builder/json-text";
import type { JsonSchema } from "@/lib/schema-builder/types";

// The playground's tool call cards, minus React: how a call's arguments are shown, which schema
// they are checked against, whether a typed output can be sent, and the submit_tool_outputs body.
// A tool output is a string on the wire, so "JSON mode" only promises the text parses; what is
// sent is the text as typed (its spacing and key order are the person's, and a mock stays as saved).

export type OutputMode = "text" | "json";
export type OutputDraft = { mode: OutputMode; text: string };
export type ToolOutput = { tool_call_id: string; output: string };

export type PrettyArguments = { pretty: string; parsed: unknown; valid: boolean };

/** Arguments indented for reading; text that does not parse (a model can emit that) is shown as sent. */
export function prettyArguments(raw: string): PrettyArguments {
  if (raw.trim() === "") return { pretty: raw, parsed: undefined, valid: false };
  try {
    const parsed: unknown = JSON.parse(raw);
    return { pretty: JSON.stringify(parsed, null, 2), parsed, valid: true };
  } catch {
    return { pretty: raw, parsed: undefined, valid: false };
  }
}

/**
 * The `parameters` schema of the function `name` among the run's tools: `null` when it declares
 * none (nothing to check against), `"unknown"` when the run has no such function (a model can
 * call a name it was not given, and that is worth saying on the card).
 */
export function functionSchemaFor(tools: readonly AssistantTool[], name: string): JsonSchema | null | "unknown" {
  const tool = tools.find((candidate): candidate is FunctionTool => candidate.type === "function" && (candidate as FunctionTool).function.name === name);
  if (!tool) return "unknown";
  return tool.function.parameters ?? null;
}

/**
 * What is wrong with a draft, to show under it. Empty is not an error here (a field nobody has
 * typed in yet should not be red); `toToolOutputs` still refuses it.
 */
export function outputDraftError(mode: OutputMode, text: string): string | null {
  if (mode !== "json" || text.trim() === "") return null;
  const parsed = parseJsonText(text);
  return parsed.ok ? null : `Output must be valid JSON: ${describeJsonError(parsed)}`;
}

/** Ready to send: something typed (not only spaces) and, in JSON mode, JSON. */
export const isDraftReady = (draft: OutputDraft | undefined): draft is OutputDraft =>
  draft !== undefined && draft.text.trim() !== "" && outputDraftError(draft.mode, draft.text) === null;

export type ToolOutputsResult = { ok: true; outputs: ToolOutput[] } | { ok: false; missing: string[] };

/**
 * The submit_tool_outputs body for the calls still waiting (no `output` yet), in call order.
 * `missing` lists the ids of waiting calls whose draft is empty or not valid JSON.
 */
export function toToolOutputs(calls: readonly StreamedToolCall[], drafts: Readonly<Record<string, OutputDraft>>): ToolOutputsResult {
  const outputs: ToolOutput[] = [];
  const missing: string[] = [];
  for (const call of calls) {
    if (call.output !== null) continue;
    const draft = drafts[call.id];
    if (isDraftReady(draft)) outputs.push({ tool_call_id: call.id, output: draft.text });
    else missing.push(call.id);
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, outputs };
}

/**
 * A call's output form before anything is typed: in the format of the function's mock output when
 * it has one (a function whose mock is JSON returns JSON), else text.
 */
export const emptyDraft = (mock: MockOutput | undefined): OutputDraft => ({ mode: mock?.format ?? "text", text: "" });

/** The draft "Use mock output" fills in: the mock's text as saved, in its format's mode. */
export const mockDraft = (mock: MockOutput): OutputDraft => ({ mode: mock.format, text: mock.output });

/** An output as the card shows it once sent: indented when it is JSON, as sent otherwise. */
export function prettyOutput(output: string): { text: string; json: boolean } {
  const { pretty, valid, parsed } = prettyArguments(output);
  // A bare string or number is JSON too, but indenting changes nothing and "JSON" would mislead.
  return valid && typeof parsed === "object" && parsed !== null ? { text: pretty, json: true } : { text: output, json: false };
}

/**
 * Time left before a run waiting for outputs expires, as "9 min", "1 h 5 min" or "less than a
 * minute"; `null` with no deadline or once it has passed. `expiresAt` is unix seconds (the wire's
 * `expires_at`), `now` milliseconds (Date.now()). Minutes are rounded down, so the phrase never
 * promises more time than is left.
 */
export function expiresIn(expiresAt: number | null, now: number): string | null {
  if (expiresAt === null) return null;
  const seconds = expiresAt - now / 1000;
  if (seconds <= 0) return null;
  if (seconds < 60) return "less than a minute";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}
