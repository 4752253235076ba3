import "server-only";
import { providerFetch } from "@/lib/providers/provider-fetch";
import { readLimited } from "@/lib/read-limited";
import { apiKeyHint } from "@/lib/providers/schema";

// HTTP to model providers, such that a provider's key never leaves for another host. Every request
// Atelier builds goes under the provider's base URL (…/chat/completions, …/models); these helpers
// also hold the line when something else would move it: the AI SDK gets a fetch that refuses any
// URL outside the base URL, and nothing follows a redirect (a provider, or whoever took over its
// address, could otherwise send the request with its Authorization header somewhere else). Nor does
// the key come back in what a provider answers: an error that quotes it ("Incorrect API key
// provided: sk-…") becomes a run's `last_error` or a connection test's message, which people
// without the key read, so the key is replaced by its hint (`…3f9a`) before anything reads it.

/** Error for a request that would have left the provider's base URL. */
export class ProviderHttpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderHttpError";
  }
}

function requestUrl(input: Parameters<typeof fetch>[0]): URL {
  return new URL(input instanceof Request ? input.url : input instanceof URL ? input.href : input);
}

/** True when `url` is the base URL itself or below it (same origin, path under its path). */
export function isUnderBaseUrl(url: URL, baseURL: string): boolean {
  const base = new URL(baseURL);
  if (url.origin !== base.origin) return false;
  const basePath = base.pathname.replace(/\/+$/, "");
  return url.pathname === basePath || url.pathname.startsWith(`${basePath}/`);
}

const MAX_ERROR_BODY_BYTES = 1024 * 1024;

/** The key a request sends (`Authorization: Bearer …`). */
function bearerOf(input: Parameters<typeof fetch>[0], init: RequestInit | undefined): string | null {
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  return /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1] ?? null;
}

/** `text` with every occurrence of `key` replaced by its hint. */
export function withoutKey(text: string, key: string | null): string {
  return key && text.includes(key) ? text.replaceAll(key, apiKeyHint(key)) : text;
}

/** An error answer whose body may quote the key, with the key replaced (error bodies are small: read whole). */
async function errorWithoutKey(response: Response, key: string): Promise<Response> {
  const text = await readLimited(response.body, MAX_ERROR_BODY_BYTES, () => new ProviderHttpError(`The provider's error answer (HTTP ${response.status}) is larger than 1 MiB.`));
  return new Response(withoutKey(text, key), { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * A fetch for the AI SDK: requests outside `baseURL` are refused before anything is sent, a 3xx
 * answer becomes an error instead of being followed, and an error answer does not carry the key.
 */
export function baseBoundFetch(baseURL: string): typeof fetch {
  return async (input, init) => {
    const url = requestUrl(input);
    if (!isUnderBaseUrl(url, baseURL)) {
      throw new ProviderHttpError(`Refused to send a provider request outside its base URL ${baseURL} (to ${url.origin}).`);
    }
    const response = input instanceof Request ? await fetch(input, { ...init, redirect: "manual" }) : await providerFetch(url, init);
    if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
      await response.body?.cancel().catch(() => {});
      throw new ProviderHttpError(`The provider answered with a redirect (HTTP ${response.status}); Atelier does not follow redirects with a provider's key. Check the base URL.`);
    }
    const key = response.status >= 400 ? bearerOf(input, init) : null;
    return key ? errorWithoutKey(response, key) : response;
  };
}

export type ListedModel = { id: string; created: number; owned_by: string };

export type ModelListResult =
  | { ok: true; status: number; latencyMs: number; models: ListedModel[] }
  | { ok: false; status: number | null; latencyMs: number; error: string };

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const MAX_MODELS = 2000;
const MAX_ID_LENGTH = 256;
const MAX_ERROR_LENGTH = 300;

/** OpenAI's error shape `{ error: { message } }`, else the status alone; shortened either way. */
function errorText(status: number, text: string): string {
  let message: unknown;
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    message = typeof body.error === "string" ? body.error : (body.error?.message ?? body.message);
  } catch {
    // not JSON: the status says enough, and a page of HTML says nothing useful
  }
  const detail = typeof message === "string" && message.trim() ? `: ${message.trim().slice(0, MAX_ERROR_LENGTH)}` : "";
  return `HTTP ${status}${detail}`;
}

function describeFailure(error: unknown): string {
  if (error instanceof ProviderHttpError) return error.message;
  const name = (error as Error)?.name;
  if (name === "TimeoutError" || name === "AbortError") return "No answer within 5 seconds.";
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  // fetch's own message is "fetch failed"; undici puts the reason (ECONNREFUSED, a redirect, …) in cause.
  const reason = typeof cause?.message === "string" && cause.message ? cause.message : error instanceof Error ? error.message : String(error);
  if (/redirect/i.test(reason)) return "The provider answered with a redirect; Atelier does not follow redirects with a provider's key. Check the base URL.";
  return `Could not reach the provider: ${reason}`;
}

/**
 * GET {baseURL}/models with the key, not following redirects. Never throws: a failure is a result,
 * with the status when the provider answered.
 */
export async function fetchModelList(baseURL: string, apiKey: string | null, signal: AbortSignal = AbortSignal.timeout(5_000)): Promise<ModelListResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(`${baseURL.replace(/\/+$/, "")}/models`, {
      headers: { accept: "application/json", ...(apiKey && { authorization: `Bearer ${apiKey}` }) },
      redirect: "error",
      signal,
    });
    // A provider is a remote server: bound what is read from it.
    const text = await readLimited(response.body, MAX_BODY_BYTES, () => new ProviderHttpError(`The answer is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB.`));
    const latencyMs = latency();
    if (!response.ok) return { ok: false, status: response.status, latencyMs, error: errorText(response.status, withoutKey(text, apiKey)) };
    let body: { data?: unknown };
    try {
      body = JSON.parse(text) as { data?: unknown };
    } catch {
      return { ok: false, status: response.status, latencyMs, error: "The answer is not JSON: is this the API's base URL (usually ending in /v1)?" };
    }
    if (!Array.isArray(body.data)) return { ok: false, status: response.status, latencyMs, error: "The answer has no model list (`data`): is this an OpenAI-compatible base URL?" };
    const models = (body.data as { id?: unknown; created?: unknown; owned_by?: unknown }[])
      .filter((model) => typeof model?.id === "string" && model.id.length > 0 && model.id.length <= MAX_ID_LENGTH)
      .slice(0, MAX_MODELS)
      .map((model) => ({
        id: model.id as string,
        created: typeof model.created === "number" && Number.isFinite(model.created) ? Math.trunc(model.created) : 0,
        owned_by: typeof model.owned_by === "string" ? model.owned_by.slice(0, MAX_ID_LENGTH) : "",
      }));
    return { ok: true, status: response.status, latencyMs, models };
  } catch (error) {
    return { ok: false, status: null, latencyMs: latency(), error: describeFailure(error) };
  }
}
