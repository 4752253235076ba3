import type { LanguageModelV3Message, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import type { Price } from "@/lib/pricing/cost";
import { batchesOf } from "@/lib/providers/chat-stream";
import type { Message, Run, RunStep } from "@/lib/generated/prisma/client";
import type { SegmentEnd } from "@/lib/runs/data/segment-end";
import type { SegmentIO, SegmentLimits } from "@/lib/runs/segment-io";
import type { ToolExecutor } from "@/lib/runs/tools/executor";
import type { ServerToolCatalog } from "@/lib/runs/tools/server-tools";

// Fakes for the run loop's unit tests (lib/runs/segment.test.ts): a run row, a scripted model
// stream that honours its abort signal as fetch does, and an in-memory store that records what
// the loop wrote, in order.

export function fakeRun(overrides: Partial<Run> = {}): Run {
  const now = new Date();
  return {
    id: "run_test", workspaceId: "ws", threadId: "thread_test", assistantId: "asst_test", status: "in_progress",
    requiredAction: null, lastError: null, expiresAt: null, startedAt: now, cancelledAt: null, failedAt: null, completedAt: null,
    incompleteDetails: null, model: "scripted-1", instructions: "", tools: [], metadata: {}, usage: null, temperature: null, topP: null, topK: null,
    maxPromptTokens: null, maxCompletionTokens: null, maxTokens: null, truncationStrategy: { type: "auto", last_messages: null }, toolChoice: "auto",
    parallelToolCalls: true, responseFormat: "auto", reasoningEffort: null, modelCalls: null, webhookUrl: null, assistantVersion: null, createdAt: now,
    ...overrides,
  };
}

export type Scripted = { parts: LanguageModelV3StreamPart[]; gapMs?: number; firstDelayMs?: number; hangAfter?: number };

const finish = (output: number): LanguageModelV3StreamPart => ({
  type: "finish",
  finishReason: { unified: "stop", raw: "stop" },
  usage: { inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: output, text: output, reasoning: 0 } },
});

export const textParts = (...chunks: string[]): LanguageModelV3StreamPart[] => [
  { type: "stream-start", warnings: [] },
  { type: "text-start", id: "t" },
  ...chunks.map((delta): LanguageModelV3StreamPart => ({ type: "text-delta", id: "t", delta })),
  { type: "text-end", id: "t" },
  finish(chunks.length),
];

export const toolParts = (calls: { id: string; name: string; input: string }[]): LanguageModelV3StreamPart[] => [
  { type: "stream-start", warnings: [] },
  ...calls.map((call): LanguageModelV3StreamPart => ({ type: "tool-call", toolCallId: call.id, toolName: call.name, input: call.input })),
  { ...finish(1), finishReason: { unified: "tool-calls", raw: "tool_calls" } } as LanguageModelV3StreamPart,
];

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => (clearTimeout(timer), reject(signal.reason));
    const timer = setTimeout(() => (signal.removeEventListener("abort", onAbort), resolve()), ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });

export type FakeWorld = {
  io: SegmentIO;
  events: { event: string; data: unknown }[];
  ends: SegmentEnd[];
  /** Each save of streamed text, with when it was made (performance.now()). */
  saves: { messageId: string; text: string; at: number }[];
  /** When each part of the model's stream was handed over (performance.now()). */
  partTimes: number[];
  modelCalls: number;
  /** What saveText answers as the run's status (a cancel from another instance shows up here). */
  statusInStore: string;
  /** Each model call's prompt messages, and the names of the server tools it was offered. */
  prompts: LanguageModelV3Message[][];
  offered: string[][];
};

export type FakeWorldOptions = {
  limits?: Partial<SegmentLimits>;
  executors?: ToolExecutor[];
  run?: Run;
  price?: Price | (() => Promise<Price | null>);
  /** The run's plugin and MCP tools, and the tool step a wait for approvals left open. */
  serverTools?: ServerToolCatalog;
  pendingToolStep?: () => RunStep | null;
};

