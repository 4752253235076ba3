import { messageText, type MessageObject } from "@/lib/messages/wire";
import { messageCitations, type FileCitationAnnotation } from "@/lib/playground/citations";
import { messageFilePaths, messageImages, type FilePathAnnotation } from "@/lib/playground/file-links";

// What the chat shows, in order: the thread's stored messages, the live run's messages as the
// live-run store holds them (they replace the messages query's copies: the store's copy is the
// streamed one while it streams, lib/playground/live-run-state.ts), each run's tool calls just
// before that run's last reply (where the model made them, for the usual call-then-answer turn),
// and the live run's outcome at the end. Pure, so the order rules are tested without a browser.

export type ChatMessage = {
  id: string;
  threadId: string;
  role: "user" | "assistant";
  text: string;
  status: MessageObject["status"];
  runId: string | null;
  createdAt: number;
  incompleteReason: string | null;
  metadata: Record<string, string>;
  /** File citations over `text` (lib/playground/citations.ts). */
  citations: FileCitationAnnotation[];
  /** Ids of the files attached to the message. */
  attachments: string[];
  /** Ids of its `image_file` parts (charts the code interpreter drew), in order. */
  images: string[];
  /** Links over `text` to files the run's code wrote (lib/playground/file-links.ts). */
  filePaths: FilePathAnnotation[];
};

export type TimelineItem =
  | { kind: "message"; key: string; message: ChatMessage }
  | { kind: "tools"; key: string; runId: string }
  | { kind: "outcome"; key: string; runId: string };

export function toChatMessage(message: MessageObject, text = messageText(message)): ChatMessage {
  return {
    id: message.id,
    threadId: message.thread_id,
    role: message.role,
    text,
    status: message.status,
    runId: message.run_id,
    createdAt: message.created_at,
    incompleteReason: message.incomplete_details?.reason ?? null,
    metadata: message.metadata,
    citations: messageCitations(message.content),
    attachments: (message.attachments ?? []).map((attachment) => attachment.file_id),
    images: messageImages(message.content),
    filePaths: messageFilePaths(message.content),
  };
}

// One ChatMessage per message object, kept while that object lives (the query cache or the store
// holds it; each streamed token makes a new one): rows are memoized on their message, so a
// streamed token must not hand every row a new one.
const storedViews = new WeakMap<MessageObject, ChatMessage>();

function storedView(message: MessageObject): ChatMessage {
  let view = storedViews.get(message);
  if (!view) storedViews.set(message, (view = toChatMessage(message)));
  return view;
}

/**
 * `stored` oldest first; `live` the thread's live run (streaming, or the last one) and its
 * messages from the store. `toolRuns` are the runs known to have tool calls.
 */
export function buildTimeline(stored: MessageObject[], live: { runId: string; messages: readonly MessageObject[] } | null, toolRuns: ReadonlySet<string>): TimelineItem[] {
  const messages: ChatMessage[] = stored.map(storedView);
  if (live) {
    const index = new Map(messages.map((message, at) => [message.id, at]));
    for (const message of live.messages) {
      const at = index.get(message.id);
      if (at === undefined) messages.push(storedView(message));
      else messages[at] = storedView(message);
    }
  }

  const lastReplyOf = new Map<string, string>();
  for (const message of messages) if (message.role === "assistant" && message.runId) lastReplyOf.set(message.runId, message.id);

  const items: TimelineItem[] = [];
  const placed = new Set<string>();
  for (const message of messages) {
    if (message.runId && toolRuns.has(message.runId) && lastReplyOf.get(message.runId) === message.id && !placed.has(message.runId)) {
      items.push({ kind: "tools", key: `tools-${message.runId}`, runId: message.runId });
      placed.add(message.runId);
    }
    items.push({ kind: "message", key: message.id, message });
  }
  // A live run with calls but no reply yet (waiting for outputs, or it ended there).
  if (live && toolRuns.has(live.runId) && !placed.has(live.runId)) items.push({ kind: "tools", key: `tools-${live.runId}`, runId: live.runId });
  if (live) items.push({ kind: "outcome", key: `outcome-${live.runId}`, runId: live.runId });
  return items;
}
