import { isAPIError } from "better-auth/api";
import { AppError } from "@/lib/errors";

/** better-auth's errors in our terms; anything unexpected stays a fault (500, logged). */
export function toAppError(error: unknown): unknown {
  if (!isAPIError(error)) return error;
  const code = error.body?.code;
  const message = error.body?.message ?? error.message;
  if (code === "USER_ALREADY_EXISTS" || code === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL") {
    return new AppError("conflict", "An account with this email already exists. Sign in instead.", { fieldErrors: { email: ["An account with this email already exists."] } });
  }
  if (code === "PASSWORD_TOO_SHORT" || code === "PASSWORD_TOO_LONG") {
    return new AppError("invalid_request", message, { fieldErrors: { password: [message] } });
  }
  const status = typeof error.statusCode === "number" ? error.statusCode : 500;
  if (status === 401) return new AppError("unauthorized", "Your session has ended; sign in again.");
  if (status === 403) return new AppError("forbidden", message);
  if (status === 404) return new AppError("not_found", message);
  if (status === 400 || status === 422) return new AppError("invalid_request", message);
  if (status === 409) return new AppError("conflict", message);
  return error;
}
