import "server-only";
import type { RunEvent } from "@/lib/runs/events";
import { API_CACHE_CONTROL } from "@/lib/security/headers";

// Server-sent events exactly as OpenAI streams them: `event: <name>` / `data: <json>` pairs, the
// last one `event: done` / `data: [DONE]`. A comment line every 15 s keeps proxies and load
// balancers from closing a quiet connection (a run waiting on a slow model).

const HEARTBEAT_MS = 15_000;

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  // no-store like every API response; no-transform keeps proxies from compressing (buffering) it.
  "cache-control": API_CACHE_CONTROL,
  connection: "keep-alive",
  // nginx and similar buffer responses unless told not to, which would hold back every token.
  "x-accel-buffering": "no",
};

export function formatEvent({ event, data }: RunEvent): string {
  return `event: ${event}\ndata: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
}

/**
 * A streaming response of `events`, given in batches. When the client goes away the subscription ends (the abort
 * controller below); whatever produces the events is not told and goes on.
 */
export function sseResponse(events: (signal: AbortSignal) => AsyncIterable<RunEvent[]>, headers: Record<string, string> = {}): Response {
  const encoder = new TextEncoder();
  const stop = new AbortController();
  let heartbeat: NodeJS.Timeout | undefined;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(": keep-alive\n\n"));
        } catch {
          stop.abort();
        }
      }, HEARTBEAT_MS);
      try {
        // A batch (see lib/runs/events.ts subscribe) goes out as one chunk.
        for await (const batch of events(stop.signal)) controller.enqueue(encoder.encode(batch.map(formatEvent).join("")));
        controller.close();
      } catch (error) {
        if (!stop.signal.aborted) controller.error(error);
      } finally {
        clearInterval(heartbeat);
      }
    },
    cancel() {
      clearInterval(heartbeat);
      stop.abort();
    },
  });
  return new Response(body, { status: 200, headers: { ...SSE_HEADERS, ...headers } });
}
