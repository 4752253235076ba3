// List prices of well-known models, in USD per 1M tokens (input, output), as the vendors publish
// them (OpenAI's standard tier; Model Studio's international deployment, its lowest input-length
// tier). Settings → Providers offers them to add in one click and fills them into the price form
// when a known model is typed; they never apply on their own: a workspace's contract, region or a
// look-alike model on a local server may price differently, and a cost that was never confirmed
// would mislead. Client-safe.

export type CatalogPrice = { model: string; vendor: "OpenAI" | "Model Studio"; inputPerMillion: number; outputPerMillion: number; currency: "USD" };

const openai = (model: string, inputPerMillion: number, outputPerMillion: number): CatalogPrice => ({ model, vendor: "OpenAI", inputPerMillion, outputPerMillion, currency: "USD" });
// Model Studio's models are reached through the environment's `dashscope` provider.
const qwen = (model: string, inputPerMillion: number, outputPerMillion: number): CatalogPrice => ({ model: `dashscope/${model}`, vendor: "Model Studio", inputPerMillion, outputPerMillion, currency: "USD" });

export const PRICE_CATALOG: readonly CatalogPrice[] = [
  openai("gpt-5", 1.25, 10),
  openai("gpt-5-mini", 0.25, 2),
  openai("gpt-5-nano", 0.05, 0.4),
  openai("gpt-4.1", 2, 8),
  openai("gpt-4.1-mini", 0.4, 1.6),
  openai("gpt-4.1-nano", 0.1, 0.4),
  openai("gpt-4o", 2.5, 10),
  openai("gpt-4o-mini", 0.15, 0.6),
  openai("o3", 2, 8),
  openai("o4-mini", 1.1, 4.4),
  openai("o3-mini", 1.1, 4.4),
  openai("gpt-4-turbo", 10, 30),
  openai("gpt-3.5-turbo", 0.5, 1.5),
  qwen("qwen3-max", 1.2, 6),
  qwen("qwen-max", 1.6, 6.4),
  qwen("qwen-plus", 0.4, 1.2),
  qwen("qwen-flash", 0.05, 0.4),
  qwen("qwen-turbo", 0.05, 0.2),
  qwen("qwq-plus", 0.8, 2.4),
];

/** The bare model id: `dashscope/qwen-plus` → `qwen-plus` (a provider prefix says where, not what). */
const bare = (model: string) => model.slice(model.indexOf("/") + 1);

/**
 * The list price of a model id, by its bare id: exactly, or a dated snapshot of it
 * (`gpt-4o-2024-08-06`, `qwen-plus-2025-01-25`); the longest catalog id wins (`gpt-4o-mini` over `gpt-4o`).
 */
export function catalogPriceFor(model: string): CatalogPrice | null {
  const id = bare(model.trim().toLowerCase());
  let best: CatalogPrice | null = null;
  for (const entry of PRICE_CATALOG) {
    const known = bare(entry.model);
    const matches = id === known || (id.startsWith(`${known}-`) && /^\d{4}-?\d{2}-?\d{2}$/.test(id.slice(known.length + 1)));
    if (matches && (!best || known.length > bare(best.model).length)) best = entry;
  }
  return best;
}
