import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { JSONSchema7, LanguageModelV3CallOptions, LanguageModelV3FunctionTool, LanguageModelV3Message } from "@ai-sdk/provider";
import type { ResponseFormat } from "@/lib/assistants/schema";
import { isMcpTool, isPluginTool, type AssistantTool, type FunctionTool } from "@/lib/assistants/tools";
import type { Run } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { withConnectRetries } from "@/lib/providers/connect-retry";
import { batchesOf, streamChatCompletion, type PartBatches } from "@/lib/providers/chat-stream";
import { languageModel, PROVIDER_OPTIONS_KEY, resolveModel } from "@/lib/providers/registry";
import { fileSearchStores, type FileSearchStores } from "@/lib/runs/data/tool-resources";
import type { ToolChoice } from "@/lib/runs/schema";
import type { OfferedServerTools } from "@/lib/runs/segment-io";
import { FILE_SEARCH_DESCRIPTION, FILE_SEARCH_PARAMETERS, FILE_SEARCH_TOOL_NAME, fileSearchToolOf } from "@/lib/runs/tools/file-search";
import { codeInterpreterDescription, CODE_INTERPRETER_PARAMETERS, CODE_INTERPRETER_TOOL_NAME } from "@/lib/runs/tools/code-interpreter-spec";

// One call to the model for a run, as the AI SDK provider's `doStream` makes it (the
// LanguageModelV3 interface its providers implement): the run's function tools, tool choice,
// sampling settings, response format and token budget. Not `streamText`: the run engine is already
// the loop around the call (it stops at tool calls and asks for outputs), and streamText's own
// layers (prompt re-validation, stream tees, multi-step plumbing) cost ~10 ms of CPU before the
// first token on a busy server (bench:runs). file_search is offered as a function Atelier runs
// itself (lib/runs/tools/file-search.ts) when there are vector stores to search; tools the engine
// cannot run are left out and named. The reply is read by the direct stream path
// (lib/providers/chat-stream.ts: the SDK's request and parts without its Web-stream layers) unless
// ATELIER_PROVIDER_STREAM=sdk; either way the parts come in batches (one per network read).

export type ModelCall = { parts: PartBatches; skippedTools: string[] };

/** `serverTools`: the run's plugin and MCP tools as resolved for this stretch (they name what they leave out themselves). */
export function toolsFor(tools: AssistantTool[], offerFileSearch: boolean, serverTools?: OfferedServerTools): { list: LanguageModelV3FunctionTool[]; skipped: string[] } {
  const list: LanguageModelV3FunctionTool[] = [];
  const skipped: string[] = [];
  for (const entry of tools) {
    if (entry.type === "code_interpreter") {
      list.push({ type: "function", name: CODE_INTERPRETER_TOOL_NAME, description: codeInterpreterDescription(getEnv().ATELIER_CODE_SANDBOX), inputSchema: CODE_INTERPRETER_PARAMETERS as unknown as JSONSchema7 });
      continue;
    }
    if (entry.type === "file_search") {
      // Without a vector store there is nothing to search: not offered, and nothing missing either.
      if (offerFileSearch) list.push({ type: "function", name: FILE_SEARCH_TOOL_NAME, description: FILE_SEARCH_DESCRIPTION, inputSchema: FILE_SEARCH_PARAMETERS as unknown as JSONSchema7 });
      continue;
    }
    if (entry.type !== "function") {
      if (!(serverTools && (isPluginTool(entry) || isMcpTool(entry)))) skipped.push(`${entry.type} (not executable here yet)`);
      continue;
    }
    const fn = (entry as FunctionTool).function;
    list.push({
      type: "function",
      name: fn.name,
      description: fn.description,
      inputSchema: (fn.parameters ?? { type: "object", properties: {} }) as JSONSchema7,
      ...(fn.strict != null && { strict: fn.strict }),
    });
  }
  if (serverTools) {
    list.push(...serverTools.definitions);
    skipped.push(...serverTools.skipped);
  }
  return { list, skipped };
}

function toolChoiceFor(choice: ToolChoice, offered: LanguageModelV3FunctionTool[]): LanguageModelV3CallOptions["toolChoice"] {
  if (typeof choice === "string") return { type: choice };
  if (choice.type === "function") return { type: "tool", toolName: choice.function.name };
  // A named built-in tool the model is offered is forced; one it is not (see toolsFor) leaves it free to use the functions.
  const builtin = choice.type === "file_search" ? FILE_SEARCH_TOOL_NAME : choice.type === "code_interpreter" ? CODE_INTERPRETER_TOOL_NAME : null;
  return builtin && offered.some((tool) => tool.name === builtin) ? { type: "tool", toolName: builtin } : { type: "auto" };
}

