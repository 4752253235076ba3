"use client";

import { useState } from "react";
import { removeProvider } from "@/app/(console)/settings/providers/actions";
import { ConnectionResult, useConnectionTest } from "@/components/providers/connection-test";
import { ProviderForm } from "@/components/providers/provider-form";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import type { ProviderView } from "@/lib/providers/service";

type ProviderCardProps = {
  provider: ProviderView;
  /** Owners edit, test and delete; everyone else reads. */
  canManage: boolean;
  /** The provider's details, rendered on the server (times are relative to the request). */
  children: React.ReactNode;
};

/** One provider: its details, and for owners Edit (inline), Test connection and Delete. */
export function ProviderCard({ provider, canManage, children }: ProviderCardProps) {
  const [editing, setEditing] = useState(false);
  const test = useConnectionTest(provider.id);
  const headingId = `provider-${provider.id}-heading`;

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3 rounded-lg border p-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h3 id={headingId} className="font-mono text-sm font-semibold">
          {provider.name}
        </h3>
        {canManage ? (
          <div className="flex flex-wrap items-start justify-end gap-2">
            <Button variant="outline" size="sm" aria-label={`Test connection to ${provider.name}`} disabled={test.isPending} onClick={() => test.mutate()}>
              {test.isPending ? "Testing…" : "Test connection"}
            </Button>
            <Button variant="outline" size="sm" aria-label={`Edit ${provider.name}`} aria-expanded={editing} onClick={() => setEditing((open) => !open)}>
              Edit
            </Button>
            <ConfirmButton
              label="Delete"
              accessibleLabel={`Delete provider ${provider.name}`}
              question={`Runs using ${provider.name}/… models will fail.`}
              confirmLabel="Delete provider"
              action={removeProvider}
              input={{ id: provider.id }}
            />
          </div>
        ) : null}
      </div>
      {children}
      <ConnectionResult name={provider.name} test={test} />
      {canManage && editing ? (
        <div className="border-t pt-4">
          <ProviderForm
            key={provider.updatedAt.toString()}
            provider={provider}
            idPrefix={`edit-${provider.id}`}
            onSaved={() => {
              setEditing(false);
              test.reset();
            }}
            onCancel={() => setEditing(false)}
          />
        </div>
      ) : null}
    </section>
  );
}
