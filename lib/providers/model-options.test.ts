import { describe, expect, it } from "vitest";
import { filterModelOptions, modelOptions, providerLabel, type ModelListing } from "@/lib/providers/model-options";

const listed = (id: string, provider: string): ModelListing => ({ id, object: "model", created: 0, owned_by: "x", provider });

const LISTING = [listed("scripted-1", "openai"), listed("dashscope/qwen-plus", "dashscope"), listed("local/llama3", "local"), listed("scripted-1", "openai")];

describe("modelOptions", () => {
  it("keeps the providers' order, names each model's provider and lists an id once", () => {
    expect(modelOptions(LISTING)).toEqual([
      { id: "scripted-1", provider: "default provider" },
      { id: "dashscope/qwen-plus", provider: "dashscope" },
      { id: "local/llama3", provider: "local" },
    ]);
  });

  it("adds models in use that no provider lists, after the listed ones, without a provider", () => {
    expect(modelOptions(LISTING, ["gpt-4o", "scripted-1", "", "gpt-4o"])).toEqual([
      { id: "scripted-1", provider: "default provider" },
      { id: "dashscope/qwen-plus", provider: "dashscope" },
      { id: "local/llama3", provider: "local" },
      { id: "gpt-4o", provider: null },
    ]);
  });

  it("is empty without providers or models in use", () => {
    expect(modelOptions([])).toEqual([]);
  });
});

describe("providerLabel", () => {
  it("calls the unprefixed provider the default one and others by name", () => {
    expect(providerLabel("openai")).toBe("default provider");
    expect(providerLabel("dashscope")).toBe("dashscope");
  });
});

describe("filterModelOptions", () => {
  const options = modelOptions(LISTING, ["gpt-4o"]);

  it("returns every option for an empty or blank query", () => {
    expect(filterModelOptions(options, "")).toEqual(options);
    expect(filterModelOptions(options, "   ")).toEqual(options);
  });

  it("matches every typed word in the id or the provider, ignoring case and order", () => {
    expect(filterModelOptions(options, "PLUS qwen").map((option) => option.id)).toEqual(["dashscope/qwen-plus"]);
    expect(filterModelOptions(options, "dashscope/qwen").map((option) => option.id)).toEqual(["dashscope/qwen-plus"]);
    expect(filterModelOptions(options, "default").map((option) => option.id)).toEqual(["scripted-1"]);
    expect(filterModelOptions(options, "local").map((option) => option.id)).toEqual(["local/llama3"]);
  });

  it("returns nothing when a word matches nothing", () => {
    expect(filterModelOptions(options, "qwen llama")).toEqual([]);
  });
});
