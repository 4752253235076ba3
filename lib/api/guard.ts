import { logRequest } from "@/lib/api/request-log";
import { errorResponse } from "@/lib/api/respond";
import { requestIdOf } from "@/lib/api/request-id";
import { AppError } from "@/lib/errors";

// What proxy.ts checks on /api/v1 before Next routes the request, for the two requests Next itself
// would answer outside OpenAI's error shape: a path whose percent-encoding is not UTF-8 (Next fails
// decoding the route's params before any handler runs: a plain-text 500) and a method outside
// HTTP's usual set (Next's route modules answer 400 with an empty body, to keep arbitrary method
// names away from module exports).

/** Every method some /api/v1 route answers (Next adds HEAD and OPTIONS to each route itself). */
export const API_METHODS = ["GET", "POST", "DELETE", "HEAD", "OPTIONS"] as const;
const ROUTED_METHODS = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"]);

function badEncoding(pathname: string): boolean {
  if (!pathname.includes("%")) return false;
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}

/** The refusal for `request`, or null to let Next route it (PUT and PATCH reach each route's own 405). */
export function refuseUnroutable(request: Request): Response | null {
  const { pathname } = new URL(request.url);
  let error: AppError | null = null;
  let headers: Record<string, string> | undefined;
  if (!ROUTED_METHODS.has(request.method)) {
    error = new AppError("method_not_allowed", `${request.method} is not supported by this API. Allowed: ${API_METHODS.join(", ")}.`, {
      apiCode: "method_not_allowed",
    });
    headers = { allow: API_METHODS.join(", ") };
  } else if (badEncoding(pathname)) {
    error = new AppError("invalid_request", "The request path is not valid percent-encoded UTF-8.", { apiCode: "invalid_url" });
  }
  if (!error) return null;
  const started = performance.now();
  const requestId = requestIdOf(request);
  const response = errorResponse(error, requestId, { ...headers, "cache-control": "no-store" });
  // Refused before routing: no route pattern to name, no caller.
  logRequest({ method: request.method, route: "/api/v1/*", path: pathname, status: response.status, durationMs: performance.now() - started, requestId, workspaceId: null });
  return response;
}
