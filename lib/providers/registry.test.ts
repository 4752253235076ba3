import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";

// Model id → provider: the environment's first, then the workspace's (looked up by name; the
// database is stood in for here), else the default provider with the whole id.

const lookups: [string, string][] = [];

vi.mock("@/lib/providers/service", () => ({
  providerConnection: async (workspaceId: string, name: string) => {
    lookups.push([workspaceId, name]);
    return name === "local" && workspaceId === "ws_a" ? { name: "local", baseURL: "http://127.0.0.1:11434/v1", apiKey: "sk-local" } : null;
  },
  cachedProviderModels: async () => [],
}));

const { environmentProviderViews, resolveModel } = await import("@/lib/providers/registry");

beforeEach(() => {
  lookups.length = 0;
  process.env.OPENAI_BASE_URL = "https://user:pass@openai.example/v1/";
  process.env.OPENAI_API_KEY = "sk-env-default";
  delete process.env.DASHSCOPE_API_KEY;
  resetEnvForTests();
});
afterEach(() => {
  for (const key of ["OPENAI_BASE_URL", "OPENAI_API_KEY", "DASHSCOPE_API_KEY"]) delete process.env[key];
  resetEnvForTests();
});

const summary = async (workspaceId: string, model: string) => {
  const { provider, modelId } = await resolveModel(workspaceId, model);
  return { provider: provider.id, source: provider.source, modelId };
};

describe("resolveModel", () => {
  it("sends a plain id to the default provider without asking the database", async () => {
    expect(await summary("ws_a", "gpt-4o-mini")).toEqual({ provider: "openai", source: "environment", modelId: "gpt-4o-mini" });
    expect(lookups).toEqual([]);
  });

  it("picks the workspace's provider by name, with the id after the prefix", async () => {
    const { provider, modelId } = await resolveModel("ws_a", "local/llama3:8b");
    expect(provider).toMatchObject({ id: "local", baseURL: "http://127.0.0.1:11434/v1", apiKey: "sk-local", source: "workspace" });
    expect(modelId).toBe("llama3:8b");
    expect(lookups).toEqual([["ws_a", "local"]]);
  });

  it("does not see another workspace's providers", async () => {
    expect(await summary("ws_b", "local/llama3")).toEqual({ provider: "openai", source: "environment", modelId: "local/llama3" });
  });

  it("sends an unknown prefix to the default provider with the whole id", async () => {
    expect(await summary("ws_a", "meta-llama/Llama-3-8B")).toEqual({ provider: "openai", source: "environment", modelId: "meta-llama/Llama-3-8B" });
    // A prefix no provider could be named (capitals) is not looked up.
    expect(lookups).toEqual([["ws_a", "meta-llama"]]);
    await summary("ws_a", "Qwen/Qwen2.5-7B");
    expect(lookups).toHaveLength(1);
  });

  it("keeps openai/ and dashscope/ for the environment's providers", async () => {
    expect(await summary("ws_a", "openai/gpt-4o")).toEqual({ provider: "openai", source: "environment", modelId: "gpt-4o" });
    expect(await summary("ws_a", "dashscope/qwen-plus")).toEqual({ provider: "openai", source: "environment", modelId: "dashscope/qwen-plus" });
    process.env.DASHSCOPE_API_KEY = "sk-dashscope";
    resetEnvForTests();
    expect(await summary("ws_a", "dashscope/qwen-plus")).toEqual({ provider: "dashscope", source: "environment", modelId: "qwen-plus" });
    expect(lookups).toEqual([]);
  });
});

describe("environmentProviderViews", () => {
  it("shows whether a key is set, never the key, nor credentials in the URL", () => {
    const views = environmentProviderViews();
    expect(views).toEqual([{ id: "openai", name: "Default (OPENAI_BASE_URL)", baseURL: "https://openai.example/v1", hasKey: true, isDefault: true }]);
    expect(JSON.stringify(views)).not.toMatch(/sk-env-default|pass/);
  });
});

describe("languageModel", () => {
  it("reuses one model object per provider and model id", async () => {
    const { languageModel } = await import("@/lib/providers/registry");
    const first = languageModel(await resolveModel("ws_a", "gpt-4o-mini"));
    expect(languageModel(await resolveModel("ws_a", "gpt-4o-mini"))).toBe(first);
    expect(languageModel(await resolveModel("ws_a", "gpt-4o"))).not.toBe(first);
    // A workspace provider with the same model id is another provider.
    const local = languageModel(await resolveModel("ws_a", "local/gpt-4o-mini"));
    expect(local).not.toBe(first);
    expect(local.modelId).toBe("gpt-4o-mini");
  });

  it("makes a new model when the provider's key changes", async () => {
    const { languageModel } = await import("@/lib/providers/registry");
    const before = languageModel(await resolveModel("ws_a", "gpt-4o-mini"));
    process.env.OPENAI_API_KEY = "sk-env-rotated";
    resetEnvForTests();
    expect(languageModel(await resolveModel("ws_a", "gpt-4o-mini"))).not.toBe(before);
  });
});
