import { AssistantStream } from "openai/lib/AssistantStream";
import { describe, expect, it } from "vitest";
import { fixtureText, sseResponse, withEventBefore } from "@/lib/playground/fixture-bodies";
import { readRunEvents, type RunStreamEvent } from "@/lib/playground/run-events";
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
});
