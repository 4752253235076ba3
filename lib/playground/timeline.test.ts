import { describe, expect, it } from "vitest";
import type { MessageObject } from "@/lib/messages/wire";
import { applyRunEvent, emptyRunStream } from "@/lib/playground/run-stream";
import { buildTimeline } from "@/lib/playground/timeline";

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

  it("shows the live run's streamed text over the stored copy, and its calls and outcome at the end when it has no reply", () => {
    let stream = emptyRunStream(0);
    stream = applyRunEvent(stream, "thread.message.created", message("m2", "assistant", "", "run_b", "in_progress"), 1);
    stream = applyRunEvent(stream, "thread.message.delta", { id: "m2", delta: { content: [{ index: 0, type: "text", text: { value: "Hel" } }] } }, 2);
    const stored = [message("m1", "user", "hi"), message("m2", "assistant", "", "run_b", "in_progress")];
    const items = buildTimeline(stored, { runId: "run_b", stream }, new Set());
    expect(kinds(items)).toEqual(["m1", "m2", "outcome:run_b"]);
    expect(items[1]).toMatchObject({ message: { text: "Hel", status: "in_progress" } });

    const waiting = buildTimeline([message("m1", "user", "weather?")], { runId: "run_c", stream: emptyRunStream(0) }, new Set(["run_c"]));
    expect(kinds(waiting)).toEqual(["m1", "tools:run_c", "outcome:run_c"]);
  });

  it("keeps a stored message that is already complete when the stream knows less of it", () => {
    let stream = emptyRunStream(0);
    stream = applyRunEvent(stream, "thread.message.created", message("m2", "assistant", "", "run_b", "in_progress"), 1);
    const items = buildTimeline([message("m2", "assistant", "Hello there", "run_b")], { runId: "run_b", stream }, new Set());
    expect(items[0]).toMatchObject({ message: { text: "Hello there", status: "completed" } });
  });

  it("hands stored messages the same view on every rebuild, so memoized rows skip a streamed token", () => {
    const stored = [message("m1", "user", "hi"), message("m2", "assistant", "Hello", "run_a")];
    let stream = applyRunEvent(emptyRunStream(0), "thread.message.created", message("m3", "assistant", "", "run_b", "in_progress"), 1);
    const before = buildTimeline(stored, { runId: "run_b", stream }, new Set());
    stream = applyRunEvent(stream, "thread.message.delta", { id: "m3", delta: { content: [{ index: 0, type: "text", text: { value: "Hi" } }] } }, 2);
    const after = buildTimeline(stored, { runId: "run_b", stream }, new Set());
    const view = (items: typeof before, id: string) => items.find((item) => item.kind === "message" && item.message.id === id);
    expect((view(after, "m1") as { message: unknown }).message).toBe((view(before, "m1") as { message: unknown }).message);
    expect((view(after, "m3") as { message: { text: string } }).message.text).toBe("Hi");
    expect((view(after, "m3") as { message: unknown }).message).not.toBe((view(before, "m3") as { message: unknown }).message);
  });
});
