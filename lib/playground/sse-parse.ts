// Reads a server-sent event stream as the run endpoints send it (lib/sse.ts): `event:` and `data:`
// lines, a blank line between events, `:` comments (the heartbeat) ignored. Used by the browser
// (the playground) on fetch bodies, where EventSource cannot POST or send headers.

export type SseEvent = { event: string; data: string };

/** Splits complete events off `buffer`; returns them and what is left for the next chunk. */
export function splitEvents(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  // Servers may end lines with \r\n; the spec allows \r, \n and \r\n. A trailing \r waits for
  // the next chunk, which may start with its \n.
  const held = buffer.endsWith("\r") ? "\r" : "";
  const text = (held ? buffer.slice(0, -1) : buffer).replace(/\r\n?/g, "\n");
  let start = 0;
  let end: number;
  while ((end = text.indexOf("\n\n", start)) >= 0) {
    const block = text.slice(start, end);
    start = end + 2;
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    if (data.length) events.push({ event, data: data.join("\n") });
  }
  return { events, rest: text.slice(start) + held };
}

/** The events of `body` as they arrive; ends with the body. */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // stream: a character split across chunks is decoded once its last byte is there.
      const { events, rest } = splitEvents(buffer + decoder.decode(value, { stream: true }));
      buffer = rest;
      yield* events;
    }
    // A last event without its blank line still counts.
    buffer += decoder.decode();
    if (buffer.trim()) yield* splitEvents(`${buffer}\n\n`).events;
  } finally {
    reader.releaseLock();
  }
}
