import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { cachedModel, cachedModelCount, clearModelCache } from "@/lib/providers/model-cache";

// Model objects are made once per provider and model, kept while used, and bounded.

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
    const first = cachedModel("openai\u0000gpt-4o", { expires: false }, make);
    expect(cachedModel("openai\u0000gpt-4o", { expires: false }, make)).toBe(first);
    expect(idOf(cachedModel("openai\u0000gpt-4o-mini", { expires: false }, make))).toBe(2);
    expect(made).toBe(2);
  });

  it("lets an unused workspace entry expire after five minutes, and keeps a used one", () => {
    const used = cachedModel("workspace-a", { expires: true }, make);
    cachedModel("workspace-b", { expires: true }, make);
    const environment = cachedModel("environment", { expires: false }, make);
    vi.advanceTimersByTime(4 * 60_000);
    expect(cachedModel("workspace-a", { expires: true }, make)).toBe(used);
    vi.advanceTimersByTime(2 * 60_000);
    // b was last used 6 minutes ago: gone from memory at the next lookup, whatever its key.
    cachedModel("environment", { expires: false }, make);
    expect(cachedModelCount()).toBe(2);
    expect(idOf(cachedModel("workspace-b", { expires: true }, make))).toBe(4);
    expect(cachedModel("environment", { expires: false }, make)).toBe(environment);
    vi.advanceTimersByTime(6 * 60_000);
    expect(idOf(cachedModel("workspace-a", { expires: true }, make))).toBe(5);
  });

  it("keeps at most 64 models, dropping the least recently used", () => {
    const kept = cachedModel("model-0", { expires: false }, make);
    for (let index = 1; index < 64; index++) cachedModel(`model-${index}`, { expires: false }, make);
    cachedModel("model-0", { expires: false }, make); // used again: now the most recent
    cachedModel("model-64", { expires: false }, make);
    expect(cachedModelCount()).toBe(64);
    expect(cachedModel("model-0", { expires: false }, make)).toBe(kept);
    expect(idOf(cachedModel("model-1", { expires: false }, make))).toBe(66);
  });
});
