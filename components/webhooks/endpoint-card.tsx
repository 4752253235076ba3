"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { removeEndpoint, sendTestWebhook } from "@/app/(console)/settings/webhooks/actions";
import { callAction } from "@/components/forms/call-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { DELIVERIES_KEY } from "@/components/webhooks/delivery-log";
import { EndpointForm } from "@/components/webhooks/endpoint-form";
import type { EndpointView } from "@/lib/webhooks/endpoints";

/** One endpoint: where, which events, whether it is failing; owners test, edit and delete it. */
export function EndpointCard({ endpoint, canManage }: { endpoint: EndpointView; canManage: boolean }) {
  const [editing, setEditing] = useState(false);
  const queryClient = useQueryClient();
  const test = useMutation({
    mutationFn: async () => {
      const result = await callAction(() => sendTestWebhook({ id: endpoint.id }));
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [DELIVERIES_KEY] }),
  });
  const headingId = `endpoint-${endpoint.id}-heading`;

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3 rounded-lg border p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1">
          <h3 id={headingId} className="font-mono text-sm font-semibold break-all">
            {endpoint.url}
          </h3>
          {endpoint.description ? <p className="text-sm text-muted-foreground">{endpoint.description}</p> : null}
        </div>
        {canManage ? (
          <div className="flex flex-wrap items-start justify-end gap-2">
            <Button variant="outline" size="sm" aria-label={`Send a test event to ${endpoint.url}`} disabled={test.isPending} onClick={() => test.mutate()}>
              {test.isPending ? "Sending…" : "Send test event"}
            </Button>
            <Button variant="outline" size="sm" aria-label={`Edit endpoint ${endpoint.url}`} aria-expanded={editing} onClick={() => setEditing((open) => !open)}>
              Edit
            </Button>
            <ConfirmButton
              label="Delete"
              accessibleLabel={`Delete endpoint ${endpoint.url}`}
              question="Deliveries not yet made to it are dropped."
              confirmLabel="Delete endpoint"
              action={removeEndpoint}
              input={{ id: endpoint.id }}
            />
          </div>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-1.5">
        {endpoint.failingSince ? (
          <Badge variant="destructive" title={`${endpoint.consecutiveFailures} deliveries in a row ran out of attempts`}>
            Failing since&nbsp;
            <RelativeTime date={endpoint.failingSince} />
          </Badge>
        ) : null}
        <ul aria-label={`Events sent to ${endpoint.url}`} className="flex flex-wrap gap-1.5">
          {endpoint.events.map((type) => (
            <li key={type}>
              <Badge mono variant="outline">
                {type}
              </Badge>
            </li>
          ))}
        </ul>
      </div>
      <div role="status" className="text-sm empty:hidden">
        {test.error ? <span className="text-destructive">Could not send a test event: {test.error.message}</span> : null}
        {test.data ? (
          <span className="text-muted-foreground">
            Test event <span className="font-mono">{test.data.eventId}</span> queued; see it in the delivery log below.
          </span>
        ) : null}
      </div>
      {canManage && editing ? (
        <div className="border-t pt-4">
          <EndpointForm key={endpoint.updatedAt.toString()} endpoint={endpoint} idPrefix={`edit-${endpoint.id}`} onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} />
        </div>
      ) : null}
    </section>
  );
}
