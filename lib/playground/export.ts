import { messageText, type MessageObject } from "@/lib/messages/wire";
import type { RunObject } from "@/lib/runs/wire";
import type { ThreadObject } from "@/lib/threads/wire";

// A thread exported from the playground: JSON holds the API's own objects (so it can be replayed
// through the API or diffed), Markdown is for reading and pasting into an issue.

export type ThreadExport = { thread: ThreadObject; messages: MessageObject[]; runs: RunObject[] };

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");

export function exportJson(data: ThreadExport): string {
  return `${JSON.stringify({ object: "atelier.thread_export", exported_at: Math.floor(Date.now() / 1000), ...data }, null, 2)}\n`;
}

export function exportMarkdown({ thread, messages, runs }: ThreadExport): string {
  const title = thread.metadata.title || `Thread ${thread.id}`;
  const runsById = new Map(runs.map((run) => [run.id, run]));
  const lines = [`# ${title}`, "", `- Thread: \`${thread.id}\``, `- Created: ${iso(thread.created_at)}`, `- Messages: ${messages.length}`, ""];
  for (const message of messages) {
    const run = message.run_id ? runsById.get(message.run_id) : undefined;
    const who = message.role === "user" ? "User" : `Assistant${run ? ` (${run.model}, \`${run.id}\`)` : ""}`;
    const status = message.status === "completed" ? "" : ` — ${message.status}${message.incomplete_details ? ` (${message.incomplete_details.reason})` : ""}`;
    lines.push(`## ${who}${status}`, "", `_${iso(message.created_at)}_`, "", messageText(message, "\n\n") || "_(no text)_", "");
  }
  return lines.join("\n");
}

/** A file name from the title: letters, digits and dashes only. */
export function exportFileName(thread: ThreadObject, extension: "json" | "md"): string {
  const base = (thread.metadata.title || thread.id).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || thread.id;
  return `${base}.${extension}`;
}
