import { logRequest } from "@/lib/api/request-log";
import { errorBody } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { API_CACHE_CONTROL, API_CSP, STATIC_SECURITY_HEADERS } from "@/lib/security/headers";

// Two /api/v1 requests Next itself would answer outside OpenAI's error shape, refused as they
// arrive (lib/server/incoming.ts), before Next routes them:
//  - a path whose percent-encoding is not UTF-8: Next fails decoding the route's params before
//    any handler runs, and answers a plain-text 500;
//  - a method outside HTTP's usual set (PROPFIND, MKCOL, …): Next's route modules answer 400 with
//    an empty body, to keep arbitrary method names away from module exports.
// Not in proxy.ts: a proxy that runs for every API request cost ~0.6 ms of CPU per request (half
// again what a retrieve costs), to catch requests that almost never come. (A method Node's own
// parser does not know, say FOO, never gets this far: Node answers 400 and closes.)

/** Every method some /api/v1 route answers (Next adds HEAD and OPTIONS to each route itself). */
export const API_METHODS = ["GET", "POST", "DELETE", "HEAD", "OPTIONS"] as const;
const ROUTED_METHODS = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"]);
const API_PREFIX = "/api/v1";

export function badEncoding(pathname: string): boolean {
  if (!pathname.includes("%")) return false;
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}

export type Refusal = { status: number; headers: Record<string, string>; body: string };

/**
 * The refusal for a request line (`url` as sent: path and query), or null to let Next route it
 * (PUT and PATCH reach each route's own 405). Logged like every API request.
 */
export function refuseUnroutable(method: string, url: string, requestId: string): Refusal | null {
  const pathname = url.split("?")[0]!;
  if (pathname !== API_PREFIX && !pathname.startsWith(`${API_PREFIX}/`)) return null;
  let error: AppError;
  const headers: Record<string, string> = {};
  if (!ROUTED_METHODS.has(method)) {
    error = new AppError("method_not_allowed", `${method} is not supported by this API. Allowed: ${API_METHODS.join(", ")}.`, {
      apiCode: "method_not_allowed",
    });
    headers.allow = API_METHODS.join(", ");
  } else if (badEncoding(pathname)) {
    error = new AppError("invalid_request", "The request path is not valid percent-encoded UTF-8.", { apiCode: "invalid_url" });
  } else return null;
  for (const { key, value } of STATIC_SECURITY_HEADERS) headers[key.toLowerCase()] = value;
  Object.assign(headers, {
    "content-security-policy": API_CSP,
    "content-type": "application/json",
    "cache-control": API_CACHE_CONTROL,
    "x-request-id": requestId,
  });
  // Refused before routing: no route pattern to name, no caller.
  logRequest({ method, route: `${API_PREFIX}/*`, path: pathname, status: error.status, durationMs: 0, requestId, workspaceId: null });
  return { status: error.status, headers, body: JSON.stringify(errorBody(error)) };
}
