import { describe, expect, it } from "vitest";
import type { MessageObject } from "@/lib/messages/wire";
import { buildTimeline, toChatMessage } from "@/lib/playground/timeline";

function message(id: string, role: "user" | "assistant", text: string, runId: string | null = null, status: MessageObject["status"] = "completed"): MessageObject {
  return {
    id,
    object: "thread.message",
    created_at: 1,
    thread_id: "thread_1",
    status,
    incomplete_details: null,
    completed_at: null,
    incomplete_at: null,
    role,
    content: [{ type: "text", text: { value: text, annotations: [] } }],
    assistant_id: role === "assistant" ? "asst_1" : null,
    run_id: runId,
    attachments: [],
    metadata: {},
  };
}

const kinds = (items: ReturnType<typeof buildTimeline>) => items.map((item) => (item.kind === "message" ? item.message.id : `${item.kind}:${item.runId}`));

describe("buildTimeline", () => {
  it("puts a run's tool calls before its last reply, once", () => {
    const stored = [message("m1", "user", "hi"), message("m2", "assistant", "Let me check", "run_a"), message("m3", "assistant", "Sunny", "run_a"), message("m4", "user", "thanks")];
    expect(kinds(buildTimeline(stored, null, new Set(["run_a"])))).toEqual(["m1", "m2", "tools:run_a", "m3", "m4"]);
    expect(kinds(buildTimeline(stored, null, new Set()))).toEqual(["m1", "m2", "m3", "m4"]);
  });

  it("shows the live run's messages from the store over the stored copies, and its calls and outcome at the end when it has no reply", () => {
    const streamed = message("m2", "assistant", "Hel", "run_b", "in_progress");
    const stored = [message("m1", "user", "hi"), message("m2", "assistant", "", "run_b", "in_progress")];
    const items = buildTimeline(stored, { runId: "run_b", messages: [streamed] }, new Set());
    expect(kinds(items)).toEqual(["m1", "m2", "outcome:run_b"]);
    expect(items[1]).toMatchObject({ message: { text: "Hel", status: "in_progress" } });

    const waiting = buildTimeline([message("m1", "user", "weather?")], { runId: "run_c", messages: [] }, new Set(["run_c"]));
    expect(kinds(waiting)).toEqual(["m1", "tools:run_c", "outcome:run_c"]);
  });

  it("adds a live message the stored list does not have yet at the end", () => {
    const items = buildTimeline([message("m1", "user", "hi")], { runId: "run_b", messages: [message("m2", "assistant", "Hi", "run_b", "in_progress")] }, new Set());
    expect(kinds(items)).toEqual(["m1", "m2", "outcome:run_b"]);
  });

  it("hands each message object the same view on every rebuild, so memoized rows skip a streamed token", () => {
    const stored = [message("m1", "user", "hi"), message("m2", "assistant", "Hello", "run_a")];
    const before = buildTimeline(stored, { runId: "run_b", messages: [message("m3", "assistant", "", "run_b", "in_progress")] }, new Set());
    const token = message("m3", "assistant", "Hi", "run_b", "in_progress");
    const after = buildTimeline(stored, { runId: "run_b", messages: [token] }, new Set());
    const again = buildTimeline(stored, { runId: "run_b", messages: [token] }, new Set());
    const view = (items: typeof before, id: string) => (items.find((item) => item.kind === "message" && item.message.id === id) as { message: { text: string } }).message;
    expect(view(after, "m1")).toBe(view(before, "m1"));
    expect(view(after, "m3").text).toBe("Hi");
    expect(view(after, "m3")).not.toBe(view(before, "m3"));
    expect(view(again, "m3")).toBe(view(after, "m3"));
  });

  it("carries a reply's images and its links to files the code wrote", () => {
    const reply = message("m5", "assistant", "", "run_d");
    reply.content = [
      { type: "image_file", image_file: { file_id: "file-chart", detail: "auto" } },
      { type: "text", text: { value: "[CSV](sandbox:/mnt/data/a.csv)", annotations: [{ type: "file_path", text: "sandbox:/mnt/data/a.csv", start_index: 6, end_index: 29, file_path: { file_id: "file-csv" } }] } },
    ];
    const view = toChatMessage(reply);
    expect(view.text).toBe("[CSV](sandbox:/mnt/data/a.csv)");
    expect(view.images).toEqual(["file-chart"]);
    expect(view.filePaths).toEqual([{ type: "file_path", text: "sandbox:/mnt/data/a.csv", start_index: 6, end_index: 29, file_path: { file_id: "file-csv" } }]);
    expect(view.citations).toEqual([]);
  });
});
