import type { Thread } from "@/lib/generated/prisma/client";
import { unixSeconds } from "@/lib/wire";

// DB row → the API's thread object (DESIGN.md rule 3).

export type ThreadObject = {
  id: string;
  object: "thread";
  created_at: number;
  tool_resources: Record<string, unknown>;
  metadata: Record<string, string>;
};

export function toThreadObject(row: Thread): ThreadObject {
  return {
    id: row.id,
    object: "thread",
    created_at: unixSeconds(row.createdAt),
    tool_resources: (row.toolResources ?? {}) as Record<string, unknown>,
    metadata: (row.metadata ?? {}) as Record<string, string>,
  };
}

export const toThreadDeletedObject = (id: string) => ({ id, object: "thread.deleted" as const, deleted: true as const });
