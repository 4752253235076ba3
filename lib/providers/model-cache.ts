import type { LanguageModelV3 } from "@ai-sdk/provider";

// AI SDK model objects, kept for reuse. Making one is not free: an OpenAI-compatible chat model
// builds its zod chunk schema in its constructor, and zod compiles a schema's parser the first
// time it parses. Made per run, that was ~1 ms of CPU on the way to every run's first token
// (bench:runs CPU profile, 2026-12-03). A model object holds no per-call state, so one serves
// any number of runs at once.
//
// Bounded twice: model ids come from API callers, so only the MAX_ENTRIES most recently used stay;
// and an entry unused for EXPIRE_MS leaves, since a provider's key lives in it (a provider changed
// or deleted in Settings is looked up under a new key, its URL and key being part of it). Making a
// model again after a quiet spell costs that one millisecond once.

type Entry = { model: LanguageModelV3; usedAt: number };

const MAX_ENTRIES = 64;
const EXPIRE_MS = 5 * 60_000;

const globalForModels = globalThis as unknown as { atelierModelCache?: Map<string, Entry> };
// Least recently used first: Map keeps insertion order, and a hit is re-inserted at the end.
const entries = (globalForModels.atelierModelCache ??= new Map<string, Entry>());

/** The model cached under `key`, else `make()`'s, cached for next time. */
export function cachedModel(key: string, make: () => LanguageModelV3): LanguageModelV3 {
  const now = Date.now();
  const found = entries.get(key);
  entries.delete(key);
  // In order of last use: the expired ones, then at most MAX_ENTRIES - 1 others.
  for (const [oldest, entry] of entries) {
    if (now - entry.usedAt <= EXPIRE_MS && entries.size < MAX_ENTRIES) break;
    entries.delete(oldest);
  }
  const model = found && now - found.usedAt <= EXPIRE_MS ? found.model : make();
  entries.set(key, { model, usedAt: now });
  return model;
}

/** Empties the cache (tests). */
export function clearModelCache(): void {
  entries.clear();
}

/** How many models are cached (tests). */
export function cachedModelCount(): number {
  return entries.size;
}
