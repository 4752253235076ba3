"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller } from "react-hook-form";
import { saveModelPrice } from "@/app/(console)/settings/providers/actions";
import { FormError, FormInput } from "@/components/forms/form-input";
import { useActionForm } from "@/components/forms/use-action-form";
import { ModelInput } from "@/components/models/model-input";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { catalogPriceFor } from "@/lib/pricing/catalog";
import { CURRENCIES, modelPriceSchema, type ModelPriceFormValues } from "@/lib/pricing/schema";
import type { ModelPriceView } from "@/lib/pricing/service";

// Adds a model's price, or changes one (the model then stays as it is: a price belongs to its id).
// Typing a well-known model fills in its list price, unless a price was typed already.

type Props = { price?: ModelPriceView; idPrefix: string; onDone?: () => void };

const EMPTY: ModelPriceFormValues = { model: "", inputPerMillion: "", outputPerMillion: "", currency: "USD" };

const valuesOf = (price: ModelPriceView | undefined): ModelPriceFormValues =>
  price ? { model: price.model, inputPerMillion: String(price.inputPerMillion), outputPerMillion: String(price.outputPerMillion), currency: price.currency } : EMPTY;

export function ModelPriceForm({ price, idPrefix, onDone }: Props) {
  const router = useRouter();
  const [saved, setSaved] = useState<string | null>(null);
  const [listPrice, setListPrice] = useState<string | null>(null);
  const { form, onSubmit, formError } = useActionForm({
    schema: modelPriceSchema,
    action: saveModelPrice,
    defaultValues: valuesOf(price),
    onSuccess: (row) => {
      form.reset(valuesOf(price ? row : undefined));
      setSaved(row.model);
      setListPrice(null);
      onDone?.();
      router.refresh();
    },
  });
  const modelError = form.formState.errors.model?.message;
  const currencyError = form.formState.errors.currency?.message;
  const submitting = form.formState.isSubmitting;

  function fillListPrice(model: string) {
    const known = catalogPriceFor(model);
    const typed = form.getFieldState("inputPerMillion").isDirty || form.getFieldState("outputPerMillion").isDirty;
    if (!known || (typed && listPrice === null)) return;
    form.setValue("inputPerMillion", String(known.inputPerMillion));
    form.setValue("outputPerMillion", String(known.outputPerMillion));
    form.setValue("currency", known.currency);
    setListPrice(`${known.vendor}'s list price for ${known.model}, filled in: change it to what you pay.`);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" onChange={() => setSaved(null)}>
      <FormError message={formError} />
      <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_7rem]">
        {price ? (
          <Field id={`${idPrefix}-model`} label="Model">
            {(aria) => <input {...aria} readOnly value={price.model} className="h-9 rounded-md border bg-muted px-3 font-mono text-sm" />}
          </Field>
        ) : (
          <Field id={`${idPrefix}-model`} label="Model" error={typeof modelError === "string" ? modelError : undefined} hint="The id as runs use it.">
            {(aria) => (
              <Controller
                control={form.control}
                name="model"
                render={({ field }) => (
                  <ModelInput
                    {...aria}
                    name={field.name}
                    ref={field.ref}
                    value={field.value as string}
                    autoComplete="off"
                    spellCheck={false}
                    placeholder="gpt-4o-mini"
                    className="h-9 w-full rounded-md border bg-background px-3 font-mono text-sm shadow-xs outline-none focus-visible:ring-2 focus-visible:ring-ring/40 aria-invalid:border-destructive"
                    onChange={(event) => {
                      field.onChange(event.target.value);
                      fillListPrice(event.target.value);
                    }}
                    onPick={(model) => {
                      field.onChange(model);
                      fillListPrice(model);
                    }}
                    onBlur={field.onBlur}
                  />
                )}
              />
            )}
          </Field>
        )}
        <FormInput form={form} name="inputPerMillion" label="Input per 1M tokens" idPrefix={idPrefix} inputMode="decimal" autoComplete="off" placeholder="0.15" />
        <FormInput form={form} name="outputPerMillion" label="Output per 1M tokens" idPrefix={idPrefix} inputMode="decimal" autoComplete="off" placeholder="0.60" />
        <Field id={`${idPrefix}-currency`} label="Currency" error={typeof currencyError === "string" ? currencyError : undefined}>
          {(aria) => (
            <Select {...aria} {...form.register("currency")}>
              {CURRENCIES.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" size="sm" disabled={submitting}>
          {submitting ? "Saving…" : price ? "Save price" : "Add price"}
        </Button>
        {onDone && price ? (
          <Button variant="ghost" size="sm" onClick={onDone} disabled={submitting}>
            Cancel
          </Button>
        ) : null}
        <span role="status" className="text-sm text-muted-foreground">
          {saved ? `Saved the price of ${saved}; runs from now on state their cost.` : (listPrice ?? "")}
        </span>
      </div>
    </form>
  );
}
