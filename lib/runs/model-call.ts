import "server-only";
import { jsonSchema, Output, streamText, tool, type ModelMessage, type ToolSet } from "ai";
import type { ResponseFormat } from "@/lib/assistants/schema";
import type { AssistantTool, FunctionTool } from "@/lib/assistants/tools";
import type { Run } from "@/lib/generated/prisma/client";
import { languageModel, PROVIDER_OPTIONS_KEY, resolveModel } from "@/lib/providers/registry";
import type { ToolChoice } from "@/lib/runs/schema";

// One call to the model for a run, through the AI SDK: the run's function tools (without an
// `execute`, so the SDK stops at the calls and the run asks for outputs), tool choice, sampling
// settings, response format and token budget. Tools the engine cannot run are left out and named.

export type ModelCall = { stream: ReturnType<typeof streamText>["fullStream"]; skippedTools: string[] };

function toolsFor(tools: AssistantTool[]): { set: ToolSet; skipped: string[] } {
  const set: ToolSet = {};
  const skipped: string[] = [];
  for (const entry of tools) {
    if (entry.type !== "function") {
      skipped.push(entry.type);
      continue;
    }
    const fn = (entry as FunctionTool).function;
    set[fn.name] = tool({
      description: fn.description,
      inputSchema: jsonSchema((fn.parameters ?? { type: "object", properties: {} }) as Parameters<typeof jsonSchema>[0]),
      ...(fn.strict != null && { strict: fn.strict }),
    });
  }
  return { set, skipped };
}

function toolChoiceFor(choice: ToolChoice, hasTools: boolean) {
  if (!hasTools) return undefined;
  if (typeof choice === "string") return choice;
  // A named built-in tool is not sent (see toolsFor): the model may still use the functions.
  return choice.type === "function" ? { type: "tool" as const, toolName: choice.function.name } : ("auto" as const);
}

function outputFor(format: ResponseFormat) {
  if (format === "auto" || format.type === "text") return { output: undefined, strict: undefined };
  if (format.type === "json_object") return { output: Output.json(), strict: undefined };
  const { json_schema: spec } = format;
  return {
    output: Output.object({ schema: jsonSchema((spec.schema ?? { type: "object" }) as Parameters<typeof jsonSchema>[0]), name: spec.name, description: spec.description }),
    strict: spec.strict ?? false,
  };
}

export async function callModel(run: Run, prompt: { system?: string; messages: ModelMessage[] }, options: { maxOutputTokens?: number; abortSignal: AbortSignal }): Promise<ModelCall> {
  const { set, skipped } = toolsFor(run.tools as AssistantTool[]);
  const hasTools = Object.keys(set).length > 0;
  const { output, strict } = outputFor(run.responseFormat as ResponseFormat);
  // Body fields the AI SDK has no setting for travel as provider options of our provider name.
  const extra: Record<string, unknown> = {};
  if (hasTools) extra.parallel_tool_calls = run.parallelToolCalls;
  if (run.topK != null) extra.top_k = run.topK;
  if (strict !== undefined) extra.strictJsonSchema = strict;
  if (run.reasoningEffort) extra.reasoningEffort = run.reasoningEffort;
  const result = streamText({
    // Async: a workspace provider (Settings → Providers) is read from the database.
    model: languageModel(await resolveModel(run.workspaceId, run.model)),
    system: prompt.system,
    messages: prompt.messages,
    ...(hasTools && { tools: set, toolChoice: toolChoiceFor(run.toolChoice as ToolChoice, hasTools) }),
    ...(output && { output }),
    temperature: run.temperature ?? undefined,
    topP: run.topP ?? undefined,
    maxOutputTokens: options.maxOutputTokens,
    maxRetries: 0,
    abortSignal: options.abortSignal,
    providerOptions: { [PROVIDER_OPTIONS_KEY]: extra as Record<string, never> },
  });
  return { stream: result.fullStream, skippedTools: skipped };
}