function responseFormatFor(format: ResponseFormat): { responseFormat: LanguageModelV3CallOptions["responseFormat"]; strict?: boolean } {
  if (format === "auto" || format.type === "text") return { responseFormat: undefined };
  if (format.type === "json_object") return { responseFormat: { type: "json" } };
  const { json_schema: spec } = format;
  return { responseFormat: { type: "json", schema: (spec.schema ?? { type: "object" }) as JSONSchema7, name: spec.name, description: spec.description }, strict: spec.strict ?? false };
}

/** How long a model call waits for the thread's own stores to finish indexing (OpenAI's runs wait too). */
const THREAD_STORE_WAIT_MS = 60_000;
const THREAD_STORE_POLL_MS = 250;

/**
 * Files attached to the thread's messages are indexed in the background: a run started at once
 * would search before they are there, so the call waits for them (up to a minute; a cancel ends
 * the wait at once, and the model call then sees the abort). Stores made on purpose are searched
 * as they are, as at OpenAI.
 */
async function untilThreadStoresIndexed(run: Run, signal: AbortSignal): Promise<FileSearchStores> {
  const deadline = Date.now() + THREAD_STORE_WAIT_MS;
  let stores = await fileSearchStores(run);
  while (stores.indexing && Date.now() < deadline && !signal.aborted) {
    // Ends early on abort (the rejection is the abort itself: the loop sees it).
    await sleep(THREAD_STORE_POLL_MS, undefined, { signal }).catch(() => {});
    stores = await fileSearchStores(run);
  }
  return stores;
}

export async function callModel(run: Run, prompt: { system?: string; messages: LanguageModelV3Message[] }, options: { maxOutputTokens?: number; abortSignal: AbortSignal; serverTools?: OfferedServerTools }): Promise<ModelCall> {
  // One read in the usual case: the stores and whether the thread's own are still indexing.
  const offerFileSearch = fileSearchToolOf(run) !== undefined && (await untilThreadStoresIndexed(run, options.abortSignal)).ids.length > 0;
  const { list, skipped } = toolsFor(run.tools as AssistantTool[], offerFileSearch, options.serverTools);
  const hasTools = list.length > 0;
  const { responseFormat, strict } = responseFormatFor(run.responseFormat as ResponseFormat);
  // Body fields the provider has no setting for travel as provider options of our provider name.
  const extra: Record<string, unknown> = {};
  if (hasTools) extra.parallel_tool_calls = run.parallelToolCalls;
  if (run.topK != null) extra.top_k = run.topK;
  if (strict !== undefined) extra.strictJsonSchema = strict;
  if (run.reasoningEffort) extra.reasoningEffort = run.reasoningEffort;
  // Async: a workspace provider (Settings → Providers) is read from the database.
  const resolved = await resolveModel(run.workspaceId, run.model);
  const model = languageModel(resolved);
  const callOptions: LanguageModelV3CallOptions = {
    prompt: prompt.system ? [{ role: "system", content: prompt.system }, ...prompt.messages] : prompt.messages,
    ...(hasTools && { tools: list, toolChoice: toolChoiceFor(run.toolChoice as ToolChoice, list) }),
    responseFormat,
    temperature: run.temperature ?? undefined,
    topP: run.topP ?? undefined,
    maxOutputTokens: options.maxOutputTokens,
    abortSignal: options.abortSignal,
    providerOptions: { [PROVIDER_OPTIONS_KEY]: extra as Record<string, never> },
  };
  if (getEnv().ATELIER_PROVIDER_STREAM === "sdk") {
    const { stream } = await withConnectRetries(() => model.doStream(callOptions), options.abortSignal);
    return { parts: batchesOf(stream, options.abortSignal), skippedTools: skipped };
  }
  const connection = { baseURL: resolved.provider.baseURL, apiKey: resolved.provider.apiKey, providerOptionsName: PROVIDER_OPTIONS_KEY };
  return { parts: await withConnectRetries(() => streamChatCompletion(model, connection, callOptions), options.abortSignal), skippedTools: skipped };
}
