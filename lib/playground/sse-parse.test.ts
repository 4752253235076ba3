import { describe, expect, it } from "vitest";
import { readSse, splitEvents } from "@/lib/playground/sse-parse";

// The playground reads the run endpoints' SSE from fetch bodies, chunked however the network
// splits them: events must come out whole and once, whatever the chunk boundaries.

const body = (chunks: (string | Uint8Array)[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
      controller.close();
    },
  });

async function all(stream: ReadableStream<Uint8Array>) {
  const events = [];
  for await (const event of readSse(stream)) events.push(event);
  return events;
}

describe("splitEvents", () => {
  it("parses event and data lines, skips comments, keeps the unfinished rest", () => {
    const { events, rest } = splitEvents('event: thread.run.created\ndata: {"id":"run_1"}\n\n: keep-alive\n\nevent: done\ndata: [DONE]\n\nevent: par');
    expect(events).toEqual([
      { event: "thread.run.created", data: '{"id":"run_1"}' },
      { event: "done", data: "[DONE]" },
    ]);
    expect(rest).toBe("event: par");
  });

  it("joins multi-line data, defaults the name to message, accepts CRLF", () => {
    expect(splitEvents("data: a\r\ndata: b\r\n\r\n").events).toEqual([{ event: "message", data: "a\nb" }]);
  });
});

describe("readSse", () => {
  it("yields each event once however the body is split", async () => {
    const text = 'event: thread.message.delta\ndata: {"v":"héllo"}\n\nevent: done\ndata: [DONE]\n\n';
    const bytes = new TextEncoder().encode(text);
    // One byte at a time: splits lines, the blank line and the two bytes of "é".
    const events = await all(body(Array.from(bytes, (byte) => Uint8Array.of(byte))));
    expect(events).toEqual([
      { event: "thread.message.delta", data: '{"v":"héllo"}' },
      { event: "done", data: "[DONE]" },
    ]);
  });

  it("keeps a CRLF split between chunks as one line end", async () => {
    expect(await all(body(["data: x\r", "\n\r", "\n"]))).toEqual([{ event: "message", data: "x" }]);
  });

  it("yields a last event that lacks its blank line", async () => {
    expect(await all(body(["event: done\ndata: [DONE]"]))).toEqual([{ event: "done", data: "[DONE]" }]);
  });
});
