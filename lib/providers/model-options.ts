// What the console's model fields suggest: every configured provider's models as GET /api/v1/models
// lists them (each with the provider that serves it), and models the workspace already uses that no
// provider lists (a provider may be down, or list only some of its models). Client-safe: pure.

/** The provider id of models written without a prefix (`OPENAI_BASE_URL`; lib/providers/registry.ts). */
export const DEFAULT_PROVIDER_ID = "openai";

/** One entry of GET /api/v1/models: OpenAI's Model object plus Atelier's `provider`. */
export type ModelListing = { id: string; object: "model"; created: number; owned_by: string; provider: string };

export type ModelOption = {
  id: string;
  /** Who serves it, as people read it ("default provider", "dashscope", a workspace provider's name); null when no provider lists it. */
  provider: string | null;
};

export function providerLabel(provider: string): string {
  return provider === DEFAULT_PROVIDER_ID ? "default provider" : provider;
}

/** The providers' models in their order, then models in use that none of them lists; each id once. */
export function modelOptions(listing: readonly ModelListing[], inUse: readonly string[] = []): ModelOption[] {
  const options: ModelOption[] = [];
  const seen = new Set<string>();
  for (const model of listing) {
    if (seen.has(model.id)) continue;
    seen.add(model.id);
    options.push({ id: model.id, provider: providerLabel(model.provider) });
  }
  for (const id of inUse) {
    if (!id || seen.has(id)) continue;
    seen.add(id);
    options.push({ id, provider: null });
  }
  return options;
}

/**
 * The options whose id or provider contains every word typed (any order, any case): "qwen plus"
 * finds `dashscope/qwen-plus`, "local" every model of the provider `local`. Empty: all of them.
 */
export function filterModelOptions(options: readonly ModelOption[], query: string): ModelOption[] {
  const words = query.toLowerCase().split(/[\s/]+/).filter(Boolean);
  if (!words.length) return [...options];
  return options.filter((option) => {
    const text = `${option.id} ${option.provider ?? ""}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
