import type { Message } from "@/lib/generated/prisma/client";
import type { MessageContentPart } from "@/lib/messages/schema";
import { unixSeconds } from "@/lib/wire";

// DB row → the API's message object (DESIGN.md rule 3).

export type MessageStatus = "in_progress" | "incomplete" | "completed";

export type MessageObject = {
  id: string;
  object: "thread.message";
  created_at: number;
  thread_id: string;
  status: MessageStatus;
  incomplete_details: { reason: string } | null;
  completed_at: number | null;
  incomplete_at: number | null;
  role: "user" | "assistant";
  content: MessageContentPart[];
  assistant_id: string | null;
  run_id: string | null;
  attachments: { file_id: string; tools: { type: string }[] }[];
  metadata: Record<string, string>;
};

const seconds = (date: Date | null) => (date ? unixSeconds(date) : null);

export function toMessageObject(row: Message): MessageObject {
  return {
    id: row.id,
    object: "thread.message",
    created_at: unixSeconds(row.createdAt),
    thread_id: row.threadId,
    status: row.status as MessageStatus,
    incomplete_details: (row.incompleteDetails ?? null) as MessageObject["incomplete_details"],
    completed_at: seconds(row.completedAt),
    incomplete_at: seconds(row.incompleteAt),
    role: row.role as MessageObject["role"],
    content: (row.content ?? []) as MessageContentPart[],
    assistant_id: row.assistantId,
    run_id: row.runId,
    attachments: (row.attachments ?? []) as MessageObject["attachments"],
    metadata: (row.metadata ?? {}) as Record<string, string>,
  };
}

export const toMessageDeletedObject = (id: string) => ({ id, object: "thread.message.deleted" as const, deleted: true as const });

/** A message's text parts joined (images and files have no text). */
export function messageText(message: Pick<MessageObject, "content">, separator = ""): string {
  return message.content.flatMap((part) => (part.type === "text" ? [part.text.value] : [])).join(separator);
}
