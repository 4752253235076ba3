import type { ErrorCode, FieldErrors } from "@/lib/errors";

// What every server action returns (lib/auth/action.ts); client-safe so forms can import the type.
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode | "unauthenticated"; message: string; fieldErrors: FieldErrors };

/** The data of a successful result; a failed one throws its message (for TanStack Query's queryFn/mutationFn). */
export function unwrapAction<T>(result: ActionResult<T>): T {
  if (!result.ok) throw new Error(result.message);
  return result.data;
}
