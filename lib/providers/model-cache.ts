import type { LanguageModelV3 } from "@ai-sdk/provider";

// AI SDK model objects, kept for reuse. Making one is not free: an OpenAI-compatible chat model
// builds its zod chunk schema in its constructor, and zod compiles a schema's parser the first
// time it parses. Made per run, that was ~1 ms of CPU on the way to every run's first token
// (bench:runs CPU profile, 2026-12-03). A model object holds no per-call state, so one serves
// any number of runs at once.
//
// Bounded: model ids come from API callers, so only the most recently used entries stay. An entry
// may also expire: a workspace provider's key lives in its entry, and a provider changed or
// deleted in Settings is looked up under a new key here (its URL and key are part of it), so the
// old entry, no longer used, leaves memory EXPIRE_MS later.

type Entry = { model: LanguageModelV3; usedAt: number; expires: boolean };

const MAX_ENTRIES = 64;
const EXPIRE_MS = 5 * 60_000;

const globalForModels = globalThis as unknown as { atelierModelCache?: Map<string, Entry> };
// Least recently used first: Map keeps insertion order, and a hit is re-inserted at the end.
const entries = (globalForModels.atelierModelCache ??= new Map<string, Entry>());

const isExpired = (entry: Entry, now: number) => entry.expires && now - entry.usedAt > EXPIRE_MS;

/** Drops expired entries. They expire in order of last use, so the pass stops at the first live one. */
function sweep(now: number): void {
  for (const [key, entry] of entries) {
    if (!entry.expires) continue;
    if (!isExpired(entry, now)) break;
    entries.delete(key);
  }
}

/** The model cached under `key`, else `make()`'s, cached for next time. */
export function cachedModel(key: string, options: { expires: boolean }, make: () => LanguageModelV3): LanguageModelV3 {
  const now = Date.now();
  const found = entries.get(key);
  entries.delete(key);
  const model = found && !isExpired(found, now) ? found.model : make();
  entries.set(key, { model, usedAt: now, expires: options.expires });
  sweep(now);
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
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
