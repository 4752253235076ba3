import "server-only";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Which provider serves a model id. `provider/model` names a provider; a plain id goes to the default
// one (OPENAI_BASE_URL). Every provider is OpenAI-compatible (/v1/chat/completions), reached through
// the AI SDK. A provider's key is sent only to its own base URL: the AI SDK builds every request
// URL from that base, and redirects to another host are not followed with the key (fetch drops
// Authorization on cross-origin redirects).

export type ProviderConfig = { id: string; name: string; baseURL: string; apiKey?: string };

export const DEFAULT_PROVIDER_ID = "openai";

/** The providers configured by environment variables (Settings → Providers adds more later). */
export function configuredProviders(): ProviderConfig[] {
  const env = getEnv();
  const providers: ProviderConfig[] = [{ id: DEFAULT_PROVIDER_ID, name: "Default (OPENAI_BASE_URL)", baseURL: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY }];
  if (env.DASHSCOPE_API_KEY) providers.push({ id: "dashscope", name: "Alibaba Cloud Model Studio", baseURL: env.DASHSCOPE_BASE_URL, apiKey: env.DASHSCOPE_API_KEY });
  return providers;
}

export type ResolvedModel = { provider: ProviderConfig; modelId: string };

/** `dashscope/qwen-plus` → Model Studio's `qwen-plus`; `gpt-4o-mini` → the default provider. */
export function resolveModelId(model: string): ResolvedModel {
  const providers = configuredProviders();
  const slash = model.indexOf("/");
  if (slash > 0) {
    const provider = providers.find((candidate) => candidate.id === model.slice(0, slash));
    // An id like `meta-llama/Llama-3-8B` (no such provider) is a plain id of the default provider.
    if (provider) return { provider, modelId: model.slice(slash + 1) };
  }
  return { provider: providers[0]!, modelId: model };
}

const cache = new Map<string, ReturnType<typeof createOpenAICompatible>>();

/** The AI SDK model for a resolved id; `name` is also the key of its providerOptions. */
export function languageModel({ provider, modelId }: ResolvedModel): LanguageModel {
  const key = `${provider.id}\u0000${provider.baseURL}\u0000${provider.apiKey ?? ""}`;
  let factory = cache.get(key);
  if (!factory) {
    factory = createOpenAICompatible({
      name: PROVIDER_OPTIONS_KEY,
      baseURL: provider.baseURL.replace(/\/+$/, ""),
      apiKey: provider.apiKey,
      includeUsage: true,
      supportsStructuredOutputs: true,
    });
    cache.set(key, factory);
  }
  if (!modelId) throw new AppError("invalid_request", "The model id is empty.", { param: "model" });
  return factory.chatModel(modelId);
}

/** Body fields the AI SDK has no setting for (parallel_tool_calls, top_k) go under this key. */
export const PROVIDER_OPTIONS_KEY = "atelier";

export type ModelListing = { id: string; object: "model"; created: number; owned_by: string };

/** GET {baseURL}/models of every provider, ids prefixed with the provider for all but the default. */
export async function listModels(signal?: AbortSignal): Promise<ModelListing[]> {
  const lists = await Promise.all(
    configuredProviders().map(async (provider) => {
      try {
        const response = await fetch(`${provider.baseURL.replace(/\/+$/, "")}/models`, {
          headers: provider.apiKey ? { authorization: `Bearer ${provider.apiKey}` } : {},
          redirect: "error",
          signal: signal ?? AbortSignal.timeout(5_000),
        });
        if (!response.ok) return [];
        const body = (await response.json()) as { data?: { id?: unknown; created?: unknown; owned_by?: unknown }[] };
        return (body.data ?? [])
          .filter((model) => typeof model.id === "string")
          .map((model): ModelListing => ({
            id: provider.id === DEFAULT_PROVIDER_ID ? String(model.id) : `${provider.id}/${String(model.id)}`,
            object: "model",
            created: typeof model.created === "number" ? model.created : 0,
            owned_by: typeof model.owned_by === "string" ? model.owned_by : provider.id,
          }));
      } catch {
        return []; // an unreachable provider lists no models; the others still do
      }
    }),
  );
  return lists.flat();
}
