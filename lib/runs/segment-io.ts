import type { LanguageModelV3FunctionTool, LanguageModelV3Message, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import type { Run } from "@/lib/generated/prisma/client";
import type { endSegment } from "@/lib/runs/data/segment-end";
import type { openMessage, openToolStep, pendingToolStep, saveText, saveToolCalls } from "@/lib/runs/data/segment-store";
import type { Price } from "@/lib/pricing/cost";
import type { HistoryMessage, RunTurn } from "@/lib/runs/prompt";
import type { ToolExecutor } from "@/lib/runs/tools/executor";
import type { ServerToolCatalog } from "@/lib/runs/tools/server-tools";

/** The plugin and MCP tools a model call is offered, and what of the run's it is not (with why). */
export type OfferedServerTools = { definitions: LanguageModelV3FunctionTool[]; skipped: string[] };

// What the run loop (lib/runs/segment.ts) needs from the world, passed in: the database
// (lib/runs/data), the model (lib/runs/model-call.ts), the event channel (lib/runs/events.ts), the
// tools Atelier runs itself, and the limits. lib/runs/engine.ts passes the real ones; the loop's
// unit tests pass fakes, so a hung model, a failing write or a cancel at any moment is a test.

export type SegmentStore = {
  loadRun(runId: string): Promise<Run | null>;
  markInProgress(runId: string): Promise<Run | null>;
  history(run: Run): Promise<{ history: HistoryMessage[]; lastAt: number }>;
  turns(run: Run): Promise<RunTurn[]>;
  openMessage: typeof openMessage;
  openToolStep: typeof openToolStep;
  saveText: typeof saveText;
  saveToolCalls: typeof saveToolCalls;
  endSegment: typeof endSegment;
  /** The tool step a wait for approvals left open; absent: such waits never happen (tests without server tools). */
  pendingToolStep?: typeof pendingToolStep;
};

export type SegmentLimits = {
  firstByteMs: number;
  idleMs: number;
  /** One stretch of a run, start (or tool outputs) to its next wait or end. */
  maxMs: number;
  /** How often streamed text is saved. */
  flushMs: number;
  /** The least time between two text deltas sent (0: each event-loop turn's text at once). */
  deltaMs: number;
  /** One server-side tool call. */
  toolTimeoutMs: number;
  /** How long a run waits for tool outputs. */
  actionTtlMs: number;
};

export type SegmentIO = {
  store: SegmentStore;
  callModel(
    run: Run,
    prompt: { system?: string; messages: LanguageModelV3Message[] },
    options: { maxOutputTokens?: number; abortSignal: AbortSignal; serverTools?: OfferedServerTools },
  ): Promise<{ parts: AsyncIterable<LanguageModelV3StreamPart[]>; skippedTools: string[] }>;
  publish(event: string, data: unknown): void;
  /** The run's model's price in its workspace (null: none set, so no cost is stated). */
  priceOf(run: Run): Promise<Price | null>;
  executors: readonly ToolExecutor[];
  /** The run's plugin and MCP tools (lib/runs/tools/server-tools.ts), read once per stretch; null when it has none. */
  serverTools?(run: Run, signal: AbortSignal): Promise<ServerToolCatalog | null>;
  limits: SegmentLimits;
  log(message: string, fields: Record<string, unknown>): void;
};
