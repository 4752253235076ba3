import type { ErrorCode, FieldErrors } from "@/lib/errors";

// What every server action returns (lib/auth/action.ts); client-safe so forms can import the type.
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode | "unauthenticated"; message: string; fieldErrors: FieldErrors };
