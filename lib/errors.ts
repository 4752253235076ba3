// One error type for the whole domain. Services throw it; the API maps it to an HTTP status and
// OpenAI's error body (lib/api/respond.ts), server actions map it to { ok: false, code, fieldErrors }.

export type ErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "internal"
  /** A server Atelier calls on the caller's behalf (an MCP server) could not be used. */
  | "bad_gateway"
  /** This instance cannot take the request now (shutting down); another may. */
  | "unavailable";

export const httpStatusByCode: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  bad_gateway: 502,
  unavailable: 503,
};

/** Field path → messages, keyed the way react-hook-form names fields (`tools.0.function.name`). */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** The offending parameter in API notation (`tools[0].function.name`), when one is to blame. */
  readonly param: string | null;
  readonly fieldErrors: FieldErrors;
  /** OpenAI's machine-readable `error.code` (e.g. `invalid_api_key`), when there is a more precise one. */
  readonly apiCode: string | null;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { param?: string | null; fieldErrors?: FieldErrors; apiCode?: string | null; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.param = opts.param ?? null;
    this.fieldErrors = opts.fieldErrors ?? {};
    this.apiCode = opts.apiCode ?? null;
  }

  get status(): number {
    return httpStatusByCode[this.code];
  }
}

export const notFound = (what: string, id: string) =>
  new AppError("not_found", `No ${what} found with id '${id}'.`);

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
