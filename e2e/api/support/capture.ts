import path from "node:path";
import { threadId } from "node:worker_threads";
import { afterAll, expect, inject } from "vitest";
import { appendCaptured, type CapturedResponse } from "../../../scripts/lib/secret-scan";

// A setup file of the api project (vitest.config.ts): in every test worker, global `fetch` (which
// the tests' helpers, the server-action caller and the `openai` SDK all use) records the status,
// headers and whole body of each response into the run's capture folder, for the secret scan in
// the global teardown (scripts/lib/secret-scan.ts). The test gets its response as before: a body is
// handed on chunk by chunk as it arrives, so streams still stream; cancelling it cancels the
// request. Bodies are read to their end even when the test never reads them.
//
// The scripted model's own answers are not recorded: it is the test double of a provider and echoes
// what Atelier sent it (the provider key in `/__scripted/requests`), which is not Atelier's output.

type State = { writer: string; pending: Set<() => void> };

const STATE = Symbol.for("atelier.api-tests.capture");
const globals = globalThis as typeof globalThis & { [STATE]?: State };

function requestOf(input: Parameters<typeof fetch>[0], init: RequestInit | undefined): { method: string; url: URL } {
  const url = new URL(input instanceof Request ? input.url : input instanceof URL ? input.href : input);
  return { method: (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase(), url };
}

function isScriptedModel(url: URL): boolean {
  return url.pathname.startsWith("/__scripted/") || url.origin === new URL(inject("modelURL")).origin;
}

function headerText(headers: Headers): string {
  return [...headers].map(([name, value]) => `${name}: ${value}`).join("\n");
}

// Bodies are recorded up to this many characters: a file download may be hundreds of MB of the
// test's own bytes, which would cost the worker that much memory twice over, and the scan as much.
const MAX_RECORDED_CHARS = 8 * 1024 * 1024;

/** A response like `response` whose body is also recorded; `record` gets the text once, at its end (or when the file ends). */
function recording(response: Response, record: (body: string, partial: boolean) => void, pending: Set<() => void>): Response {
  const source = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let done = false;
  const finish = (partial: boolean) => {
    if (done) return;
    done = true;
    pending.delete(flushPartial);
    record(text + decoder.decode(), partial);
  };
  const flushPartial = () => finish(true);
  pending.add(flushPartial);
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      void (async () => {
        try {
          for (;;) {
            const chunk = await source.read();
            if (chunk.done) break;
            if (text.length < MAX_RECORDED_CHARS) text += decoder.decode(chunk.value, { stream: true });
            if (!cancelled) controller.enqueue(chunk.value);
          }
          if (!cancelled) controller.close();
          finish(false);
        } catch (error) {
          if (!cancelled) controller.error(error);
          finish(true);
        }
      })();
    },
    cancel(reason) {
      cancelled = true;
      return source.cancel(reason);
    },
  });
  const copy = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  // What `new Response` cannot be given: where the response came from.
  Object.defineProperties(copy, { url: { value: response.url }, redirected: { value: response.redirected } });
  return copy;
}

function install(): State {
  const state: State = { writer: `${process.pid}-${threadId}`, pending: new Set() };
  const dir = inject("captureDir");
  const original = globalThis.fetch;
  globalThis.fetch = async function capturingFetch(input, init) {
    const response = await original(input, init);
    const { method, url } = requestOf(input, init);
    if (isScriptedModel(url)) return response;
    const { testPath, currentTestName } = expect.getState();
    const base = { file: path.relative(process.cwd(), testPath ?? "?"), test: currentTestName ?? null, method, url: url.href, status: response.status, headers: headerText(response.headers) };
    const record = (body: string, partial: boolean) => appendCaptured(dir, state.writer, { ...base, body, ...(partial && { partial }) } satisfies CapturedResponse);
    if (!response.body) {
      record("", false);
      return response;
    }
    return recording(response, record, state.pending);
  };
  // A stream still open when the worker exits is recorded as far as it got.
  process.once("exit", () => [...state.pending].forEach((flush) => flush()));
  return state;
}

const state = (globals[STATE] ??= install());

// Streams a test file left open are recorded as far as they got when the file ends.
afterAll(() => [...state.pending].forEach((flush) => flush()));
