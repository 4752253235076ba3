import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { cachedModel, cachedModelCount, clearModelCache } from "@/lib/providers/model-cache";

// Model objects are made once per key, kept while used, and bounded.

let made = 0;
const make = () => ({ id: ++made }) as unknown as LanguageModelV3;
const idOf = (model: LanguageModelV3) => (model as unknown as { id: number }).id;

beforeEach(() => {
  made = 0;
  clearModelCache();
  vi.useFakeTimers({ now: new Date("2026-12-03T09:00:00Z") });
});
afterEach(() => vi.useRealTimers());

describe("cachedModel", () => {
  it("makes a model once per key and hands the same one out again", () => {
    const first = cachedModel("gpt-4o", make);
    expect(cachedModel("gpt-4o", make)).toBe(first);
    expect(idOf(cachedModel("gpt-4o-mini", make))).toBe(2);
    expect(made).toBe(2);
  });

  it("drops an entry unused for five minutes, and keeps a used one", () => {
    const used = cachedModel("a", make);
    cachedModel("b", make);
    vi.advanceTimersByTime(4 * 60_000);
    expect(cachedModel("a", make)).toBe(used);
    vi.advanceTimersByTime(2 * 60_000);
    // b was last used 6 minutes ago: gone from memory at the next lookup, whatever its key.
    cachedModel("c", make);
    expect(cachedModelCount()).toBe(2);
    expect(idOf(cachedModel("b", make))).toBe(4);
    vi.advanceTimersByTime(6 * 60_000);
    expect(idOf(cachedModel("a", make))).toBe(5);
  });

  it("keeps at most 64 models, dropping the least recently used", () => {
    const kept = cachedModel("model-0", make);
    for (let index = 1; index < 64; index++) cachedModel(`model-${index}`, make);
    cachedModel("model-0", make); // used again: now the most recent
    cachedModel("model-64", make);
    expect(cachedModelCount()).toBe(64);
    expect(cachedModel("model-0", make)).toBe(kept);
    expect(idOf(cachedModel("model-1", make))).toBe(66);
  });
});
