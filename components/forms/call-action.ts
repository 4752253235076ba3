"use client";

import { unstable_rethrow } from "next/navigation";
import type { ActionResult } from "@/lib/auth/action-result";

// Server actions answer with an ActionResult, but the call itself can still fail: the network
// drops, the server answers 500, or the action is gone after a new build (an open tab calls the old
// one). Awaited inside startTransition, such a rejection would take the whole page down to the
// console's error boundary ("This page could not be loaded"; in production the browser logs it as
// React error #441, the Server Components error whose message is withheld). Here it becomes a failed
// result that the control shows where the action was taken.

export const ACTION_UNREACHABLE_MESSAGE = "The server did not answer as expected, so this may not have been done. Reload the page and try again.";

export async function callAction<T>(run: () => Promise<ActionResult<T>>): Promise<ActionResult<T>> {
  try {
    return await run();
  } catch (error) {
    // A redirect or notFound() from the action is navigation, not failure.
    unstable_rethrow(error);
    return { ok: false, code: "internal", message: ACTION_UNREACHABLE_MESSAGE, fieldErrors: {} };
  }
}
