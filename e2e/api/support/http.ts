import OpenAI from "openai";
import { inject } from "vitest";
import { parseSse, streamProblems } from "./sse";
import { expectMatchesContract, expectMatchesSchema, operationIdFor, schemaProblems, contractProblems } from "../../support/contract";

// HTTP helpers for the API tests. Every response body that passes through them is checked against
// the OpenAI contract: raw `api()` calls at once (a violation fails the call), SDK calls through a
// recording fetch whose findings a test asserts (`contractViolations`), since an error thrown
// inside fetch would reach the test only as the SDK's generic connection error.

export const API_PREFIX = "/api/v1";

// Response bodies are JSON whose shape the contract check has just verified; tests read them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type ApiResponse<T = Json> = { status: number; headers: Headers; body: T; text: string };

export type ApiRequest = {
  key?: string | null;
  /** Serialised as JSON with content-type application/json, unless `rawBody` is given. */
  json?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
};

function checkBody(method: string, apiPath: string, status: number, body: unknown): void {
  // Every error status answers in OpenAI's error shape, whatever the path (also unknown ones).
  if (status >= 400) return expectMatchesSchema("ErrorResponse", body);
  const operationId = operationIdFor(method, apiPath);
  if (!operationId) throw new Error(`No contract operation for ${method} ${apiPath} (status ${status})`);
  expectMatchesContract(operationId, status, body);
}

/** A raw request to `${baseURL}/api/v1${apiPath}`; the JSON body is checked against the contract. */
export async function api<T = Json>(method: string, apiPath: string, request: ApiRequest = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.key) headers.authorization ??= `Bearer ${request.key}`;
  let body: string | undefined = request.rawBody;
  if (request.json !== undefined) {
    body = JSON.stringify(request.json);
    headers["content-type"] ??= "application/json";
  }
  return apiFetch<T>(apiPath, { method, headers, body });
}

/** `fetch` for requests `api()` cannot express (streamed bodies, Blobs); same contract check. */
export async function apiFetch<T = Json>(apiPath: string, init: RequestInit = {}): Promise<ApiResponse<T>> {
  const method = (init.method ?? "GET").toUpperCase();
  const response = await fetch(`${inject("baseURL")}${API_PREFIX}${apiPath}`, init);
  const text = await response.text();
  if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
    // A stream that ended: its events are the body, each checked against the contract.
    const events = parseSse(text);
    const problems = streamProblems(events);
    if (problems.length) throw new Error(`${method} ${apiPath} streamed events that break the contract:\n  - ${problems.join("\n  - ")}`);
    return { status: response.status, headers: response.headers, body: { events } as T, text };
  }
  if (response.status < 400 && response.headers.get("content-disposition")?.startsWith("attachment")) {
    // A download (GET /files/{id}/content): bytes, not JSON; its framing is what is checked.
    const problems = binaryProblems(response);
    if (problems.length) throw new Error(`${method} ${apiPath} sent a download framed wrongly:\n  - ${problems.join("\n  - ")}`);
    return { status: response.status, headers: response.headers, body: text as T, text };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${apiPath} → ${response.status} with a non-JSON body (${response.headers.get("content-type")}): ${text.slice(0, 500)}`);
  }
  checkBody(method, apiPath, response.status, parsed);
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}

/** A file download's framing: bytes to save, as an attachment with its name. */
export function binaryProblems(response: Response): string[] {
  const problems: string[] = [];
  if (response.headers.get("content-type") !== "application/octet-stream") problems.push(`content-type is ${response.headers.get("content-type")}, not application/octet-stream`);
  if (!/^attachment; filename="[^"]*"; filename\*=UTF-8''\S+$/.test(response.headers.get("content-disposition") ?? "")) problems.push(`content-disposition is ${response.headers.get("content-disposition")}`);
  return problems;
}

export type RecordedExchange = { method: string; path: string; status: number; text: string; problems: string[] };

/**
 * An `openai` SDK client for the app, as a user would make it (only baseURL and apiKey differ
 * from OpenAI's), whose every response is recorded and checked against the contract.
 */
export function sdkClient(
  apiKey: string,
  /** Another app server than the suite's (e2e/support/app-server.ts). */
  opts: { baseURL?: string } = {},
): {
  client: OpenAI;
  exchanges: RecordedExchange[];
  contractViolations: () => string[];
  /** Resolves when every stream seen so far has ended and been checked. */
  settled: () => Promise<void>;
} {
  const exchanges: RecordedExchange[] = [];
  const streams: Promise<void>[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    // The SDK's probe of fetch's FormData support before an upload (`fetch("data:,")`): not an API call.
    if (url.protocol === "data:") return response;
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const apiPath = url.pathname.slice(API_PREFIX.length) + url.search;
    if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
      // Checked in the background: waiting for the whole stream here would hold every event back.
      const exchange: RecordedExchange = { method, path: apiPath, status: response.status, text: "", problems: [] };
      exchanges.push(exchange);
      streams.push(
        response
          .clone()
          .text()
          .then(
            (text) => {
              exchange.text = text;
              exchange.problems = streamProblems(parseSse(text));
            },
            () => {}, // the client stopped reading (a cancelled stream): nothing complete to check
          ),
      );
      return response;
    }
    if (response.ok && !response.headers.get("content-type")?.startsWith("application/json")) {
      // A file's content (GET /files/{id}/content): bytes for the test to read, not JSON to check.
      // Only its framing is checked here, without reading it (it may be hundreds of MB).
      const operationId = operationIdFor(method, apiPath);
      const problems = operationId === "downloadFile" ? binaryProblems(response) : [`unexpected ${response.headers.get("content-type")} body from ${operationId ?? "no contract operation"}`];
      exchanges.push({ method, path: apiPath, status: response.status, text: "(binary)", problems });
      return response;
    }
    const text = await response.clone().text();
    let problems: string[];
    try {
      const body = JSON.parse(text) as unknown;
      const operationId = operationIdFor(method, apiPath);
      problems =
        response.status >= 400
          ? schemaProblems("ErrorResponse", body)
          : operationId
            ? contractProblems(operationId, response.status, body)
            : [`no contract operation for ${method} ${url.pathname}`];
    } catch (error) {
      problems = [`unreadable body: ${(error as Error).message}: ${text.slice(0, 200)}`];
    }
    exchanges.push({ method, path: apiPath, status: response.status, text, problems });
    return response;
  };
  const client = new OpenAI({
    baseURL: `${opts.baseURL ?? inject("baseURL")}${API_PREFIX}`,
    apiKey,
    maxRetries: 0,
    timeout: 15_000,
    fetch: recordingFetch,
  });
  const contractViolations = () =>
    exchanges.flatMap((exchange) => exchange.problems.map((problem) => `${exchange.method} ${exchange.path} ${exchange.status}: ${problem}`));
  const settled = async () => {
    await Promise.all(streams);
  };
  return { client, exchanges, contractViolations, settled };
}
