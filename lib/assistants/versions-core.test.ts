import { describe, expect, it } from "vitest";
import { changedFields, fromStored, snapshotOf, versionAuthor, type Snapshot } from "@/lib/assistants/versions-core";

const snapshot = (fields: Partial<Snapshot> = {}): Snapshot =>
  snapshotOf({
    name: "a", description: null, model: "m", instructions: null, temperature: null, topP: null, topK: null, maxTokens: null, reasoningEffort: null,
    tools: [], toolResources: {}, metadata: { a: "1", b: "2" }, responseFormat: null, userId: null, webhookUrl: null, mockOutputs: {}, ...fields,
  });

describe("changedFields", () => {
  it("finds nothing between equal snapshots, and no response format stored is the same as auto", () => {
    expect(changedFields(snapshot(), snapshot())).toEqual([]);
    expect(changedFields(snapshot({ responseFormat: null }), snapshot({ responseFormat: "auto" }))).toEqual([]);
  });

  it("lists the fields that changed in a fixed order, key order of JSON values included", () => {
    expect(changedFields(snapshot(), snapshot({ temperature: 0.2, name: "b", metadata: { b: "2", a: "1" } }))).toEqual(["name", "temperature", "metadata"]);
    expect(changedFields(snapshot(), snapshot({ responseFormat: { type: "json_object" } }))).toEqual(["responseFormat"]);
  });

  it("reads older stored snapshots, whose later fields are missing, as null", () => {
    expect(fromStored({ name: "x", model: "m" })).toMatchObject({ name: "x", model: "m", webhookUrl: null, mockOutputs: null });
  });
});

describe("versionAuthor", () => {
  it("says a person's change came from the console and a key's from the API", () => {
    expect(versionAuthor({ kind: "user", userId: "u1", keyId: null, label: "ann@example.com" })).toEqual({ source: "console", createdById: "u1", createdBy: "ann@example.com" });
    expect(versionAuthor({ kind: "api_key", userId: null, keyId: "key_1", label: "API key “ci”" })).toEqual({ source: "api", createdById: "key_1", createdBy: "API key “ci”" });
  });
});
