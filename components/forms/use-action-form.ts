"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path } from "react-hook-form";
import type { z } from "zod";
import type { ActionResult } from "@/lib/auth/action-result";
import { callAction } from "@/components/forms/call-action";
import { showActionFailure } from "@/components/forms/show-action-failure";

type Options<S extends z.ZodType<FieldValues, FieldValues>, T> = {
  /** The resource's schema: the same one the server action parses with. */
  schema: S;
  action: (input: z.output<S>) => Promise<ActionResult<T>>;
  defaultValues: DefaultValues<z.input<S>>;
  onSuccess?: (data: T, values: z.output<S>) => void | Promise<void>;
};

/**
 * react-hook-form + zodResolver, submitted to a server action. The server's fieldErrors (named the
 * way react-hook-form names fields) land on their fields, focus goes to the first; anything not tied
 * to a field shows as the form's error.
 */
export function useActionForm<S extends z.ZodType<FieldValues, FieldValues>, T>({ schema, action, defaultValues, onSuccess }: Options<S, T>) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema as never) as never,
    defaultValues,
    mode: "onTouched",
    shouldFocusError: true,
  });
  const [formError, setFormError] = useState<string | null>(null);
  const router = useRouter();

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    const result = await callAction(() => action(values));
    if (result.ok) {
      await onSuccess?.(result.data, values);
      return;
    }
    showActionFailure(result, form, (name) => (name in (defaultValues as object) ? (name as Path<z.input<S>>) : null), setFormError, (path) => router.push(path));
  });

  return { form, onSubmit, formError, setFormError };
}
