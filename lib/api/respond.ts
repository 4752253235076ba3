import { AppError, type ErrorCode } from "@/lib/errors";
import { log } from "@/lib/log";

// The single mapping from errors to HTTP responses in OpenAI's shape:
// { "error": { "message", "type", "param", "code" } }.

const errorTypeByCode: Record<ErrorCode, string> = {
  invalid_request: "invalid_request_error",
  unauthorized: "invalid_request_error",
  forbidden: "permission_error",
  not_found: "invalid_request_error",
  method_not_allowed: "invalid_request_error",
  conflict: "invalid_request_error",
  payload_too_large: "invalid_request_error",
  unsupported_media_type: "invalid_request_error",
  rate_limited: "rate_limit_error",
  internal: "server_error",
  bad_gateway: "server_error",
  unavailable: "server_error",
};

export type OpenAIErrorBody = { error: { message: string; type: string; param: string | null; code: string | null } };

export function errorBody(error: AppError): OpenAIErrorBody {
  return {
    error: {
      message: error.message,
      type: errorTypeByCode[error.code],
      param: error.param,
      code: error.apiCode ?? (error.code === "internal" ? null : error.code),
    },
  };
}

export function json(body: unknown, init: { status?: number; requestId?: string; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  if (init.requestId) headers.set("x-request-id", init.requestId);
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

/** Any thrown value → a response. Unexpected faults are logged with the request id and never leak internals. */
export function errorResponse(thrown: unknown, requestId: string, headers?: HeadersInit): Response {
  if (thrown instanceof AppError) {
    return json(errorBody(thrown), { status: thrown.status, requestId, headers });
  }
  log.error("unhandled error in API request", { requestId, error: thrown });
  const internal = new AppError(
    "internal",
    `The server had an error while processing your request. Quote request id ${requestId} when you report it.`,
  );
  return json(errorBody(internal), { status: 500, requestId });
}
