import { describe, expect, it } from "vitest";
import type { MessageObject } from "@/lib/messages/wire";
import type { RunObject } from "@/lib/runs/wire";
import { exportFileName, exportJson, exportMarkdown } from "@/lib/playground/export";

const thread = { id: "thread_1", object: "thread" as const, created_at: 1_700_000_000, tool_resources: {}, metadata: { title: "Parcel: where?" } };
const message = (id: string, role: "user" | "assistant", text: string, extra: Partial<MessageObject> = {}): MessageObject => ({
  id,
  object: "thread.message",
  created_at: 1_700_000_010,
  thread_id: "thread_1",
  status: "completed",
  incomplete_details: null,
  completed_at: null,
  incomplete_at: null,
  role,
  content: [{ type: "text", text: { value: text, annotations: [] } }],
  assistant_id: null,
  run_id: null,
  attachments: [],
  metadata: {},
  ...extra,
});

describe("thread export", () => {
  const data = {
    thread,
    messages: [message("m1", "user", "Where is it?"), message("m2", "assistant", "On its **way**", { run_id: "run_1", status: "incomplete", incomplete_details: { reason: "run_cancelled" } })],
    runs: [{ id: "run_1", model: "scripted-1" } as RunObject],
  };

  it("writes Markdown with who said what, the run's model and unfinished replies marked", () => {
    const markdown = exportMarkdown(data);
    expect(markdown).toContain("# Parcel: where?");
    expect(markdown).toContain("## User\n\n_2023-11-14T22:13:30Z_\n\nWhere is it?");
    expect(markdown).toContain("## Assistant (scripted-1, `run_1`) — incomplete (run_cancelled)");
    expect(markdown).toContain("On its **way**");
  });

  it("writes the API objects as JSON, and a safe file name", () => {
    const parsed = JSON.parse(exportJson(data)) as { object: string; messages: MessageObject[] };
    expect(parsed.object).toBe("atelier.thread_export");
    expect(parsed.messages.map((m) => m.id)).toEqual(["m1", "m2"]);
    expect(exportFileName(thread, "md")).toBe("parcel-where.md");
    expect(exportFileName({ ...thread, metadata: {} }, "json")).toBe("thread-1.json");
  });
});
