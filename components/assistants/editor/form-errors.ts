import { createContext, useContext } from "react";
import { useFormContext, type FieldErrors, type FieldValues } from "react-hook-form";
import type { AssistantFormValues } from "@/lib/assistants/form";
import { shownErrors, withEdited } from "@/lib/assistants/shown-errors";

// Reading react-hook-form's error tree by the dotted paths the server and the schema report.

function nodeAt(errors: object, path: string): unknown {
  let node: unknown = errors;
  for (const segment of path.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

const messageOf = (node: unknown): string | undefined => {
  const message = (node as { message?: unknown } | undefined)?.message;
  return typeof message === "string" && message ? message : undefined;
};

/** The message held exactly at a dotted path (`tools.0.function.name`), if any. */
export function errorAt<V extends FieldValues>(errors: FieldErrors<V>, path: string): string | undefined {
  return messageOf(nodeAt(errors, path));
}

/**
 * The message at a path or the first one below it, prefixed with where below it is: a problem deep
 * inside a value edited as a whole (`parameters.properties.q.type`, the third id of a chip list).
 */
export function errorAtOrBelow<V extends FieldValues>(errors: FieldErrors<V>, path: string): string | undefined {
  const walk = (node: unknown, at: string[]): string | undefined => {
    if (typeof node !== "object" || node === null) return undefined;
    const message = messageOf(node);
    if (message) return at.length ? `${at.map((segment) => (/^\d+$/.test(segment) ? `item ${Number(segment) + 1}` : segment)).join(".")}: ${message}` : message;
    for (const [key, child] of Object.entries(node)) {
      // react-hook-form's own `type` (a string) and `ref` (an element or a focus handle) are not
      // errors; a schema keyword called `type` (parameters.type) holding an error is.
      if (key === "ref" && messageOf(child) === undefined) continue;
      const found = walk(child, [...at, key]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(nodeAt(errors, path), []);
}

/** The paths of the fields typed in since the form was loaded or saved (their inputs' names). */
export const EditedFieldsContext = createContext<ReadonlySet<string>>(new Set());

/** The editor's errors as `shownErrors` filters them, for the field components to read. */
export function useShownErrors(): FieldErrors<AssistantFormValues> {
  const { formState } = useFormContext<AssistantFormValues>();
  const edited = useContext(EditedFieldsContext);
  // Each read subscribes this component to that part of the form state.
  const { errors, touchedFields, submitCount } = formState;
  return shownErrors(errors, withEdited(touchedFields, edited), submitCount > 0);
}
