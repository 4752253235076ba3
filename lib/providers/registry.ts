import "server-only";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { EmbeddingModelV3, LanguageModelV3 } from "@ai-sdk/provider";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { baseBoundFetch, fetchModelList } from "@/lib/providers/http";
import { PROVIDER_NAME_PATTERN, RESERVED_PROVIDER_NAMES } from "@/lib/providers/schema";
import { cachedModel } from "@/lib/providers/model-cache";
import { DEFAULT_PROVIDER_ID, type ModelListing } from "@/lib/providers/model-options";
import { cachedProviderModels, providerConnection } from "@/lib/providers/service";

// Which provider serves a model id. Providers come from the environment (OPENAI_BASE_URL, the
// default; DASHSCOPE_API_KEY → `dashscope`) and from the workspace (Settings → Providers, in the
// database). `name/model` names a provider; a plain id, or a prefix no provider has
// (`meta-llama/Llama-3-8B`), goes to the default one. Every provider is OpenAI-compatible
// (/chat/completions), reached through the AI SDK.
//
// A provider's key is sent only under its own base URL: the AI SDK builds every request URL from
// that base, and its fetch (lib/providers/http.ts) refuses any other URL and every redirect.

export type ProviderConfig = {
  /** The model id prefix (`dashscope`, a workspace provider's name); `openai` is the default. */
  id: string;
  /** What the console shows. */
  name: string;
  baseURL: string;
  apiKey?: string;
  source: "environment" | "workspace";
};

/** The providers configured by environment variables; Settings → Providers adds a workspace's own. */
export function configuredProviders(): ProviderConfig[] {
  const env = getEnv();
  const providers: ProviderConfig[] = [
    { id: DEFAULT_PROVIDER_ID, name: "Default (OPENAI_BASE_URL)", baseURL: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY, source: "environment" },
  ];
  if (env.DASHSCOPE_API_KEY) {
    providers.push({ id: "dashscope", name: "Alibaba Cloud Model Studio", baseURL: env.DASHSCOPE_BASE_URL, apiKey: env.DASHSCOPE_API_KEY, source: "environment" });
  }
  return providers;
}

/** An environment provider as the console shows it: never its key, and no credentials from its URL. */
export type EnvironmentProviderView = { id: string; name: string; baseURL: string; hasKey: boolean; isDefault: boolean };

export function environmentProviderViews(): EnvironmentProviderView[] {
  return configuredProviders().map((provider) => {
    const url = new URL(provider.baseURL);
    return {
      id: provider.id,
      name: provider.name,
      baseURL: `${url.origin}${url.pathname.replace(/\/+$/, "")}`,
      hasKey: Boolean(provider.apiKey),
      isDefault: provider.id === DEFAULT_PROVIDER_ID,
    };
  });
}

export type ResolvedModel = { provider: ProviderConfig; modelId: string };

/** Among the environment's providers only: `dashscope/qwen-plus` → Model Studio's `qwen-plus`; `gpt-4o-mini` → the default. */
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

/**
 * The environment's providers and then the workspace's: `local/llama3` → the workspace's provider
 * `local` with model `llama3`. Names `openai` and `dashscope` are the environment's (the schema
 * keeps workspaces from taking them), so the two sets never compete for a prefix.
 */
export async function resolveModel(workspaceId: string, model: string): Promise<ResolvedModel> {
  const resolved = resolveModelId(model);
  const slash = model.indexOf("/");
  if (resolved.provider.id !== DEFAULT_PROVIDER_ID || slash <= 0) return resolved;
  const prefix = model.slice(0, slash);
  // Only a prefix a provider could have is looked up (no query for `meta-llama/…`).
  if (!PROVIDER_NAME_PATTERN.test(prefix) || (RESERVED_PROVIDER_NAMES as readonly string[]).includes(prefix)) return resolved;
  const connection = await providerConnection(workspaceId, prefix);
  if (!connection) return resolved;
  return {
    provider: { id: connection.name, name: connection.name, baseURL: connection.baseURL, apiKey: connection.apiKey, source: "workspace" },
    modelId: model.slice(slash + 1),
  };
}

function factoryFor(provider: ProviderConfig): ReturnType<typeof createOpenAICompatible> {
  const baseURL = provider.baseURL.replace(/\/+$/, "");
  return createOpenAICompatible({
    name: PROVIDER_OPTIONS_KEY,
    baseURL,
    apiKey: provider.apiKey,
    includeUsage: true,
    supportsStructuredOutputs: true,
    fetch: baseBoundFetch(baseURL),
  });
}

/**
 * The AI SDK model for a resolved id; `name` is also the key of its providerOptions. Reused across
 * runs (lib/providers/model-cache.ts), under what it is made from: base URL, key and model id.
 */
export function languageModel({ provider, modelId }: ResolvedModel): LanguageModelV3 {
  if (!modelId) throw new AppError("invalid_request", "The model id is empty.", { param: "model" });
  const key = [provider.baseURL, provider.apiKey ?? "", modelId].join("\u0000");
  return cachedModel(key, () => factoryFor(provider).chatModel(modelId));
}

/** The AI SDK embedding model for a resolved id (ATELIER_EMBEDDING_MODEL, lib/ingest/embed.ts). */
export function embeddingModel({ provider, modelId }: ResolvedModel): EmbeddingModelV3 {
  if (!modelId) throw new AppError("invalid_request", "The embedding model id is empty.", { param: "model" });
  return factoryFor(provider).embeddingModel(modelId);
}

/** Body fields the AI SDK has no setting for (parallel_tool_calls, top_k) go under this key. */
export const PROVIDER_OPTIONS_KEY = "atelier";

/**
 * The environment's providers' models (GET {baseURL}/models, live; ids prefixed with the provider
 * for all but the default) and the workspace's providers' (as cached by their last connection
 * test, as `name/model`: listing models opens no stored key). Each names its `provider` (an Atelier
 * extension of OpenAI's Model): `openai` for the default provider, else the id's prefix.
 */
export async function listModels(workspaceId: string, signal?: AbortSignal): Promise<ModelListing[]> {
  const [live, cached] = await Promise.all([
    Promise.all(
      configuredProviders().map(async (provider) => {
        const result = await fetchModelList(provider.baseURL, provider.apiKey ?? null, signal ?? AbortSignal.timeout(5_000));
        // An unreachable provider lists no models; the others still do.
        if (!result.ok) return [];
        return result.models.map(
          (model): ModelListing => ({
            id: provider.id === DEFAULT_PROVIDER_ID ? model.id : `${provider.id}/${model.id}`,
            object: "model",
            created: model.created,
            owned_by: model.owned_by || provider.id,
            provider: provider.id,
          }),
        );
      }),
    ),
    cachedProviderModels(workspaceId),
  ]);
  const fromWorkspace = cached.flatMap(({ name, models, fetchedAt }) =>
    models.map(
      (model): ModelListing => ({
        id: `${name}/${model.id}`,
        object: "model",
        created: model.created || (fetchedAt ? Math.floor(fetchedAt.getTime() / 1000) : 0),
        owned_by: model.owned_by || name,
        provider: name,
      }),
    ),
  );
  return [...live.flat(), ...fromWorkspace];
}
