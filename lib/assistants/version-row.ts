import type { Assistant, AssistantVersion } from "@/lib/generated/prisma/client";
import { ID_PREFIXES, timeFromId } from "@/lib/ids";
import { fromStored, type Snapshot } from "@/lib/assistants/versions-core";

/** The assistant as version `version` had it, as an Assistant row (for the wire mapper). */
export function assistantAtVersion(version: AssistantVersion): Assistant {
  const snapshot: Snapshot = fromStored(version.snapshot);
  return {
    ...snapshot,
    id: version.assistantId,
    workspaceId: version.workspaceId,
    version: version.version,
    createdAt: timeFromId(version.assistantId, ID_PREFIXES.assistant) ?? version.createdAt,
    updatedAt: version.createdAt,
  } as Assistant;
}
