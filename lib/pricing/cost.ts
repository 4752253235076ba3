// A run's or a step's cost from its token usage and the model's price per 1M tokens. Pure: the
// engine applies it where it writes usage (lib/runs/segment.ts), the tests call it directly.

export type Price = { inputPerMillion: number; outputPerMillion: number; currency: string };
export type Cost = { amount: number; currency: string };
type Tokens = { prompt_tokens: number; completion_tokens: number };

// Floating point leaves noise below a billionth of a unit (0.1 + 0.2); nobody pays that.
const round = (amount: number) => Math.round(amount * 1e9) / 1e9;

export const costOf = (usage: Tokens, price: Price): Cost => ({
  amount: round((usage.prompt_tokens * price.inputPerMillion + usage.completion_tokens * price.outputPerMillion) / 1_000_000),
  currency: price.currency,
});

/**
 * The usage with its cost, or without one when the model has no price: a cost is stated only when
 * known. A run's model never changes, so a run's cost is its total tokens at the price (the same
 * as the sum of its model calls' costs).
 */
export function withCost<U extends Tokens & { cost?: Cost }>(usage: U, price: Price | null): U {
  const { cost: _previous, ...tokens } = usage;
  return (price ? { ...tokens, cost: costOf(usage, price) } : tokens) as U;
}
