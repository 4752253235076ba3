import type { Metadata } from "next";
import { requirePageCaller } from "@/lib/auth/gate";
import { hasRole } from "@/lib/auth/roles";
import { listEndpoints, MAX_ENDPOINTS, signingSecretView } from "@/lib/webhooks/endpoints";
import { EndpointCard } from "@/components/webhooks/endpoint-card";
import { EndpointForm } from "@/components/webhooks/endpoint-form";
import { SigningSecret } from "@/components/webhooks/signing-secret";
import { WebhookDeliveries } from "@/components/webhooks/webhook-deliveries";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { InlineCode } from "@/components/ui/inline-code";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const { caller } = await requirePageCaller();
  const [endpoints, signing] = await Promise.all([listEndpoints(caller), signingSecretView(caller)]);
  const canManage = caller.role === "owner";

  return (
    <div className="flex flex-col gap-6">
      <Card aria-labelledby="signing-heading">
        <CardHeader>
          <CardTitle id="signing-heading">Signing secret</CardTitle>
          <CardDescription>
            Every delivery is signed as Standard Webhooks says (<InlineCode>webhook-id</InlineCode>, <InlineCode>webhook-timestamp</InlineCode>,{" "}
            <InlineCode>webhook-signature</InlineCode>): verify it with this secret and the <InlineCode>standardwebhooks</InlineCode> library, and
            de-duplicate on <InlineCode>webhook-id</InlineCode>, the same on every attempt.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SigningSecret signing={signing} canManage={canManage} />
        </CardContent>
      </Card>

      {canManage && endpoints.length < MAX_ENDPOINTS ? (
        <Card aria-labelledby="new-endpoint-heading">
          <CardHeader>
            <CardTitle id="new-endpoint-heading">Add an endpoint</CardTitle>
            <CardDescription>
              A URL that receives this workspace&apos;s run events. An assistant&apos;s own <InlineCode>webhook_url</InlineCode> (or a run&apos;s)
              receives its runs&apos; <InlineCode>run.action_required</InlineCode> without being listed here.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <EndpointForm idPrefix="new-endpoint" />
          </CardContent>
        </Card>
      ) : null}

      <Card aria-labelledby="endpoints-heading">
        <CardHeader>
          <CardTitle id="endpoints-heading">Endpoints</CardTitle>
          <CardDescription>
            Failed attempts (network errors, timeouts after 10 s, 5xx and 429) are retried with backoff for about a day; other 4xx answers are not. An
            endpoint is marked failing after three deliveries in a row ran out of attempts.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {endpoints.length === 0 ? (
            <p className="rounded-lg border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">No endpoints in this workspace yet.</p>
          ) : (
            <ul aria-label="Webhook endpoints" className="flex flex-col gap-3">
              {endpoints.map((endpoint) => (
                <li key={endpoint.id}>
                  <EndpointCard endpoint={endpoint} canManage={canManage} />
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>

      <Card aria-labelledby="deliveries-heading">
        <CardHeader>
          <CardTitle id="deliveries-heading">Delivery log</CardTitle>
          <CardDescription>Each delivery&apos;s attempts: status code, latency and the first bytes of the answer. Redeliver sends the same event again.</CardDescription>
        </CardHeader>
        <CardContent>
          <WebhookDeliveries endpoints={endpoints.map(({ id, url }) => ({ id, url }))} canRedeliver={hasRole(caller.role, "editor")} />
        </CardContent>
      </Card>
    </div>
  );
}
