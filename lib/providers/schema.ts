import { z } from "@/lib/zod";

// What a model provider configured in Settings → Providers is: one schema for the form
// (zodResolver), the server actions and the service. Client-safe: no server imports.

export const PROVIDER_KINDS = ["openai-compatible", "openai", "dashscope"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const PROVIDER_KIND_LABELS: Record<ProviderKind, string> = {
  "openai-compatible": "OpenAI-compatible",
  openai: "OpenAI",
  dashscope: "Alibaba Cloud Model Studio",
};

/** What the form puts in Base URL when the kind is picked; every kind speaks /chat/completions. */
export const DEFAULT_BASE_URLS: Record<ProviderKind, string> = {
  "openai-compatible": "",
  openai: "https://api.openai.com/v1",
  dashscope: "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
};

export const LOCAL_BASE_URL_EXAMPLE = "http://127.0.0.1:11434/v1";

/** The prefix of model ids (`name/model`); the same pattern tells a provider prefix from a plain id. */
export const PROVIDER_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Prefixes the environment's providers use (lib/providers/registry.ts): a workspace cannot take them. */
export const RESERVED_PROVIDER_NAMES = ["openai", "dashscope"] as const;

export const API_KEY_MAX = 4096;

const name = z
  .string()
  .trim()
  .min(1, "Name the provider: model ids use it as their prefix, like local/llama3.")
  .regex(PROVIDER_NAME_PATTERN, "Use 1–32 lower-case letters, digits, - or _, starting with a letter or digit.")
  .refine((value) => !(RESERVED_PROVIDER_NAMES as readonly string[]).includes(value), {
    message: "openai and dashscope are the environment's providers; choose another name.",
  });

/** Why a base URL is refused, or null. Loopback and private addresses are fine: local models are legitimate. */
export function baseUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full URL, like https://api.example.com/v1.";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "Use an http:// or https:// URL.";
  // The key goes in the Authorization header; credentials in the URL would be sent (and logged) too.
  if (url.username || url.password) return "Leave credentials out of the URL; put the key in API key.";
  // Atelier appends /chat/completions and /models to the base URL: a query or fragment would break them.
  if (value.includes("?") || value.includes("#")) return "Leave the query (?…) and fragment (#…) out of the URL.";
  return null;
}

/** `https://host:port/path` without trailing slashes, the form requests are built from. */
export function normalizeBaseUrl(value: string): string {
  const url = new URL(value);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

const baseUrl = z
  .string()
  .trim()
  .min(1, "Enter the provider's base URL (the part before /chat/completions).")
  .max(2048, "At most 2,048 characters.")
  .superRefine((value, ctx) => {
    // An empty or overlong value already has its message.
    const problem = value && value.length <= 2048 ? baseUrlProblem(value) : null;
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform(normalizeBaseUrl);

// A key is sent as an HTTP header value: no spaces or control characters, which pasting adds by accident.
const apiKey = z
  .string()
  .trim()
  .max(API_KEY_MAX, `At most ${API_KEY_MAX} characters.`)
  .regex(/^[\x21-\x7e]*$/, "An API key has no spaces or special characters; check what was pasted.");

const fields = {
  name,
  kind: z.enum(PROVIDER_KINDS, { error: "Choose a kind." }),
  baseUrl,
  /** Empty: no key on create; keep the stored one on edit (unless removeKey). */
  apiKey: apiKey.default(""),
  /** Edit only: clear the stored key. */
  removeKey: z.boolean().default(false),
};

function oneKeyChange(value: { apiKey: string; removeKey: boolean }, ctx: z.RefinementCtx): void {
  if (value.removeKey && value.apiKey) ctx.addIssue({ code: "custom", path: ["apiKey"], message: "Either enter a new key or remove the stored one, not both." });
}

export const providerFormSchema = z.object(fields).superRefine(oneKeyChange);
export type ProviderInput = z.output<typeof providerFormSchema>;
export type ProviderFormValues = z.input<typeof providerFormSchema>;

export const providerIdSchema = z.object({ id: z.string().min(1).max(64) });

/** The same fields, for an existing provider. */
export const providerUpdateSchema = z.object({ id: providerIdSchema.shape.id, ...fields }).superRefine(oneKeyChange);

/** `…3f9a`. Short keys show no characters: four would give away too much of them. */
export function apiKeyHint(key: string): string {
  return key.length >= 12 ? `…${key.slice(-4)}` : "…";
}
