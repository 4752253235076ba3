"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { addEndpoint, editEndpoint } from "@/app/(console)/settings/webhooks/actions";
import { FormError, FormInput } from "@/components/forms/form-input";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { RUN_EVENT_TYPES } from "@/lib/webhooks/event-types";
import type { EndpointView } from "@/lib/webhooks/endpoints";
import { EVENT_LABELS, endpointFormSchema, type EndpointFormValues } from "@/lib/webhooks/schema";

type EndpointFormProps = {
  /** Edit this endpoint; without one the form adds an endpoint. */
  endpoint?: EndpointView;
  onSaved?: () => void;
  onCancel?: () => void;
  /** Element id prefix: the add form and an edit form can be on the page together. */
  idPrefix: string;
};

const EMPTY: EndpointFormValues = { url: "", description: "", events: ["run.action_required"] };
const defaultsOf = (endpoint?: EndpointView): EndpointFormValues =>
  endpoint ? { url: endpoint.url, description: endpoint.description, events: endpoint.events } : EMPTY;

/** Adds or edits an endpoint: where events go and which ones. */
export function EndpointForm({ endpoint, onSaved, onCancel, idPrefix }: EndpointFormProps) {
  const router = useRouter();
  const [added, setAdded] = useState<string | null>(null);
  const { form, onSubmit, formError } = useActionForm({
    schema: endpointFormSchema,
    action: endpoint ? (values) => editEndpoint({ ...values, id: endpoint.id }) : addEndpoint,
    defaultValues: defaultsOf(endpoint),
    onSuccess: (saved) => {
      form.reset(defaultsOf(endpoint ? saved : undefined));
      if (!endpoint) setAdded(saved.url);
      onSaved?.();
      router.refresh();
    },
  });
  const eventsError = form.formState.errors.events?.message ?? form.formState.errors.events?.root?.message;
  const submitting = form.formState.isSubmitting;

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" onChange={() => setAdded(null)}>
      <FormError message={formError} />
      <FormInput
        form={form}
        name="url"
        label="Endpoint URL"
        idPrefix={idPrefix}
        type="url"
        inputMode="url"
        autoComplete="off"
        spellCheck={false}
        required
        placeholder="https://example.com/atelier/webhooks"
        hint="Called with a signed POST for each event. https only; http and private addresses only for hosts in ATELIER_TOOL_ALLOWED_HOSTS. Redirects are not followed."
      />
      <FormInput form={form} name="description" label="Description" idPrefix={idPrefix} autoComplete="off" placeholder="Order service (optional)" />
      <fieldset className="flex flex-col gap-2" aria-describedby={eventsError ? `${idPrefix}-events-error` : undefined}>
        <legend className="mb-1 text-sm font-medium">Events</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {RUN_EVENT_TYPES.map((type) => (
            <label key={type} className="flex items-start gap-2 text-sm">
              <input type="checkbox" className="mt-0.5 size-4" value={type} {...form.register("events")} />
              <span>
                <span className="font-mono text-[0.8125rem]">{type}</span>
                <span className="block text-xs text-muted-foreground">{EVENT_LABELS[type]}</span>
              </span>
            </label>
          ))}
        </div>
        {typeof eventsError === "string" ? (
          <p id={`${idPrefix}-events-error`} className="text-[0.8125rem] text-destructive">
            {eventsError}
          </p>
        ) : null}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={submitting}>
          {submitting ? "Saving…" : endpoint ? "Save endpoint" : "Add endpoint"}
        </Button>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel} disabled={submitting}>
            Cancel
          </Button>
        ) : null}
        <span role="status" className="text-sm text-muted-foreground">
          {added ? `Added ${added}. Send it a test event to check it receives and verifies deliveries.` : ""}
        </span>
      </div>
    </form>
  );
}
