import type { Cost } from "@/lib/pricing/cost";

// How the console writes an amount of money: the currency's symbol, and enough digits that a run
// costing a thousandth of a cent still says something other than $0.00. Client-safe.

export function formatCost(cost: Cost, locale?: string): string {
  const small = cost.amount !== 0 && Math.abs(cost.amount) < 0.01;
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency: cost.currency,
      ...(small ? { maximumSignificantDigits: 3 } : { minimumFractionDigits: 2, maximumFractionDigits: 4 }),
    }).format(cost.amount);
  } catch {
    // A code Intl does not know: the number and the code.
    return `${cost.amount} ${cost.currency}`;
  }
}

/** A price per 1M tokens as the table shows it. */
export const formatPerMillion = (amount: number, currency: string) => formatCost({ amount, currency });