export function fakeWorld(script: Scripted[], options: FakeWorldOptions = {}): FakeWorld {
  const world: FakeWorld = { io: undefined as unknown as SegmentIO, events: [], ends: [], saves: [], partTimes: [], modelCalls: 0, statusInStore: "in_progress", prompts: [], offered: [] };
  let run = options.run ?? fakeRun();
  const written = Promise.resolve();
  world.io = {
    store: {
      loadRun: async () => run,
      markInProgress: async () => (run.status === "queued" ? (run = { ...run, status: "in_progress" }) : null),
      history: async () => ({ history: [{ role: "user", content: [{ type: "text", text: { value: "hi", annotations: [] } }] }], lastAt: 0 }),
      turns: async () => [],
      openMessage: (r, _after, metadata) => {
        const message = { id: `msg_${world.events.length}`, runId: r.id, threadId: r.threadId, status: "in_progress", content: [], createdAt: new Date(), metadata: {}, attachments: [], role: "assistant" } as unknown as Message;
        const step = { id: `step_m${world.events.length}`, runId: r.id, type: "message_creation", status: "in_progress", metadata, createdAt: new Date(), stepDetails: {} } as unknown as RunStep;
        return { message: { row: message, written }, step };
      },
      openToolStep: (r) => ({ row: { id: `step_t${world.events.length}`, runId: r.id, type: "tool_calls", status: "in_progress", createdAt: new Date(), stepDetails: {}, metadata: {} } as unknown as RunStep, written }),
      saveText: async (_runId, messageId, text) => {
        world.saves.push({ messageId, text, at: performance.now() });
        return world.statusInStore;
      },
      saveToolCalls: async () => {},
      ...(options.pendingToolStep && { pendingToolStep: async () => options.pendingToolStep!() }),
      endSegment: async (end) => {
        world.ends.push(end);
        if (!end.from.includes(run.status)) return null;
        run = { ...run, ...(end.data as Partial<Run>) };
        return { run, message: end.message ? ({ id: end.message.id, status: end.message.reason ? "incomplete" : "completed", content: [], createdAt: new Date(), metadata: {}, attachments: [] } as unknown as Message) : null, steps: end.steps.map((step) => ({ id: step.id, status: step.status, createdAt: new Date(), stepDetails: {}, metadata: {} }) as unknown as RunStep) };
      },
    },
    callModel: async (_run, prompt, { abortSignal, serverTools }) => {
      world.prompts.push(prompt.messages);
      world.offered.push(serverTools?.definitions.map((tool) => tool.name) ?? []);
      const plan = script[world.modelCalls++] ?? { parts: textParts("(no script)") };
      await sleep(plan.firstDelayMs ?? 0, abortSignal);
      let index = 0;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async pull(controller) {
          try {
            if (plan.hangAfter !== undefined && index >= plan.hangAfter) await sleep(3_600_000, abortSignal);
            if (index > 0) await sleep(plan.gapMs ?? 0, abortSignal);
          } catch (error) {
            return controller.error(error);
          }
          if (index >= plan.parts.length) return controller.close();
          world.partTimes.push(performance.now());
          controller.enqueue(plan.parts[index++]!);
        },
      });
      return { parts: batchesOf(stream, abortSignal), skippedTools: [] };
    },
    publish: (event, data) => world.events.push({ event, data }),
    priceOf: async () => (typeof options.price === "function" ? options.price() : (options.price ?? null)),
    executors: options.executors ?? [],
    ...(options.serverTools && { serverTools: async () => options.serverTools! }),
    limits: { firstByteMs: 5_000, idleMs: 5_000, maxMs: 60_000, flushMs: 2_000, deltaMs: 0, toolTimeoutMs: 5_000, actionTtlMs: 600_000, ...options.limits },
    log: () => {},
  };
  return world;
}
