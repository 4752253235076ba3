import type { Assistant } from "@/lib/generated/prisma/client";
import { maskTools } from "@/lib/assistants/secrets";
import type { AssistantTool } from "@/lib/assistants/tools";
import type { ResponseFormat } from "@/lib/assistants/schema";
import type { MockOutputs } from "@/lib/assistants/mock-outputs";
import { unixSeconds } from "@/lib/wire";

// DB row → the API's assistant object (DESIGN.md rule 3). The console renders these same objects,
// so what a person sees is what the API returns.

export type AssistantObject = {
  id: string;
  object: "assistant";
  created_at: number;
  name: string | null;
  description: string | null;
  model: string;
  instructions: string | null;
  tools: AssistantTool[];
  tool_resources: Record<string, unknown>;
  metadata: Record<string, string>;
  temperature: number | null;
  top_p: number | null;
  response_format: ResponseFormat;
  reasoning_effort: string | null;
  // Extensions (Model Studio, Project David).
  top_k: number | null;
  max_tokens: number | null;
  user_id: string | null;
  webhook_url: string | null;
  // Atelier extension: the playground's canned output per function name.
  mock_outputs: MockOutputs;
  // Atelier extension: the number of the assistant's current version (GET …/versions lists them).
  version: number;
};

export type DeletedObject = { id: string; object: "assistant.deleted"; deleted: true };

export function toAssistantObject(row: Assistant): AssistantObject {
  return {
    id: row.id,
    object: "assistant",
    created_at: unixSeconds(row.createdAt),
    name: row.name,
    description: row.description,
    model: row.model,
    instructions: row.instructions,
    tools: maskTools(row.tools as AssistantTool[]),
    tool_resources: (row.toolResources ?? {}) as Record<string, unknown>,
    metadata: (row.metadata ?? {}) as Record<string, string>,
    temperature: row.temperature,
    top_p: row.topP,
    response_format: (row.responseFormat ?? "auto") as ResponseFormat,
    reasoning_effort: row.reasoningEffort,
    top_k: row.topK,
    max_tokens: row.maxTokens,
    user_id: row.userId,
    webhook_url: row.webhookUrl,
    mock_outputs: (row.mockOutputs ?? {}) as MockOutputs,
    version: row.version,
  };
}

export function toDeletedObject(id: string): DeletedObject {
  return { id, object: "assistant.deleted", deleted: true };
}

/** The latest test run of an assistant, as the list's badge shows it. */
export type LatestTests = { assistantId: string; testRunId: string; passed: number; decided: number; status: string };

/** The console's list: when each last changed, the labels pointing at its versions, its latest test run. */
export type AssistantListItem = AssistantObject & { updated_at: number; labels: { label: string; version: number }[]; tests: LatestTests | null };

export function toAssistantListItem(row: Assistant & { labels?: { label: string; version: number }[]; tests?: LatestTests | null }): AssistantListItem {
  return { ...toAssistantObject(row), updated_at: unixSeconds(row.updatedAt), labels: row.labels ?? [], tests: row.tests ?? null };
}
