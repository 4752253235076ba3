import type { VersionWithLabels } from "@/lib/assistants/versions";
import { assistantAtVersion } from "@/lib/assistants/version-row";
import { toAssistantObject, type AssistantObject } from "@/lib/assistants/wire";
import type { VersionSource } from "@/lib/assistants/versions-core";
import type { Page } from "@/lib/pagination";
import { unixSeconds } from "@/lib/wire";

// Version rows → the API's `assistant.version` objects (an Atelier extension). The assistant inside
// is mapped by the assistant's own mapper, so plugin tokens are masked there as everywhere.

export type AssistantVersionObject = {
  object: "assistant.version";
  assistant_id: string;
  version: number;
  created_at: number;
  created_by: string;
  source: VersionSource;
  note: string | null;
  labels: string[];
  assistant: AssistantObject;
};

export function toVersionObject(row: VersionWithLabels): AssistantVersionObject {
  return {
    object: "assistant.version",
    assistant_id: row.assistantId,
    version: row.version,
    created_at: unixSeconds(row.createdAt),
    created_by: row.createdBy,
    source: row.source as VersionSource,
    note: row.note,
    labels: row.labels,
    assistant: toAssistantObject(assistantAtVersion(row)),
  };
}

/** A list page as OpenAI's lists are, the cursors being version numbers. */
export function toVersionList(page: Page<VersionWithLabels>) {
  const data = page.data.map(toVersionObject);
  return { object: "list" as const, data, first_id: data[0] ? String(data[0].version) : null, last_id: data.at(-1) ? String(data.at(-1)!.version) : null, has_more: page.hasMore };
}
