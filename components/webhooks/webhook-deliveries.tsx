"use client";

import { useState } from "react";
import { loadDeliveries } from "@/app/(console)/settings/webhooks/actions";
import { inlineSelectClasses } from "@/components/ui/input";
import { DeliveryLog } from "@/components/webhooks/delivery-log";
import type { EndpointView } from "@/lib/webhooks/endpoints";

/** Settings → Webhooks' delivery log: the workspace's newest deliveries, or one endpoint's. */
export function WebhookDeliveries({ endpoints, canRedeliver }: { endpoints: Pick<EndpointView, "id" | "url">[]; canRedeliver: boolean }) {
  const [endpointId, setEndpointId] = useState("");
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="delivery-endpoint" className="text-sm font-medium">
          Show
        </label>
        <select id="delivery-endpoint" className={`${inlineSelectClasses} pr-8`} value={endpointId} onChange={(event) => setEndpointId(event.target.value)}>
          <option value="">All deliveries (endpoints and assistants&apos; webhook_url)</option>
          {endpoints.map((endpoint) => (
            <option key={endpoint.id} value={endpoint.id}>
              {endpoint.url}
            </option>
          ))}
        </select>
      </div>
      <DeliveryLog
        scope={`endpoint:${endpointId || "all"}`}
        load={() => loadDeliveries({ endpointId: endpointId || undefined })}
        canRedeliver={canRedeliver}
        label="Webhook deliveries"
        empty={<p className="rounded-lg border border-dashed px-4 py-6 text-center">No deliveries yet. Send an endpoint a test event, or start a run that needs tool outputs.</p>}
      />
    </div>
  );
}
