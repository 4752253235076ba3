import { z } from "@/lib/zod";

// A model's price as Settings → Providers edits it: one schema for the form (zodResolver), the
// server actions and the service. Prices are typed as text (a form's inputs are) and leave as
// numbers. Client-safe.

export const CURRENCIES = ["USD", "CNY", "EUR", "GBP", "JPY", "SGD"] as const;

// The form sends what it typed; its resolver's output (numbers) reaches the server action, which
// parses again: a number is read as the text it would have been.
const price = (label: string) =>
  z.preprocess(
    (value) => (typeof value === "number" ? String(value) : value),
    z
      .string()
      .trim()
      .min(1, `Enter the ${label} price per 1M tokens (0 if free).`)
      .regex(/^\d{1,6}(\.\d{1,6})?$/, `The ${label} price is a number like 0.15, with up to 6 decimals.`)
      .transform(Number)
      .refine((value) => value <= 100_000, `The ${label} price is at most 100000 per 1M tokens.`),
  );

export const modelPriceSchema = z.object({
  model: z.string().trim().min(1, "Enter the model id as runs use it, like gpt-4o-mini or dashscope/qwen-plus.").max(256, "A model id is at most 256 characters."),
  inputPerMillion: price("input"),
  outputPerMillion: price("output"),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "Use a three-letter currency code, like USD."),
});

/** What the form holds: prices as typed. */
export type ModelPriceFormValues = { model: string; inputPerMillion: string; outputPerMillion: string; currency: string };
export type ModelPriceInput = z.output<typeof modelPriceSchema>;

export const modelPriceKeySchema = z.object({ model: z.string().trim().min(1).max(256) });
