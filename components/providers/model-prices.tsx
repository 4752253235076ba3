"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { removeModelPrice, saveModelPrice } from "@/app/(console)/settings/providers/actions";
import { callAction } from "@/components/forms/call-action";
import { ModelPriceForm } from "@/components/providers/model-price-form";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { PRICE_CATALOG, type CatalogPrice } from "@/lib/pricing/catalog";
import { formatPerMillion } from "@/lib/pricing/format";
import type { ModelPriceView } from "@/lib/pricing/service";

// Settings → Providers → Model prices: what each model costs this workspace, the run inspector's
// and the compare view's cost. Owners change them; list prices of well-known models are one click
// away, and never apply until added (lib/pricing/catalog.ts says why).

export function ModelPrices({ prices, canManage }: { prices: ModelPriceView[]; canManage: boolean }) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-5">
      {prices.length === 0 ? (
        <p className="rounded-lg border border-dashed px-4 py-6 text-center text-sm text-muted-foreground">No prices yet: runs state their tokens but no cost.</p>
      ) : (
        <div className="rounded-lg border">
          <Table label="Model prices">
            <TableHeader>
              <TableRow>
                <TableHead>Model</TableHead>
                <TableHead className="text-right">Input / 1M</TableHead>
                <TableHead className="text-right">Output / 1M</TableHead>
                <TableHead>Changed</TableHead>
                {canManage ? <TableHead className="sr-only">Actions</TableHead> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {prices.map((price) =>
                editing === price.model ? (
                  <TableRow key={price.model}>
                    <TableCell colSpan={5}>
                      <ModelPriceForm price={price} idPrefix={`edit-price-${price.model.replace(/[^a-z0-9]/gi, "-")}`} onDone={() => setEditing(null)} />
                    </TableCell>
                  </TableRow>
                ) : (
                  <TableRow key={price.model}>
                    <TableCell className="font-mono text-[0.8125rem]">{price.model}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatPerMillion(price.inputPerMillion, price.currency)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatPerMillion(price.outputPerMillion, price.currency)}</TableCell>
                    <TableCell className="text-muted-foreground">
                      <RelativeTime date={price.updatedAt} />
                    </TableCell>
                    {canManage ? (
                      <TableCell>
                        <div className="flex justify-end gap-2">
                          <Button size="sm" variant="outline" aria-label={`Edit the price of ${price.model}`} onClick={() => setEditing(price.model)}>
                            Edit
                          </Button>
                          <ConfirmButton
                            label="Remove"
                            accessibleLabel={`Remove the price of ${price.model}`}
                            question={`Remove the price of ${price.model}? Past runs keep their cost; new ones state none.`}
                            confirmLabel="Remove price"
                            action={removeModelPrice}
                            input={{ model: price.model }}
                          />
                        </div>
                      </TableCell>
                    ) : null}
                  </TableRow>
                ),
              )}
            </TableBody>
          </Table>
        </div>
      )}
      {canManage ? (
        <>
          <section aria-labelledby="add-price-heading" className="flex flex-col gap-2">
            <h3 id="add-price-heading" className="text-sm font-semibold">
              Add a price
            </h3>
            <ModelPriceForm idPrefix="new-price" />
          </section>
          <ListPrices saved={prices} />
        </>
      ) : (
        <p className="text-sm text-muted-foreground">Only owners can change prices.</p>
      )}
    </div>
  );
}

/** The catalog's models not priced yet, each added at its list price in one click (then editable). */
function ListPrices({ saved }: { saved: ModelPriceView[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const missing = PRICE_CATALOG.filter((entry) => !saved.some((price) => price.model === entry.model));
  if (missing.length === 0) return null;

  const add = (entries: readonly CatalogPrice[]) =>
    startTransition(async () => {
      setError(null);
      for (const entry of entries) {
        const result = await callAction(() =>
          saveModelPrice({ model: entry.model, inputPerMillion: String(entry.inputPerMillion), outputPerMillion: String(entry.outputPerMillion), currency: entry.currency }),
        );
        if (!result.ok) return setError(result.message);
      }
      router.refresh();
    });

  return (
    <details className="rounded-lg border px-3 py-2">
      <summary className="cursor-pointer text-sm font-medium">List prices of well-known models ({missing.length})</summary>
      <p className="mt-2 text-xs text-muted-foreground">
        OpenAI&apos;s standard tier and Model Studio&apos;s international one, in USD. They apply once added: check them against what you pay.
      </p>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <ul aria-label="List prices" className="mt-2 grid gap-1 sm:grid-cols-2">
        {missing.map((entry) => (
          <li key={entry.model} className="flex items-center justify-between gap-2 rounded-md px-2 py-1 text-sm hover:bg-muted/50">
            <span className="min-w-0">
              <span className="font-mono text-[0.8125rem]">{entry.model}</span>{" "}
              <span className="text-xs text-muted-foreground">
                {formatPerMillion(entry.inputPerMillion, entry.currency)} in · {formatPerMillion(entry.outputPerMillion, entry.currency)} out
              </span>
            </span>
            <Button size="sm" variant="ghost" className="h-7" disabled={pending} aria-label={`Add the list price of ${entry.model}`} onClick={() => add([entry])}>
              Add
            </Button>
          </li>
        ))}
      </ul>
      <Button size="sm" variant="outline" className="mt-2" disabled={pending} onClick={() => add(missing)}>
        {pending ? "Adding…" : `Add all ${missing.length}`}
      </Button>
    </details>
  );
}
