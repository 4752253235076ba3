"use client";

import { loadRunDeliveries } from "@/app/(console)/playground/actions";
import { InspectorSection } from "@/components/playground/run-inspector-parts";
import { DeliveryLog } from "@/components/webhooks/delivery-log";

/** The run's webhook deliveries (its webhook_url's run.action_required, subscribed endpoints), with Redeliver. */
export function WebhooksSection({ runId, canRedeliver }: { runId: string; canRedeliver: boolean }) {
  return (
    <InspectorSection title="Webhooks">
      <DeliveryLog
        scope={`run:${runId}`}
        load={() => loadRunDeliveries({ runId })}
        canRedeliver={canRedeliver}
        label="Webhook deliveries of this run"
        empty={<p className="text-xs">No webhook deliveries for this run.</p>}
        compact
      />
    </InspectorSection>
  );
}
