import { randomUUID } from "node:crypto";
import type { Caller } from "@/lib/auth/caller";
import { callerFromRequest } from "@/lib/auth/request";
import { errorResponse, json } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";

// Wraps every /api/v1 handler: authenticates first, gives the handler its caller and params,
// and turns whatever it throws into OpenAI's error shape. Handlers stay a few lines.

type Context<P> = { params: Promise<P> };

// A caller's own request id is echoed (it ties their logs to ours) only if it looks like one.
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const newRequestId = () => `req_${randomUUID().replaceAll("-", "")}`;

function requestIdOf(request: Request): string {
  const given = request.headers.get("x-request-id");
  return given && CLIENT_REQUEST_ID.test(given) ? given : newRequestId();
}

export type ApiHandlerArgs<P> = { request: Request; params: P; caller: Caller; requestId: string };

export function apiRoute<P = Record<string, never>>(handler: (args: ApiHandlerArgs<P>) => Promise<unknown>) {
  return async (request: Request, context: Context<P>): Promise<Response> => {
    const requestId = requestIdOf(request);
    try {
      const caller = await callerFromRequest(request);
      const params = await context.params;
      const body = await handler({ request, params, caller, requestId });
      return body instanceof Response ? body : json(body, { requestId });
    } catch (error) {
      // A browser-style challenge so curl users see why, as the spec for 401 asks.
      const headers = error instanceof AppError && error.status === 401 ? { "www-authenticate": 'Bearer realm="atelier"' } : undefined;
      return errorResponse(error, requestId, headers);
    }
  };
}

/** A handler for methods a path does not support: 405 in OpenAI's shape, with `Allow`. */
export function methodNotAllowed(allowed: readonly string[]) {
  return async (request: Request): Promise<Response> => {
    const requestId = requestIdOf(request);
    const error = new AppError("method_not_allowed", `${request.method} is not supported here. Allowed: ${allowed.join(", ")}.`, {
      apiCode: "method_not_allowed",
    });
    return errorResponse(error, requestId, { allow: allowed.join(", ") });
  };
}
