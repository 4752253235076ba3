import type { Metadata } from "next";
import { requirePageCaller } from "@/lib/auth/gate";
import { environmentProviderViews } from "@/lib/providers/registry";
import { listProviders } from "@/lib/providers/service";
import { listModelPrices } from "@/lib/pricing/service";
import { ModelPrices } from "@/components/providers/model-prices";
import { ProviderForm } from "@/components/providers/provider-form";
import { EnvironmentProviderList, ProviderList } from "@/components/providers/provider-list";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { InlineCode } from "@/components/ui/inline-code";

export const metadata: Metadata = { title: "Providers" };

export default async function ProvidersPage() {
  const { caller } = await requirePageCaller();
  const [providers, prices] = await Promise.all([listProviders(caller), listModelPrices(caller)]);
  const canManage = caller.role === "owner";

  return (
    <div className="flex flex-col gap-6">
      {canManage ? (
        <Card aria-labelledby="new-provider-heading">
          <CardHeader>
            <CardTitle id="new-provider-heading">Add a provider</CardTitle>
            <CardDescription>
              Any OpenAI-compatible API: OpenAI, Model Studio, or a model on your own machine (vLLM, Ollama, LM Studio). Its models are then
              used as <InlineCode>name/model-id</InlineCode>, in assistants and runs of this workspace.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ProviderForm idPrefix="new-provider" />
          </CardContent>
        </Card>
      ) : null}

      <Card aria-labelledby="providers-heading">
        <CardHeader>
          <CardTitle id="providers-heading">Providers</CardTitle>
          <CardDescription>
            {canManage
              ? "Keys are stored encrypted and never shown again. A successful connection test refreshes the models GET /models lists."
              : "Only owners can add, change or test providers."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ProviderList providers={providers} canManage={canManage} />
        </CardContent>
      </Card>

      <Card aria-labelledby="model-prices-heading">
        <CardHeader>
          <CardTitle id="model-prices-heading">Model prices</CardTitle>
          <CardDescription>
            Per 1M tokens, by model id as runs use it. A run&apos;s cost is worked out from its usage when it runs, shown in the run inspector and the
            compare view, and returned as <InlineCode>usage.cost</InlineCode> on runs and run steps.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ModelPrices prices={prices} canManage={canManage} />
        </CardContent>
      </Card>

      <Card aria-labelledby="env-providers-heading">
        <CardHeader>
          <CardTitle id="env-providers-heading">From the environment</CardTitle>
          <CardDescription>
            Set by the server&apos;s <InlineCode>OPENAI_BASE_URL</InlineCode>/<InlineCode>OPENAI_API_KEY</InlineCode> and{" "}
            <InlineCode>DASHSCOPE_API_KEY</InlineCode>, for every workspace; change them there.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <EnvironmentProviderList providers={environmentProviderViews()} />
        </CardContent>
      </Card>
    </div>
  );
}
