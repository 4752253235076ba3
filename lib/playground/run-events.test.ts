import { AssistantStream } from "openai/lib/AssistantStream";
import { describe, expect, it } from "vitest";
import { fixtureText, sseResponse, withEventBefore } from "@/lib/playground/fixture-bodies";
import { readRunEvents, type RunStreamEvent } from "@/lib/playground/run-events";
import { callsOfStep } from "@/lib/playground/live-run-view";
import { toChatMessage } from "@/lib/playground/timeline";
import { messageText, type MessageObject } from "@/lib/messages/wire";
import type { RunObject, RunStepObject } from "@/lib/runs/wire";

// Recorded run streams read through the openai package (SSE decoder + AssistantStream): every
// event once, in wire order, however the network splits the body, each with what it left.

async function read(text: string, chunk?: number) {
  const events: RunStreamEvent[] = [];
  let clock = 0;
  const result = await readRunEvents(sseResponse(text, chunk), (event) => events.push(event), () => ++clock);
  return { events, result };
}

const names = (text: string) => [...text.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);

describe("readRunEvents", () => {
  it("passes every event once, in order, with its data as sent and the message text folded so far", async () => {
    const text = fixtureText("completed");
    const { events, result } = await read(text);
    expect(result).toEqual({ done: true, failure: null });
    expect(events.map((event) => event.event)).toEqual(names(text));
    expect(events.map((event) => event.at)).toEqual(events.map((_, index) => index + 1));
    const deltas = events.filter((event) => event.event === "thread.message.delta");
    // Each delta's data is what the server sent; its object, the text up to it.
    expect(JSON.parse(deltas[0]!.data).delta.content[0].text.value).toBe("tok1");
    expect(messageText(deltas[0]!.object as MessageObject)).toBe("tok1");
    expect(messageText(deltas.at(-1)!.object as MessageObject)).toBe("tok1 tok2 tok3 tok4 tok5 tok6");
    // Folding later deltas did not change an earlier one's object (they are copies).
    expect(messageText(deltas[0]!.object as MessageObject)).toBe("tok1");
    // The in_progress object (empty content on the wire) keeps the text folded so far.
    expect(events.find((event) => event.event === "thread.message.in_progress")!.object).toMatchObject({ status: "in_progress" });
    expect((events.find((event) => event.event === "thread.run.completed")!.object as RunObject).status).toBe("completed");
    expect(events.at(-1)).toMatchObject({ event: "done", data: "[DONE]", object: null });
  });

  it("reads the same events from a body split one byte at a time", async () => {
    const text = fixtureText("tool-outputs").replace("-3 C", "−3 °C");
    const whole = await read(text);
    const split = await read(text, 1);
    expect(split.events).toEqual(whole.events);
    expect(split.result.done).toBe(true);
  });

  it("folds tool-call arguments from step deltas", async () => {
    const { events } = await read(fixtureText("requires-action"));
    const step = events.filter((event) => event.event === "thread.run.step.delta").at(-1)!.object as RunStepObject;
    expect(step.step_details).toMatchObject({ type: "tool_calls", tool_calls: [{ function: { name: "get_weather", arguments: '{"city": "Oslo"}', output: null } }] });
    expect((events.find((event) => event.event === "thread.run.requires_action")!.object as RunObject).required_action).not.toBeNull();
  });

  it("passes an error event in its place and still folds the run's failure after it", async () => {
    const text = withEventBefore(fixtureText("fails-mid-stream"), "thread.run.failed", "error", { code: "server_error", message: "Atelier failed while running: boom", param: null, type: "server_error" });
    const { events, result } = await read(text);
    expect(result).toEqual({ done: true, failure: null });
    expect(events.map((event) => event.event)).toEqual(names(text));
    const at = events.findIndex((event) => event.event === "error");
    expect(events[at]).toMatchObject({ object: null, data: expect.stringContaining("boom") });
    expect((events[at + 1]!.object as RunObject).status).toBe("failed");
  });

  it("says a cut stream did not end with done, without calling it a failure", async () => {
    const { events, result } = await read(fixtureText("replay-cut"));
    expect(result).toEqual({ done: false, failure: null });
    expect(events.at(-1)!.event).toBe("thread.message.delta");
  });

  it("reports an event AssistantStream cannot fold, and still passes the rest unfolded", async () => {
    const text = fixtureText("completed");
    const orphan = text.slice(0, text.indexOf("event: thread.message.created")) + text.slice(text.indexOf("event: thread.message.delta"));
    const { events, result } = await read(orphan);
    expect(result.failure).toBeInstanceOf(Error);
    expect(events.map((event) => event.event)).toEqual(names(orphan));
    expect(events.find((event) => event.event === "thread.message.delta")!.object).toBeNull();
  });

  it("is needed: AssistantStream.fromReadableStream() reads JSON lines, not the SSE body itself", async () => {
    const stream = AssistantStream.fromReadableStream(sseResponse(fixtureText("completed")).body!);
    await expect(stream.done()).rejects.toThrow(/JSON/);
  });

  describe("code interpreter calls", () => {
    const STEP = "step_code";
    const step = { id: STEP, object: "thread.run.step", created_at: 1, assistant_id: "asst_1", thread_id: "thread_1", run_id: "run_1", type: "tool_calls", status: "in_progress", step_details: { type: "tool_calls", tool_calls: [] }, last_error: null, expired_at: null, cancelled_at: null, failed_at: null, completed_at: null, metadata: {}, usage: null };
    const sse = (events: [string, unknown][]) => events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join("") + "event: done\ndata: [DONE]\n\n";
    const delta = (call: Record<string, unknown>) => ["thread.run.step.delta", { id: STEP, object: "thread.run.step.delta", delta: { step_details: { type: "tool_calls", tool_calls: [{ index: 0, type: "code_interpreter", ...call }] } } }] as [string, unknown];
    const FILE = { file_id: "file-csv", filename: "report.csv", path: "/mnt/data/report.csv", bytes: 42 };
    const body = sse([
      ["thread.run.step.created", step],
      // As the engine sends it: the call named with empty code, the code growing, then the whole result with the call's id again.
      delta({ id: "call_1", code_interpreter: { input: "", outputs: [] } }),
      delta({ code_interpreter: { input: "import matplotlib\n" } }),
      delta({ code_interpreter: { input: "plot()" } }),
      delta({ id: "call_1", code_interpreter: { outputs: [{ index: 0, type: "logs", logs: "saved\n" }, { index: 1, type: "image", image: { file_id: "file-png" } }], sandbox: "bwrap", duration_ms: 120, files: [FILE] } }),
      // The set-once fields sent again: the same values, not doubled.
      delta({ code_interpreter: { sandbox: "bwrap", duration_ms: 120, files: [{ index: 0, ...FILE }] } }),
    ]);

    const stepDeltas = async (text: string) => (await read(text)).events.filter((event) => event.event === "thread.run.step.delta").map((event) => event.object as RunStepObject);

    it("folds the growing code, image outputs and Atelier's extension fields, setting rather than appending the latter", async () => {
      const deltas = await stepDeltas(body);
      const [call] = callsOfStep(deltas.at(-1)!);
      expect(call).toMatchObject({ id: "call_1", kind: "code_interpreter", arguments: "import matplotlib\nplot()", output: "saved\n" });
      expect(call!.code).toEqual({
        input: "import matplotlib\nplot()",
        logs: "saved\n",
        images: ["file-png"],
        files: [{ fileId: "file-csv", filename: "report.csv", path: "/mnt/data/report.csv", bytes: 42 }],
        sandbox: "bwrap",
        durationMs: 120,
        ran: true,
      });
    });

    it("keeps each delta's object as it was then: a running call, its code so far", async () => {
      const deltas = await stepDeltas(body);
      expect(callsOfStep(deltas[1]!)[0]!.code).toMatchObject({ input: "import matplotlib\n", ran: false, logs: null, sandbox: null });
      expect(callsOfStep(deltas[3]!)[0]!.code).toMatchObject({ ran: true, durationMs: 120 });
      // Later logs folded in place do not reach an earlier copy.
      const more = await stepDeltas(body.replace("event: done", `event: thread.run.step.delta\ndata: ${JSON.stringify(delta({ code_interpreter: { outputs: [{ index: 0, type: "logs", logs: "more\n" }] } })[1])}\n\nevent: done`));
      expect(callsOfStep(more.at(-1)!)[0]!.code!.logs).toBe("saved\nmore\n");
      expect(callsOfStep(more.at(-2)!)[0]!.code!.logs).toBe("saved\n");
    });

    it("passes each delta's data as sent, extension fields included", async () => {
      const { events } = await read(body);
      const last = events.filter((event) => event.event === "thread.run.step.delta").at(-1)!;
      expect(JSON.parse(last.data).delta.step_details.tool_calls[0].code_interpreter).toMatchObject({ sandbox: "bwrap", duration_ms: 120 });
    });
  });

  it("folds a reply's file_path annotations and the chart parts streamed after its text", async () => {
    const message = { id: "msg_1", object: "thread.message", created_at: 1, thread_id: "thread_1", status: "in_progress", incomplete_details: null, completed_at: null, incomplete_at: null, role: "assistant", content: [], assistant_id: "asst_1", run_id: "run_1", attachments: [], metadata: {} };
    const text = "[CSV](sandbox:/mnt/data/a.csv)";
    const annotation = { type: "file_path", text: "sandbox:/mnt/data/a.csv", start_index: 6, end_index: 29, file_path: { file_id: "file-csv" } };
    const delta = (content: unknown[]) => ({ id: "msg_1", object: "thread.message.delta", delta: { content } });
    const body = [
      ["thread.message.created", message],
      ["thread.message.delta", delta([{ index: 0, type: "text", text: { value: text, annotations: [] } }])],
      // As the engine sends them once the text is whole (lib/runs/wire.ts annotationsDelta, imagesDelta).
      ["thread.message.delta", delta([{ index: 0, type: "text", text: { annotations: [{ index: 0, ...annotation }] } }])],
      ["thread.message.delta", delta([{ index: 1, type: "image_file", image_file: { file_id: "file-png", detail: "auto" } }])],
    ]
      .map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
      .join("");
    const { events } = await read(body);
    const view = toChatMessage(events.at(-1)!.object as MessageObject);
    expect(view.text).toBe(text);
    expect(view.images).toEqual(["file-png"]);
    expect(view.filePaths).toEqual([{ index: 0, ...annotation }]);
  });
});
