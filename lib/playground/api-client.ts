// The playground's calls to /api/v1 from the browser. The console's session cookie authenticates
// them (same origin; lib/auth/request.ts), so the playground exercises the very API that SDKs use.
// Errors arrive in OpenAI's shape and are rethrown with their message, status and code.

export const API_BASE = "/api/v1";

export class ApiClientError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

type OpenAiError = { error?: { message?: string; code?: string | null } };

/** The error an unsuccessful response carries, or a generic one naming its status. */
export async function errorFrom(response: Response): Promise<ApiClientError> {
  let body: OpenAiError | null = null;
  try {
    body = (await response.json()) as OpenAiError;
  } catch {
    // Not JSON (a proxy's error page): the status is all there is.
  }
  const message = body?.error?.message ?? `The request failed (HTTP ${response.status}).`;
  return new ApiClientError(message, response.status, body?.error?.code ?? null);
}

/** A request whose JSON answer is returned; a non-2xx answer throws its API error. */
export async function apiJson<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const response = await apiRequest(path, init);
  return (await response.json()) as T;
}

/** The raw response (for streams), after the same error handling as apiJson. */
export async function apiRequest(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<Response> {
  const response = await fetch(`${API_BASE}${path}`, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
    // The session cookie, and never a cached answer: run state changes under us.
    credentials: "same-origin",
    cache: "no-store",
  });
  if (!response.ok) throw await errorFrom(response);
  return response;
}

/** Ids from the API are opaque but safe; encoding keeps a bad one from changing the path. */
export const seg = (id: string) => encodeURIComponent(id);
