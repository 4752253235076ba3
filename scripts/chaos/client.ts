import type { AppServer } from "../../e2e/support/app-server";
import { EventSourceParserStream } from "eventsource-parser/stream";

// The chaos run's client: plain fetch against one chosen instance, every response body kept for
// the secret scan, and streamed runs read to the end with the text they carried.

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- API objects of every kind

/** Every byte any instance returned, for the secret scan. */
export const responseBodies: string[] = [];

export async function api(instance: AppServer, adminKey: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${instance.baseURL}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  responseBodies.push(text);
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

export type Streamed = {
  runId: Promise<string>;
  /** The text the stream carried so far. */
  text(): string;
  events(): string[];
  /** Resolves when the stream ends (its `done`, or the connection closing). */
  ended: Promise<void>;
  abort(): void;
};

/** POSTs `path` with stream: true and reads the events as they come. */
export function stream(instance: AppServer, adminKey: string, path: string, body: Json = {}, method = "POST"): Streamed {
  const control = new AbortController();
  let text = "";
  const names: string[] = [];
  let resolveId!: (id: string) => void;
  let rejectId!: (error: Error) => void;
  const runId = new Promise<string>((resolve, reject) => ((resolveId = resolve), (rejectId = reject)));
  runId.catch(() => {});
  const ended = (async () => {
    try {
      const response = await fetch(`${instance.baseURL}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
        body: method === "GET" ? undefined : JSON.stringify({ ...body, stream: true }),
        signal: control.signal,
      });
      if (!response.ok || !response.body) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
      const events = response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
      for await (const { event = "message", data } of events) {
        responseBodies.push(data);
        names.push(event);
        if (event.startsWith("thread.run.")) resolveId((JSON.parse(data) as { id: string }).id);
        if (event === "thread.message.delta") text += (JSON.parse(data) as Json).delta.content[0].text.value;
      }
    } catch (error) {
      rejectId(error as Error);
    } finally {
      rejectId(new Error(`${path}: the stream ended without a run event`));
    }
  })();
  return { runId, text: () => text, events: () => names, ended, abort: () => control.abort() };
}

export const TERMINAL = new Set(["completed", "failed", "cancelled", "incomplete", "expired"]);

export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}
