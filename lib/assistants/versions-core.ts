import type { Assistant } from "@/lib/generated/prisma/client";

// What a version of an assistant is, as pure functions: the fields it keeps (everything a person
// or the API can change), and whether a change changed anything (a save that changes nothing makes
// no version). JSON values are compared as written, key order included: the order of a schema's
// properties and of metadata rows is part of the assistant.

export const SNAPSHOT_FIELDS = [
  "name",
  "description",
  "model",
  "instructions",
  "temperature",
  "topP",
  "topK",
  "maxTokens",
  "reasoningEffort",
  "tools",
  "toolResources",
  "metadata",
  "responseFormat",
  "userId",
  "webhookUrl",
  "mockOutputs",
] as const satisfies readonly (keyof Assistant)[];

export type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];
export type Snapshot = Pick<Assistant, SnapshotField>;

export function snapshotOf(row: Snapshot): Snapshot {
  return Object.fromEntries(SNAPSHOT_FIELDS.map((field) => [field, row[field] ?? null])) as Snapshot;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

// No response format stored and "auto" mean the same (the API shows both as "auto"): not a change.
const comparable = (field: SnapshotField, value: unknown) => (field === "responseFormat" && (value === null || value === undefined) ? "auto" : value);

/** The fields whose values differ, in SNAPSHOT_FIELDS order. */
export function changedFields(before: Snapshot, after: Snapshot): SnapshotField[] {
  return SNAPSHOT_FIELDS.filter((field) => !same(comparable(field, before[field]), comparable(field, after[field])));
}

/** A snapshot read back from the database (a field added later is null in older versions). */
export const fromStored = (stored: unknown): Snapshot => snapshotOf((stored ?? {}) as Snapshot);

/** Snapshot fields as the API names them (versions' diffs and the audit log speak the API's language). */
export const API_NAMES: Record<SnapshotField, string> = {
  name: "name",
  description: "description",
  model: "model",
  instructions: "instructions",
  temperature: "temperature",
  topP: "top_p",
  topK: "top_k",
  maxTokens: "max_tokens",
  reasoningEffort: "reasoning_effort",
  tools: "tools",
  toolResources: "tool_resources",
  metadata: "metadata",
  responseFormat: "response_format",
  userId: "user_id",
  webhookUrl: "webhook_url",
  mockOutputs: "mock_outputs",
};

export type VersionSource = "console" | "api";

/** Who made a change, as a version records it: people work in the console, keys through the API. */
export function versionAuthor(caller: { kind: string; userId: string | null; keyId: string | null; label: string }): { source: VersionSource; createdById: string | null; createdBy: string } {
  return { source: caller.kind === "user" ? "console" : "api", createdById: caller.userId ?? caller.keyId, createdBy: caller.label };
}
