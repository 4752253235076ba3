import { APICallError } from "@ai-sdk/provider";

// A model call whose connection failed before any answer (a keep-alive socket the provider closed
// as it was reused: ECONNRESET, "other side closed"; a provider restarting) is tried again, twice,
// after 200 ms and 400 ms, as the `openai` SDK and the AI SDK's own helpers do by default. Only
// then: an answer (any status) or a stream broken midway is never sent again, nor is an aborted call.

export const CONNECT_ATTEMPTS = 3;
export const CONNECT_RETRY_BASE_MS = 200;

/** Whether a call's error is a connection that could not be made (both stream paths say "Cannot connect to API"). */
export const isConnectFailure = (error: unknown): boolean =>
  APICallError.isInstance(error) && error.statusCode === undefined && error.message.startsWith("Cannot connect to API");

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export async function withConnectRetries<T>(start: () => PromiseLike<T>, signal?: AbortSignal, baseMs = CONNECT_RETRY_BASE_MS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= CONNECT_ATTEMPTS || signal?.aborted || !isConnectFailure(error)) throw error;
      await pause(baseMs * 2 ** (attempt - 1), signal);
    }
  }
}
