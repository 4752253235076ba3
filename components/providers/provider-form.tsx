"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { addProvider, editProvider } from "@/app/(console)/settings/providers/actions";
import { FormError, FormInput } from "@/components/forms/form-input";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import {
  DEFAULT_BASE_URLS,
  LOCAL_BASE_URL_EXAMPLE,
  PROVIDER_KIND_LABELS,
  PROVIDER_KINDS,
  providerFormSchema,
  type ProviderFormValues,
  type ProviderKind,
} from "@/lib/providers/schema";
import type { ProviderView } from "@/lib/providers/service";

type ProviderFormProps = {
  /** Edit this provider; without one the form adds a provider. */
  provider?: ProviderView;
  /** After a successful save (edit: close the form). */
  onSaved?: (saved: ProviderView) => void;
  onCancel?: () => void;
  /** Element id prefix: the add form and an edit form can be on the page together. */
  idPrefix: string;
};

const EMPTY: ProviderFormValues = { name: "", kind: "openai-compatible", baseUrl: "", apiKey: "", removeKey: false };

const defaultsOf = (provider: ProviderView | undefined): ProviderFormValues =>
  provider ? { name: provider.name, kind: provider.kind, baseUrl: provider.baseUrl, apiKey: "", removeKey: false } : EMPTY;

const isDefaultUrl = (url: string) => url.trim() === "" || Object.values(DEFAULT_BASE_URLS).includes(url.trim().replace(/\/+$/, ""));

/**
 * Adds or edits a provider. The stored key never reaches the browser: editing shows its hint, an
 * empty key field keeps it, "Remove the stored key" clears it.
 */
export function ProviderForm({ provider, onSaved, onCancel, idPrefix }: ProviderFormProps) {
  const router = useRouter();
  const [added, setAdded] = useState<string | null>(null);
  const { form, onSubmit, formError } = useActionForm({
    schema: providerFormSchema,
    action: provider ? (values) => editProvider({ ...values, id: provider.id }) : addProvider,
    defaultValues: defaultsOf(provider),
    onSuccess: (saved) => {
      form.reset(defaultsOf(provider ? saved : undefined));
      if (!provider) setAdded(saved.name);
      onSaved?.(saved);
      router.refresh();
    },
  });
  const kind = form.watch("kind") as ProviderKind;
  const removeKey = form.watch("removeKey");
  const kindField = form.register("kind", {
    // The kind only fills in its usual base URL, and never over one the person typed.
    onChange: (event: React.ChangeEvent<HTMLSelectElement>) => {
      if (isDefaultUrl(form.getValues("baseUrl") ?? "")) {
        form.setValue("baseUrl", DEFAULT_BASE_URLS[event.target.value as ProviderKind] ?? "", { shouldDirty: true });
      }
    },
  });
  const kindError = form.formState.errors.kind?.message;
  const submitting = form.formState.isSubmitting;

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" onChange={() => setAdded(null)}>
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormInput
          form={form}
          name="name"
          label="Name"
          idPrefix={idPrefix}
          placeholder="local"
          autoComplete="off"
          spellCheck={false}
          required
          hint={
            <>
              Models are then named <span className="font-mono">{(form.watch("name") as string) || "name"}/model-id</span>.
            </>
          }
        />
        <Field
          id={`${idPrefix}-kind`}
          label="Kind"
          hint="Fills in the usual base URL. vLLM, Ollama, LM Studio and most local servers are OpenAI-compatible."
          error={typeof kindError === "string" ? kindError : undefined}
        >
          {(aria) => (
            <Select {...aria} {...kindField}>
              {PROVIDER_KINDS.map((value) => (
                <option key={value} value={value}>
                  {PROVIDER_KIND_LABELS[value]}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <FormInput
        form={form}
        name="baseUrl"
        label="Base URL"
        idPrefix={idPrefix}
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        required
        placeholder={DEFAULT_BASE_URLS[kind] || LOCAL_BASE_URL_EXAMPLE}
        hint="The address before /chat/completions and /models. Requests with the key go under it only; redirects are not followed."
      />
      {removeKey ? null : (
        <FormInput
          form={form}
          name="apiKey"
          label="API key"
          idPrefix={idPrefix}
          type="password"
          // Not the console's password: keep the browser from filling in or saving one.
          autoComplete="new-password"
          spellCheck={false}
          placeholder={provider?.keyHint ? `Stored key ${provider.keyHint}` : kind === "openai-compatible" ? "Optional for local servers" : "sk-…"}
          hint={
            provider?.keyHint
              ? `A key ending ${provider.keyHint} is stored; leave this empty to keep it.`
              : "Stored encrypted; after saving, only its last four characters are shown."
          }
        />
      )}
      {provider?.keyHint ? (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4"
            {...form.register("removeKey", { onChange: () => form.setValue("apiKey", "") })}
          />
          Remove the stored key
        </label>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={submitting}>
          {submitting ? "Saving…" : provider ? "Save provider" : "Add provider"}
        </Button>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel} disabled={submitting}>
            Cancel
          </Button>
        ) : null}
        <span role="status" className="text-sm text-muted-foreground">
          {added ? `Added ${added}. Test its connection to fetch its models.` : ""}
        </span>
      </div>
    </form>
  );
}
