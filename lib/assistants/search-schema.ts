import { z } from "@/lib/zod";

// The console's assistant list: search by name, filter by model and by one metadata key=value,
// keyset pages. Client-safe (the list component builds these from the URL).

export const CONSOLE_PAGE_SIZE = 20;

export const assistantSearchSchema = z.object({
  q: z.string().trim().max(256).default(""),
  model: z.string().trim().max(256).default(""),
  /** `key=value`; a key alone matches any value of it. */
  meta: z.string().trim().max(600).default(""),
  after: z.string().max(64).optional(),
  before: z.string().max(64).optional(),
});
export type AssistantSearch = z.infer<typeof assistantSearchSchema>;

export function parseMetaFilter(meta: string): { key: string; value: string | null } | null {
  if (!meta) return null;
  const at = meta.indexOf("=");
  return at === -1 ? { key: meta, value: null } : { key: meta.slice(0, at).trim(), value: meta.slice(at + 1).trim() };
}

/** The search as URL parameters (empty ones left out), for links and the address bar. */
export function searchToParams(search: Partial<AssistantSearch>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["q", "model", "meta", "after", "before"] as const) {
    const value = search[key];
    if (value) params.set(key, value);
  }
  return params;
}

export const assistantsQueryKey = (search: AssistantSearch) => ["assistants", search] as const;

/** The search as the URL states it (the source of truth: links, reloads and Back all keep it). */
export function searchFromParams(params: URLSearchParams | Record<string, string | string[] | undefined>): AssistantSearch {
  const get = (key: string) => {
    const value = params instanceof URLSearchParams ? params.get(key) : params[key];
    return (Array.isArray(value) ? value[0] : value) || undefined;
  };
  const parsed = assistantSearchSchema.safeParse({ q: get("q"), model: get("model"), meta: get("meta"), after: get("after"), before: get("before") });
  return parsed.success ? parsed.data : assistantSearchSchema.parse({});
}
