import { ProviderCard } from "@/components/providers/provider-card";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { PROVIDER_KIND_LABELS } from "@/lib/providers/schema";
import type { ProviderView } from "@/lib/providers/service";
import type { EnvironmentProviderView } from "@/lib/providers/registry";

// The workspace's providers and the environment's, as Settings → Providers lists them: never a key,
// only whether there is one (and, for the workspace's, its last four characters).

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 break-words">{children}</dd>
    </div>
  );
}

export function ProviderList({ providers, canManage }: { providers: ProviderView[]; canManage: boolean }) {
  if (providers.length === 0) {
    return <p className="rounded-lg border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">No providers in this workspace yet.</p>;
  }
  return (
    <ul aria-label="Workspace providers" className="flex flex-col gap-3">
      {providers.map((provider) => (
        <li key={provider.id}>
          <ProviderCard provider={provider} canManage={canManage}>
            <dl className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
              <Detail label="Kind">{PROVIDER_KIND_LABELS[provider.kind] ?? provider.kind}</Detail>
              <Detail label="Base URL">
                <span className="font-mono text-[0.8125rem]">{provider.baseUrl}</span>
              </Detail>
              <Detail label="API key">{provider.keyHint ? <span className="font-mono text-[0.8125rem]">{provider.keyHint}</span> : "no key"}</Detail>
              <Detail label="Models">
                {provider.models.length} {provider.models.length === 1 ? "model" : "models"}
                {provider.models[0] ? <span className="text-muted-foreground">, e.g. <span className="font-mono text-[0.8125rem]">{`${provider.name}/${provider.models[0]}`}</span></span> : null}
              </Detail>
              <Detail label="Last successful test">{provider.modelsFetchedAt ? <RelativeTime date={provider.modelsFetchedAt} /> : "never"}</Detail>
            </dl>
          </ProviderCard>
        </li>
      ))}
    </ul>
  );
}

export function EnvironmentProviderList({ providers }: { providers: EnvironmentProviderView[] }) {
  return (
    <ul aria-label="Providers from the environment" className="flex flex-col gap-3">
      {providers.map((provider) => (
        <li key={provider.id} className="flex flex-col gap-3 rounded-lg border p-4">
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-sm font-semibold">{provider.name}</span>
            <Badge variant="outline">from environment</Badge>
          </div>
          <dl className="grid gap-3 text-sm sm:grid-cols-3">
            <Detail label="Model ids">
              <span className="font-mono text-[0.8125rem]">{provider.isDefault ? "plain ids, e.g. gpt-4o-mini" : `${provider.id}/model-id`}</span>
            </Detail>
            <Detail label="Base URL">
              <span className="font-mono text-[0.8125rem]">{provider.baseURL}</span>
            </Detail>
            <Detail label="API key">{provider.hasKey ? "set (not shown)" : "no key"}</Detail>
          </dl>
        </li>
      ))}
    </ul>
  );
}
