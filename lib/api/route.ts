import type { Caller } from "@/lib/auth/caller";
import { callerFromRequest } from "@/lib/auth/request";
import { requestIdOf } from "@/lib/api/request-id";
import { logRequest, routePattern } from "@/lib/api/request-log";
import { errorResponse, json } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { API_CACHE_CONTROL } from "@/lib/security/headers";

// Wraps every /api/v1 handler: authenticates first, gives the handler its caller and params,
// and turns whatever it throws into OpenAI's error shape. Handlers stay a few lines. Every response
// leaves through `finish`: request id, `Cache-Control` (API_CACHE_CONTROL: no shared cache may keep an API
// object, and nothing compresses one) and one request log line.

type Context<P> = { params: Promise<P> };

export type ApiHandlerArgs<P> = { request: Request; params: P; caller: Caller; requestId: string };

type Finish = { requestId: string; started: number; workspaceId: string | null; route: string };

/** Headers every API response carries; a Response whose headers cannot change is copied. */
function withApiHeaders(response: Response, requestId: string): Response {
  const apply = (headers: Headers) => {
    if (!headers.has("x-request-id")) headers.set("x-request-id", requestId);
    headers.set("cache-control", API_CACHE_CONTROL);
  };
  try {
    apply(response.headers);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    apply(copy.headers);
    return copy;
  }
}

function finish(request: Request, response: Response, done: Finish): Response {
  const sent = withApiHeaders(response, done.requestId);
  logRequest({
    method: request.method,
    route: done.route,
    path: new URL(request.url).pathname,
    status: sent.status,
    durationMs: performance.now() - done.started,
    requestId: done.requestId,
    workspaceId: done.workspaceId,
  });
  return sent;
}

async function patternOf<P>(request: Request, context: Context<P> | undefined, route: string | undefined): Promise<string> {
  if (route) return route;
  // Static routes get no params at all; a dynamic one's could fail to decode (lib/api/guard.ts refuses those first).
  const params = await Promise.resolve(context?.params).catch(() => null);
  return routePattern(new URL(request.url).pathname, params as Record<string, unknown> | null);
}

export function apiRoute<P = Record<string, never>>(
  handler: (args: ApiHandlerArgs<P>) => Promise<unknown>,
  options: { route?: string } = {},
) {
  return async (request: Request, context: Context<P>): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdOf(request);
    let caller: Caller | null = null;
    let response: Response;
    try {
      caller = await callerFromRequest(request);
      const params = await context.params;
      const body = await handler({ request, params, caller, requestId });
      response = body instanceof Response ? body : json(body, { requestId });
    } catch (error) {
      // A browser-style challenge so curl users see why, as the spec for 401 asks.
      const headers = error instanceof AppError && error.status === 401 ? { "www-authenticate": 'Bearer realm="atelier"' } : undefined;
      response = errorResponse(error, requestId, headers);
    }
    const route = await patternOf(request, context, options.route);
    return finish(request, response, { requestId, started, workspaceId: caller?.workspaceId ?? null, route });
  };
}

/** A handler for methods a path does not support: 405 in OpenAI's shape, with `Allow`. */
export function methodNotAllowed(allowed: readonly string[]) {
  return async (request: Request, context?: Context<unknown>): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdOf(request);
    const error = new AppError("method_not_allowed", `${request.method} is not supported here. Allowed: ${allowed.join(", ")}.`, {
      apiCode: "method_not_allowed",
    });
    const response = errorResponse(error, requestId, { allow: allowed.join(", ") });
    return finish(request, response, { requestId, started, workspaceId: null, route: await patternOf(request, context, undefined) });
  };
}
