import { readFileSync } from "node:fs";
import path from "node:path";

// The recorded SSE bodies (scripts/record-run-events.ts) as the browser gets them: a Response
// whose body arrives in the given chunks. For the live-run unit tests only.

export type Fixture = "completed" | "fails-mid-stream" | "requires-action" | "tool-outputs" | "cancelled-before-first-token" | "replay-cut" | "replay-attach";

export const fixtureText = (name: Fixture): string => readFileSync(path.join(import.meta.dirname, "fixtures", `${name}.sse`), "utf8");

/** `text` as a streamed response body, cut every `chunk` bytes (so lines, events and characters split). */
export function sseResponse(text: string, chunk = Infinity): Response {
  const bytes = new TextEncoder().encode(text);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const size = Number.isFinite(chunk) ? chunk : bytes.length || 1;
      for (let at = 0; at < bytes.length; at += size) controller.enqueue(bytes.slice(at, at + size));
      controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

/** A recorded body with one more event inserted before the first `before` event. */
export function withEventBefore(text: string, before: string, event: string, data: unknown): string {
  const at = text.indexOf(`event: ${before}\n`);
  return `${text.slice(0, at)}event: ${event}\ndata: ${JSON.stringify(data)}\n\n${text.slice(at)}`;
}
