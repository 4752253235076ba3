"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, type DefaultValues, type FieldErrors, type FieldValues, type Path, type Resolver } from "react-hook-form";
import type { z } from "zod";
import { callAction } from "@/components/forms/call-action";
import { showActionFailure } from "@/components/forms/show-action-failure";
import type { ActionResult } from "@/lib/auth/action-result";

// useActionForm's sibling for forms whose fields are not the request's shape (an auth kind chosen
// in a select, header rows, a comma-separated list): the values are turned into the API's request
// body and checked with the API's own schema, so the browser refuses what the server would. Issues
// of that body (from zod here, or fieldErrors from the server) are put on the field that shows them.

type Segment = string | number | symbol;

type Options<V extends FieldValues, R, T> = {
  defaultValues: V;
  /** The form's values as the API's request body. */
  toRequest: (values: V) => unknown;
  /** The API's schema for that body: the one the server action parses with. */
  schema: z.ZodType<R>;
  /** A path into the request body → the form field that shows its error. */
  fieldOf: (path: readonly Segment[]) => Path<V>;
  action: (request: R) => Promise<ActionResult<T>>;
  onSuccess?: (data: T) => void;
};

export function useRequestForm<V extends FieldValues, R, T>({ defaultValues, toRequest, schema, fieldOf, action, onSuccess }: Options<V, R, T>) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);

  const resolver: Resolver<V, unknown, R> = async (values) => {
    const parsed = schema.safeParse(toRequest(values));
    if (parsed.success) return { values: parsed.data, errors: {} };
    const errors: Record<string, { type: string; message: string }> = {};
    // The first problem of each field is the one shown (as zodResolver does without criteriaMode).
    for (const issue of parsed.error.issues) errors[fieldOf(issue.path)] ??= { type: issue.code, message: issue.message };
    return { values: {}, errors: errors as FieldErrors<V> };
  };

  const form = useForm<V, unknown, R>({ resolver, defaultValues: defaultValues as DefaultValues<V>, mode: "onTouched", shouldFocusError: true });

  const onSubmit = form.handleSubmit(async (request) => {
    setFormError(null);
    const result = await callAction(() => action(request));
    if (result.ok) {
      onSuccess?.(result.data);
      return;
    }
    showActionFailure(result, form, (name) => fieldOf(name.split(".")), setFormError, (path) => router.push(path));
  });

  /** The message on `name`, if any. */
  const errorOf = (name: Path<V>): string | undefined => {
    const message = form.getFieldState(name, form.formState).error?.message;
    return typeof message === "string" ? message : undefined;
  };

  return { form, onSubmit, formError, errorOf };
}
