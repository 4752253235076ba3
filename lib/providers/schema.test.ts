import { describe, expect, it } from "vitest";
import { apiKeyHint, baseUrlProblem, DEFAULT_BASE_URLS, providerFormSchema, providerUpdateSchema } from "@/lib/providers/schema";

const VALID = { name: "local", kind: "openai-compatible", baseUrl: "http://127.0.0.1:11434/v1", apiKey: "", removeKey: false };

const fieldErrors = (input: unknown) => {
  const result = providerFormSchema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
};

describe("provider name", () => {
  it.each(["a", "local", "my-vllm", "gpu_2", "0", "a".repeat(32)])("accepts %j", (name) => {
    expect(fieldErrors({ ...VALID, name })).toEqual({});
  });

  it.each(["", "Local", "-local", "_x", "a".repeat(33), "my vllm", "a/b", "café", "local."])("refuses %j", (name) => {
    expect(fieldErrors({ ...VALID, name })).toHaveProperty("name");
  });

  it.each(["openai", "dashscope"])("refuses %j, the environment's prefix", (name) => {
    expect(fieldErrors({ ...VALID, name }).name).toMatch(/environment's providers/);
  });

  it("trims surrounding spaces", () => {
    expect(providerFormSchema.parse({ ...VALID, name: "  local " }).name).toBe("local");
  });
});

describe("base URL", () => {
  it.each([
    ["http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/v1"],
    ["http://localhost:8000/v1/", "http://localhost:8000/v1"],
    ["https://API.example.com/v1//", "https://api.example.com/v1"],
    ["https://example.com", "https://example.com"],
    [" http://[::1]:1234/v1 ", "http://[::1]:1234/v1"],
    ["http://192.168.1.20/openai/v1", "http://192.168.1.20/openai/v1"],
  ])("accepts %j as %j", (baseUrl, normalized) => {
    expect(providerFormSchema.parse({ ...VALID, baseUrl }).baseUrl).toBe(normalized);
  });

  it.each([
    ["", /Enter the provider's base URL/],
    ["api.example.com/v1", /full URL/],
    ["ftp://example.com/v1", /http:\/\/ or https:\/\//],
    ["file:///etc/passwd", /http:\/\/ or https:\/\//],
    ["javascript:alert(1)", /http:\/\/ or https:\/\//],
    ["https://user:secret@example.com/v1", /credentials/],
    ["https://token@example.com/v1", /credentials/],
    ["https://example.com/v1?api-version=1", /query/],
    ["https://example.com/v1?", /query/],
    ["https://example.com/v1#x", /fragment/],
    [`https://example.com/${"a".repeat(2048)}`, /2,048/],
  ])("refuses %j", (baseUrl, message) => {
    expect(fieldErrors({ ...VALID, baseUrl }).baseUrl).toMatch(message);
  });

  it("the kinds' default URLs are valid (openai-compatible has none)", () => {
    expect(baseUrlProblem(DEFAULT_BASE_URLS.openai)).toBeNull();
    expect(baseUrlProblem(DEFAULT_BASE_URLS.dashscope)).toBeNull();
    expect(DEFAULT_BASE_URLS["openai-compatible"]).toBe("");
  });
});

describe("kind", () => {
  it.each(["openai-compatible", "openai", "dashscope"])("accepts %j", (kind) => {
    expect(fieldErrors({ ...VALID, kind })).toEqual({});
  });

  it.each(["anthropic", "", undefined])("refuses %j", (kind) => {
    expect(fieldErrors({ ...VALID, kind })).toHaveProperty("kind");
  });
});

describe("API key", () => {
  it("is optional (local models need none) and trimmed", () => {
    expect(providerFormSchema.parse({ name: "x", kind: "openai", baseUrl: DEFAULT_BASE_URLS.openai })).toMatchObject({ apiKey: "", removeKey: false });
    expect(providerFormSchema.parse({ ...VALID, apiKey: "  sk-abc  " }).apiKey).toBe("sk-abc");
  });

  it.each(["sk abc", "sk-\tabc", "sk-é", "x".repeat(4097)])("refuses %j", (apiKey) => {
    expect(fieldErrors({ ...VALID, apiKey })).toHaveProperty("apiKey");
  });

  it("cannot be replaced and removed at once", () => {
    expect(fieldErrors({ ...VALID, apiKey: "sk-new", removeKey: true }).apiKey).toMatch(/not both/);
    expect(fieldErrors({ ...VALID, removeKey: true })).toEqual({});
  });

  it("hints at the last four characters of long keys only", () => {
    expect(apiKeyHint("sk-proj-abcdef123f9a")).toBe("…3f9a");
    expect(apiKeyHint("short-key")).toBe("…");
  });
});

describe("update", () => {
  it("takes the id with the same fields and rules", () => {
    expect(providerUpdateSchema.parse({ ...VALID, id: "prov_x" })).toMatchObject({ id: "prov_x", name: "local" });
    expect(providerUpdateSchema.safeParse({ ...VALID }).success).toBe(false);
    expect(providerUpdateSchema.safeParse({ ...VALID, id: "prov_x", apiKey: "k", removeKey: true }).success).toBe(false);
  });
});
