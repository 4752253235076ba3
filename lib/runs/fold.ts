import type { LanguageModelV3StreamPart } from "@ai-sdk/provider";
import type { Usage } from "@/lib/runs/wire";

// The model's stream folded into what a run records: its text, its tool calls, usage, how it
// finished. Pure (no I/O, no clock of its own): lib/runs/segment.ts feeds it each stream part and
// turns the effects it returns into writes and events, so what a stream *means* is tested here
// apart from how it is stored and sent.

export type FoldCall = { index: number; id: string; name: string; arguments: string };

export type FoldState = {
  /** All text of this model call so far. */
  text: string;
  calls: FoldCall[];
  usage: Usage;
  finishReason: string | null;
  /** The stream's own error part, if it sent one (a provider error mid-stream). */
  failure: unknown;
  /** When the first text or tool-call token arrived (the caller's clock), else null. */
  firstTokenAt: number | null;
};

export type FoldEffect =
  /** `open`: the first text of the call, so its message and step are created first. */
  | { type: "text"; delta: string; open: boolean }
  /** A new tool call (with its arguments so far); `open`: the first, so the tool-calls step is created first. */
  | { type: "call"; call: FoldCall; open: boolean }
  | { type: "call_arguments"; index: number; delta: string }
  | { type: "error"; error: unknown };

export const emptyUsage = (): Usage => ({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 });

export function initialFold(): FoldState {
  return { text: "", calls: [], usage: emptyUsage(), finishReason: null, failure: null, firstTokenAt: null };
}

const isToken = (part: LanguageModelV3StreamPart) =>
  (part.type === "text-delta" && part.delta !== "") || part.type === "tool-input-start" || part.type === "tool-call";

/** The next state and what to do about `part`. `now` stamps the first token. */
export function foldPart(state: FoldState, part: LanguageModelV3StreamPart, now: number): [FoldState, FoldEffect[]] {
  const next = state.firstTokenAt === null && isToken(part) ? { ...state, firstTokenAt: now } : state;
  switch (part.type) {
    case "text-delta": {
      if (!part.delta) return [next, []];
      return [{ ...next, text: next.text + part.delta }, [{ type: "text", delta: part.delta, open: next.text === "" }]];
    }
    case "tool-input-start": {
      const call: FoldCall = { index: next.calls.length, id: part.id, name: part.toolName, arguments: "" };
      return [{ ...next, calls: [...next.calls, call] }, [{ type: "call", call, open: call.index === 0 }]];
    }
    case "tool-input-delta": {
      const at = next.calls.findIndex((call) => call.id === part.id);
      if (at === -1 || !part.delta) return [next, []];
      const calls = next.calls.slice();
      calls[at] = { ...calls[at]!, arguments: calls[at]!.arguments + part.delta };
      return [{ ...next, calls }, [{ type: "call_arguments", index: at, delta: part.delta }]];
    }
    case "tool-call": {
      // Providers that do not stream arguments send the whole call at once; a streamed one ends with it too.
      if (next.calls.some((call) => call.id === part.toolCallId)) return [next, []];
      const call: FoldCall = { index: next.calls.length, id: part.toolCallId, name: part.toolName, arguments: part.input || "{}" };
      return [{ ...next, calls: [...next.calls, call] }, [{ type: "call", call, open: call.index === 0 }]];
    }
    case "finish": {
      const input = part.usage.inputTokens.total ?? 0;
      const output = part.usage.outputTokens.total ?? 0;
      return [{ ...next, finishReason: part.finishReason.unified, usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output } }, []];
    }
    case "error":
      return [{ ...next, failure: part.error }, [{ type: "error", error: part.error }]];
    default:
      return [next, []];
  }
}

/** Why a model call stopped early, when it did: decided by the caller (its signal and watchdog). */
export type Interruption =
  | { kind: "cancelled" }
  /** Stopped by Atelier, not the user: a timeout, a shutdown, a lost lease. The message says which. */
  | { kind: "stopped"; message: string }
  | { kind: "failed"; error: unknown }
  | null;

export type CallOutcome =
  | { kind: "completed" }
  | { kind: "incomplete" }
  | { kind: "tool_calls"; calls: FoldCall[] }
  | { kind: "cancelled" }
  /** `stopped`: Atelier's own reason, shown as is; else `error` is the provider's. */
  | { kind: "failed"; error: unknown; stopped?: string };

/** How one model call ended, from its folded stream and what interrupted it. Cancelling wins over everything. */
export function callOutcome(state: FoldState, interruption: Interruption): CallOutcome {
  if (interruption?.kind === "cancelled") return { kind: "cancelled" };
  if (interruption?.kind === "stopped") return { kind: "failed", error: null, stopped: interruption.message };
  if (interruption?.kind === "failed") return { kind: "failed", error: interruption.error };
  if (state.failure !== null) return { kind: "failed", error: state.failure };
  if (state.calls.length) return { kind: "tool_calls", calls: state.calls };
  return state.finishReason === "length" ? { kind: "incomplete" } : { kind: "completed" };
}
