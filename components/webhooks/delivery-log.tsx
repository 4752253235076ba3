"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { redeliverWebhook } from "@/app/(console)/settings/webhooks/actions";
import { callAction } from "@/components/forms/call-action";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ActionResult } from "@/lib/auth/action-result";
import type { DeliveryView } from "@/lib/webhooks/deliveries";
import type { AttemptLog } from "@/lib/webhooks/service";
import { InlineError } from "@/components/ui/inline-error";

// A delivery log: Settings → Webhooks (the workspace's, or one endpoint's) and the run inspector
// (one run's). Read through a server action and polled while something is pending, so a test
// event or a retry shows up without a reload.

export const DELIVERIES_KEY = "webhook-deliveries";

type DeliveryLogProps = {
  /** Distinguishes this log's query (the endpoint or run it shows). */
  scope: string;
  load: () => Promise<ActionResult<DeliveryView[]>>;
  canRedeliver: boolean;
  /** What the list is called, for screen readers. */
  label: string;
  empty: React.ReactNode;
  compact?: boolean;
};

const STATUS: Record<DeliveryView["status"], { text: (d: DeliveryView) => string; variant: "neutral" | "success" | "destructive" | "outline" }> = {
  pending: { text: (d) => (d.attemptCount === 0 ? "Sending" : "Retrying"), variant: "outline" },
  delivered: { text: () => "Delivered", variant: "success" },
  failed: { text: () => "Failed", variant: "destructive" },
};

const outcomeOf = (attempt: AttemptLog) => (attempt.status !== null ? `HTTP ${attempt.status}` : (attempt.error ?? "no answer"));

function Attempts({ delivery }: { delivery: DeliveryView }) {
  if (delivery.attempts.length === 0) return <p className="text-xs text-muted-foreground">No attempt yet.</p>;
  return (
    <ol aria-label={`Attempts of ${delivery.eventId}`} className="flex flex-col gap-2">
      {delivery.attempts.map((attempt, index) => (
        <li key={`${attempt.at}-${index}`} className="flex flex-col gap-1 rounded-md border px-3 py-2 text-xs">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="font-medium">Attempt {delivery.attemptCount - delivery.attempts.length + index + 1}</span>
            <span className={attempt.status !== null && attempt.status < 300 ? "text-success" : "text-destructive"}>{outcomeOf(attempt)}</span>
            <span className="text-muted-foreground tabular-nums">{attempt.latency_ms} ms</span>
            <RelativeTime date={new Date(attempt.at)} className="text-muted-foreground" />
          </div>
          {attempt.status !== null && attempt.error ? <p className="text-destructive">{attempt.error}</p> : null}
          {attempt.response ? (
            <pre aria-label="Response (first bytes)" className="max-h-32 overflow-auto rounded bg-muted px-2 py-1 font-mono text-[0.6875rem] whitespace-pre-wrap break-all">
              {attempt.response}
            </pre>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function DeliveryItem({ delivery, canRedeliver, compact }: { delivery: DeliveryView; canRedeliver: boolean; compact: boolean }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const last = delivery.attempts.at(-1);
  const status = STATUS[delivery.status];
  const redeliver = useMutation({
    mutationFn: async () => {
      const result = await callAction(() => redeliverWebhook({ id: delivery.id }));
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: [DELIVERIES_KEY] }),
  });
  const detailsId = `delivery-${delivery.id}-details`;
  return (
    <li aria-label={`${delivery.eventType} delivery ${delivery.id}`} className="flex flex-col gap-2 px-3 py-2.5">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 text-sm">
        <Badge variant={status.variant}>{status.text(delivery)}</Badge>
        <span className="font-mono text-[0.8125rem]">{delivery.eventType}</span>
        <span className={compact ? "w-full truncate font-mono text-[0.6875rem] text-muted-foreground" : "min-w-0 max-w-full truncate font-mono text-[0.75rem] text-muted-foreground"}>{delivery.url}</span>
        <span className="text-xs text-muted-foreground tabular-nums">
          {delivery.attemptCount} {delivery.attemptCount === 1 ? "attempt" : "attempts"}
          {last ? `, last ${outcomeOf(last)} in ${last.latency_ms} ms` : ""}
        </span>
        <RelativeTime date={delivery.createdAt} className="text-xs text-muted-foreground" />
        {delivery.status === "pending" && delivery.nextAttemptAt && delivery.attemptCount > 0 ? (
          <span className="text-xs text-muted-foreground">
            next try <RelativeTime date={delivery.nextAttemptAt} />
          </span>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          <Button variant="ghost" size="sm" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen((value) => !value)}>
            {open ? "Hide attempts" : "Attempts"}
          </Button>
          {canRedeliver ? (
            <Button variant="outline" size="sm" aria-label={`Redeliver ${delivery.eventType} to ${delivery.url}`} disabled={redeliver.isPending} onClick={() => redeliver.mutate()}>
              {redeliver.isPending ? "Redelivering…" : delivery.status === "pending" ? "Retry now" : "Redeliver"}
            </Button>
          ) : null}
        </div>
      </div>
      {redeliver.error ? (
        <InlineError size="xs">
          Could not redeliver: {redeliver.error.message}
        </InlineError>
      ) : null}
      {open ? (
        <div id={detailsId} className="flex flex-col gap-2">
          <p className="text-xs text-muted-foreground">
            Event <span className="font-mono">{delivery.eventId}</span>
            {delivery.runId ? (
              <>
                {" "}
                of run <span className="font-mono">{delivery.runId}</span>
              </>
            ) : null}
            , to <span className="font-mono break-all">{delivery.url}</span>
          </p>
          <Attempts delivery={delivery} />
        </div>
      ) : null}
    </li>
  );
}

export function DeliveryLog({ scope, load, canRedeliver, label, empty, compact = false }: DeliveryLogProps) {
  const query = useQuery({
    queryKey: [DELIVERIES_KEY, scope],
    queryFn: async () => {
      const result = await callAction(load);
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    // Quickly while something is on its way, slowly otherwise (another tab, another instance).
    refetchInterval: (q) => (q.state.data?.some((delivery) => delivery.status === "pending") ? 1500 : 10_000),
  });
  if (query.isPending) return <p className="text-sm text-muted-foreground">Loading deliveries…</p>;
  if (query.error) return <p className="text-sm text-destructive">Could not load the deliveries: {query.error.message}</p>;
  if (query.data.length === 0) return <div className="text-sm text-muted-foreground">{empty}</div>;
  return (
    <ul aria-label={label} className="flex flex-col divide-y rounded-lg border">
      {query.data.map((delivery) => (
        <DeliveryItem key={delivery.id} delivery={delivery} canRedeliver={canRedeliver} compact={compact} />
      ))}
    </ul>
  );
}
