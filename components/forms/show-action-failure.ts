import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import type { ActionResult } from "@/lib/auth/action-result";

type Failure = Extract<ActionResult<unknown>, { ok: false }>;

/**
 * A refused server action, shown on its form: signed out → the sign-in page (back here after);
 * else each field error on the field `fieldOf` names (null: not one of this form's), focus on the
 * first; with none placed, the message as the form's own error.
 */
export function showActionFailure<V extends FieldValues>(
  result: Failure,
  form: Pick<UseFormReturn<V, unknown, never>, "setError">,
  fieldOf: (name: string) => Path<V> | null,
  setFormError: (message: string) => void,
  goToSignIn: (path: string) => void,
): void {
  if (result.code === "unauthenticated") {
    goToSignIn(`/sign-in?next=${encodeURIComponent(window.location.pathname)}`);
    return;
  }
  let placed = false;
  for (const [name, messages] of Object.entries(result.fieldErrors)) {
    const field = fieldOf(name);
    if (field === null || !messages[0]) continue;
    form.setError(field, { type: "server", message: messages[0] }, { shouldFocus: !placed });
    placed = true;
  }
  if (!placed) setFormError(result.message);
}
