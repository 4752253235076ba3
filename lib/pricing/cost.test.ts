import { describe, expect, it } from "vitest";
import { catalogPriceFor } from "@/lib/pricing/catalog";
import { costOf, withCost } from "@/lib/pricing/cost";
import { formatCost } from "@/lib/pricing/format";
import { modelPriceSchema } from "@/lib/pricing/schema";

const usage = { prompt_tokens: 1_000, completion_tokens: 500, total_tokens: 1_500 };

describe("costOf / withCost", () => {
  it("prices input and output tokens per 1M, without floating-point noise", () => {
    expect(costOf(usage, { inputPerMillion: 0.15, outputPerMillion: 0.6, currency: "USD" })).toEqual({ amount: 0.00045, currency: "USD" });
    expect(costOf({ prompt_tokens: 1, completion_tokens: 2 }, { inputPerMillion: 0.1, outputPerMillion: 0.1, currency: "USD" }).amount).toBe(0.0000003);
    expect(costOf({ prompt_tokens: 2_000_000, completion_tokens: 1_000_000 }, { inputPerMillion: 2.5, outputPerMillion: 10, currency: "USD" }).amount).toBe(15);
  });

  it("adds the cost when a price is known and removes a stale one when it is not", () => {
    const priced = withCost(usage, { inputPerMillion: 1, outputPerMillion: 2, currency: "CNY" });
    expect(priced).toEqual({ ...usage, cost: { amount: 0.002, currency: "CNY" } });
    expect(withCost(priced, null)).toEqual(usage);
    expect(withCost({ ...usage, cost: { amount: 9, currency: "USD" } }, { inputPerMillion: 0, outputPerMillion: 0, currency: "USD" }).cost).toEqual({ amount: 0, currency: "USD" });
  });
});

describe("catalogPriceFor", () => {
  it("finds list prices by bare id, dated snapshots included, the longest id winning", () => {
    expect(catalogPriceFor("gpt-4o-mini")).toMatchObject({ model: "gpt-4o-mini", inputPerMillion: 0.15 });
    expect(catalogPriceFor("gpt-4o-2024-08-06")).toMatchObject({ model: "gpt-4o" });
    expect(catalogPriceFor("dashscope/qwen-plus")).toMatchObject({ vendor: "Model Studio", inputPerMillion: 0.4 });
    expect(catalogPriceFor("local/qwen-plus-2025-01-25")).toMatchObject({ model: "dashscope/qwen-plus" });
    expect(catalogPriceFor("gpt-4o-custom")).toBeNull();
    expect(catalogPriceFor("llama3")).toBeNull();
  });
});

describe("formatCost", () => {
  it("keeps significant digits of tiny amounts and cents of larger ones", () => {
    expect(formatCost({ amount: 0.000052, currency: "USD" }, "en-US")).toBe("$0.000052");
    expect(formatCost({ amount: 1.5, currency: "USD" }, "en-US")).toBe("$1.50");
    expect(formatCost({ amount: 0, currency: "EUR" }, "en-US")).toBe("€0.00");
    expect(formatCost({ amount: 0.5, currency: "ZZZ" }, "en-US")).toContain("ZZZ");
  });
});

describe("modelPriceSchema", () => {
  it("turns typed prices into numbers and says what is wrong with bad ones", () => {
    expect(modelPriceSchema.parse({ model: " gpt-4o ", inputPerMillion: "2.5", outputPerMillion: "10", currency: "usd" })).toEqual({ model: "gpt-4o", inputPerMillion: 2.5, outputPerMillion: 10, currency: "USD" });
    // The form's resolver hands the action numbers; they parse the same.
    expect(modelPriceSchema.parse({ model: "m", inputPerMillion: 0.15, outputPerMillion: 2000, currency: "USD" })).toMatchObject({ inputPerMillion: 0.15, outputPerMillion: 2000 });
    const bad = modelPriceSchema.safeParse({ model: "", inputPerMillion: "-1", outputPerMillion: "abc", currency: "dollars" });
    expect(bad.success).toBe(false);
    expect(Object.keys(bad.error!.flatten().fieldErrors).sort()).toEqual(["currency", "inputPerMillion", "model", "outputPerMillion"]);
  });
});
