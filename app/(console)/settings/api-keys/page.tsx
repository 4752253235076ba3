import type { Metadata } from "next";
import { listApiKeys } from "@/lib/auth/api-keys";
import { requirePageCaller } from "@/lib/auth/gate";
import { rolesUpTo } from "@/lib/auth/roles";
import { ApiKeyCreateForm } from "@/components/settings/api-key-create-form";
import { ApiKeyTable } from "@/components/settings/api-key-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { InlineCode } from "@/components/ui/inline-code";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const { caller } = await requirePageCaller();
  const keys = await listApiKeys(caller);
  return (
    <div className="flex flex-col gap-6">
      <Card aria-labelledby="new-key-heading">
        <CardHeader>
          <CardTitle id="new-key-heading">New API key</CardTitle>
          <CardDescription>
            Keys authenticate calls to <InlineCode>/api/v1</InlineCode> in this workspace. Only a hash is stored, so a key is shown once.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ApiKeyCreateForm roles={rolesUpTo(caller.role)} />
        </CardContent>
      </Card>
      <Card aria-labelledby="keys-heading">
        <CardHeader>
          <CardTitle id="keys-heading">Keys</CardTitle>
          <CardDescription>
            Operators can also create owner keys with <InlineCode>npm run apikey -- create --name &lt;name&gt;</InlineCode>; scripts and CI
            may use the server&apos;s <InlineCode>ATELIER_ADMIN_KEY</InlineCode>.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ApiKeyTable keys={keys} canRevoke={(key) => caller.role === "owner" || key.createdById === caller.userId} />
        </CardContent>
      </Card>
    </div>
  );
}
