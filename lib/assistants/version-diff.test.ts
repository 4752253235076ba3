import { describe, expect, it } from "vitest";
import { diffAssistants } from "@/lib/assistants/version-diff";
import type { AssistantObject } from "@/lib/assistants/wire";

const base: AssistantObject = {
  id: "asst_1",
  object: "assistant",
  created_at: 1,
  name: "Support",
  description: null,
  model: "gpt-4o-mini",
  instructions: "Be kind.\nAnswer briefly.",
  tools: [
    { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } },
    { type: "acme.crm", auth: { type: "user_http", user_token: "****1234" } } as never,
  ],
  tool_resources: {},
  metadata: { team: "a", tier: "1" },
  temperature: 0.5,
  top_p: null,
  response_format: "auto",
  reasoning_effort: null,
  top_k: null,
  max_tokens: null,
  user_id: null,
  webhook_url: null,
  mock_outputs: {},
  version: 1,
};

describe("diffAssistants", () => {
  it("finds nothing between equal versions (the version number is not a change)", () => {
    expect(diffAssistants(base, { ...base, version: 4 })).toEqual([]);
  });

  it("shows values before and after, instructions line by line, and metadata as rows", () => {
    const changed = { ...base, model: "gpt-4o", temperature: 1, instructions: "Be kind.\nAnswer in detail.\nCite sources.", metadata: { tier: "2", team: "a", region: "eu" } };
    expect(diffAssistants(base, changed)).toEqual([
      { field: "model", kind: "value", before: "gpt-4o-mini", after: "gpt-4o" },
      {
        field: "instructions",
        kind: "text",
        lines: [
          { type: "same", text: "Be kind." },
          { type: "removed", text: "Answer briefly." },
          { type: "added", text: "Answer in detail." },
          { type: "added", text: "Cite sources." },
        ],
      },
      { field: "temperature", kind: "value", before: 0.5, after: 1 },
      {
        field: "metadata",
        kind: "map",
        rows: [
          { key: "tier", before: "1", after: "2" },
          { key: "region", before: null, after: "eu" },
        ],
      },
    ]);
  });

  it("shows tools and schemas as the JSON paths that changed, tools keyed by name so an added tool changes nothing else", () => {
    const tools = [
      { type: "function", function: { name: "get_time", parameters: { type: "object", properties: {} } } },
      { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" }, unit: { type: "string", enum: ["c", "f"] } } } } },
      base.tools[1]!,
    ] as AssistantObject["tools"];
    const [diff] = diffAssistants(base, { ...base, tools, response_format: "auto" });
    expect(diff).toEqual({
      field: "tools",
      kind: "json",
      changes: [
        { type: "added", path: "tools.get_weather.function.parameters.properties.unit", after: { type: "string", enum: ["c", "f"] } },
        { type: "added", path: "tools.get_time", after: tools[0] },
      ],
    });
    const schema = { type: "json_schema", json_schema: { name: "answer", schema: { type: "object", properties: { a: { type: "string" } } } } } as AssistantObject["response_format"];
    const widened = { type: "json_schema", json_schema: { name: "answer", schema: { type: "object", properties: { a: { type: "number" } } } } } as AssistantObject["response_format"];
    expect(diffAssistants({ ...base, response_format: schema }, { ...base, response_format: widened })).toEqual([
      { field: "response_format", kind: "json", changes: [{ type: "changed", path: "response_format.json_schema.schema.properties.a.type", before: "string", after: "number" }] },
    ]);
  });

  it("says so when only the order of tools or metadata keys changed", () => {
    const reordered = { ...base, tools: [...base.tools].reverse(), metadata: { tier: "1", team: "a" } };
    expect(diffAssistants(base, reordered).map((diff) => diff.field)).toEqual(["tools", "metadata"]);
    expect(diffAssistants(base, reordered)[1]).toMatchObject({ kind: "map", rows: [{ key: "(order of the keys)", before: "team, tier", after: "tier, team" }] });
  });

  it("keeps masked tokens masked: a changed token shows as its masks", () => {
    const other = { ...base, tools: [base.tools[0]!, { type: "acme.crm", auth: { type: "user_http", user_token: "****9999" } } as never] };
    const [diff] = diffAssistants(base, other);
    expect(diff).toMatchObject({ kind: "json", changes: [{ type: "changed", path: "tools[\"acme.crm\"].auth.user_token", before: "****1234", after: "****9999" }] });
  });
});
